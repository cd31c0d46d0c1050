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
