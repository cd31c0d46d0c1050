import { expect } from 'chai';
import { DateTime } from 'luxon';
import { niceMax, seriesChart } from '../../src/dashboard/series-chart.js';
import type { ChartInterval } from '../../src/dashboard/series-chart.js';

function series(start: string, points: number, interval: ChartInterval, zone = 'UTC') {
  const first = DateTime.fromISO(start, { zone });
  return Array.from({ length: points }, (_, i) => ({
    t: first.plus({ [interval]: i }).toISO({ suppressMilliseconds: true }) ?? '',
    count: i,
    errors: i % 2,
  }));
}

const axisLabels = (svg: string) => [...svg.matchAll(/class="axis" x="[^"]+" y="212"[^>]*>([^<]+)</g)].map((m) => m[1]);

describe('series chart', () => {
  it('rounds the axis maximum up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 24, 99, 101, 2136].map(niceMax)).to.deep.equal([1, 1, 5, 10, 25, 100, 200, 2500]);
  });

  it('labels 24 hourly bars at round local hours', () => {
    const svg = seriesChart(series('2026-11-23T12:00', 25, 'hour', 'Asia/Tokyo'), 'hour', 'test').markup;
    expect(axisLabels(svg)).to.deep.equal(['12:00', '16:00', '20:00', '00:00', '04:00', '08:00', '12:00']);
  });

  it('labels a week of hours and a day of minutes sensibly', () => {
    expect(axisLabels(seriesChart(series('2026-11-17T13:00', 169, 'hour'), 'hour', 'week').markup)).to.deep.equal([
      'Nov 18', 'Nov 19', 'Nov 20', 'Nov 21', 'Nov 22', 'Nov 23', 'Nov 24',
    ]);
    expect(axisLabels(seriesChart(series('2026-11-23T12:07', 1441, 'minute'), 'minute', 'day').markup)).to.deep.equal([
      '16:00', '20:00', '00:00', '04:00', '08:00', '12:00',
    ]);
  });

  it('draws one bar per non-empty bucket, errors on top, and a tooltip per bar for short series', () => {
    const svg = seriesChart(series('2026-11-01T00:00', 31, 'day'), 'day', 'Requests per day').markup;
    expect(svg).to.include('aria-label="Requests per day"');
    const bars = /class="bars" d="([^"]*)"/.exec(svg)?.[1] ?? '';
    expect(bars.match(/M/g)).to.have.length(30);
    expect(svg).to.include('<title>Sun, Nov 1: 0 requests</title>');
    expect(svg).to.include('<title>Mon, Nov 2: 1 requests, 1 errors</title>');
  });
});

describe('series chart: release markers', () => {
  const day = series('2026-11-24T00:00', 24, 'hour');
  const at = (iso: string) => Date.parse(iso) / 1000;
  const markers = (svg: string) =>
    [...svg.matchAll(/<g class="release" data-testid="release-marker"><title>([^<]*)<\/title>\n<line x1="([^"]+)"[\s\S]*?<\/g>/g)].map((m) => ({ title: m[1], x: Number(m[2]), labelled: m[0].includes('release-label') }));

  it('draws a line where the release happened inside its bucket, labelled, with the whole text on hover', () => {
    const svg = seriesChart(day, 'hour', 'day', undefined, [{ at: at('2026-11-24T10:30:00Z'), label: 'v42', title: 'v42 · Deploy 3f2a1b · Nov 24, 10:30' }]).markup;
    // 24 slots over 700 px from x = 52: half-way through the 11th.
    expect(markers(svg)).to.deep.equal([{ title: 'v42 · Deploy 3f2a1b · Nov 24, 10:30', x: 358.25, labelled: true }]);
    expect(svg).to.match(/<text class="release-label" x="361.25" y="19" text-anchor="start">v42<\/text>/);
    // Drawn after the bars' tooltips, so hovering the line shows the release, not the bar.
    expect(svg.lastIndexOf('class="hit"')).to.be.lessThan(svg.indexOf('class="release"'));
  });

  it('leaves out releases outside the range, labels crowded ones once, and keeps a label at the right edge inside', () => {
    const svg = seriesChart(day, 'hour', 'day', undefined, [
      { at: at('2026-11-23T23:59:00Z'), label: 'v1', title: 'before' },
      { at: at('2026-11-24T05:00:00Z'), label: 'v2', title: 'v2' },
      { at: at('2026-11-24T05:20:00Z'), label: 'v3', title: 'v3' },
      { at: at('2026-11-24T23:50:00Z'), label: 'v4', title: 'v4' },
      { at: at('2026-11-25T00:00:00Z'), label: 'v5', title: 'after' },
    ]).markup;
    expect(markers(svg).map((m) => [m.title, m.labelled])).to.deep.equal([['v2', true], ['v3', false], ['v4', true]]);
    expect(svg).to.match(/text-anchor="end">v4<\/text>/);
  });

  it('places a marker by the buckets\' own times, so a 25-hour DST day is not off by an hour', () => {
    const days = series('2026-10-20T00:00', 10, 'day', 'Europe/Berlin');
    const svg = seriesChart(days, 'day', 'days', undefined, [{ at: at('2026-10-25T12:30:00+01:00'), label: 'v9', title: 'v9' }]).markup;
    // Oct 25 (25 hours) is the 6th of 10 slots of 70 px; 12:30 local is 13.5 of its 25 hours.
    expect(markers(svg)[0]!.x).to.be.closeTo(52 + 70 * (5 + 13.5 / 25), 0.01);
  });
});
