import { expect } from 'chai';
import { boundaries, ceilTo, fixedGrid, localIso, timeGrid } from '../../src/query/time-grid.js';
import type { Interval } from '../../src/query/time-grid.js';

const at = (iso: string): number => Date.parse(iso) / 1000;
const utc = (t: number): string => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

describe('time grids (query/time-grid.ts)', () => {
  // [unit, zone, a time, the start of its bucket, the start of the next one], all in UTC.
  const cases: Array<[Interval, string, string, string, string]> = [
    ['minute', 'UTC', '2026-11-24T12:34:56Z', '2026-11-24T12:34:00Z', '2026-11-24T12:35:00Z'],
    ['hour', 'UTC', '2026-11-24T12:34:56Z', '2026-11-24T12:00:00Z', '2026-11-24T13:00:00Z'],
    ['day', 'UTC', '2026-11-24T12:34:56Z', '2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z'],
    // DST days: 23 hours in spring, 25 in autumn.
    ['day', 'Europe/Berlin', '2026-03-29T12:00:00Z', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z'],
    ['day', 'Europe/Berlin', '2026-10-25T12:00:00Z', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z'],
    ['day', 'America/New_York', '2026-03-08T12:00:00Z', '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z'],
    ['day', 'America/New_York', '2026-11-01T12:00:00Z', '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z'],
    // Half-hour DST: 23.5 and 24.5 hours.
    ['day', 'Australia/Lord_Howe', '2026-10-04T00:00:00Z', '2026-10-03T13:30:00Z', '2026-10-04T13:00:00Z'],
    ['day', 'Australia/Lord_Howe', '2026-04-05T00:00:00Z', '2026-04-04T13:00:00Z', '2026-04-05T13:30:00Z'],
    // Local hours around the change: 02:00 CET is skipped in spring, 02:00 comes twice in autumn.
    ['hour', 'Europe/Berlin', '2026-03-29T00:30:00Z', '2026-03-29T00:00:00Z', '2026-03-29T01:00:00Z'],
    ['hour', 'Europe/Berlin', '2026-03-29T01:30:00Z', '2026-03-29T01:00:00Z', '2026-03-29T02:00:00Z'],
    ['hour', 'Europe/Berlin', '2026-10-25T00:30:00Z', '2026-10-25T00:00:00Z', '2026-10-25T01:00:00Z'],
    ['hour', 'Europe/Berlin', '2026-10-25T01:30:00Z', '2026-10-25T01:00:00Z', '2026-10-25T02:00:00Z'],
    // +05:30 and +05:45: local hours and days start off the UTC hour.
    ['hour', 'Asia/Kolkata', '2026-11-24T12:34:56Z', '2026-11-24T12:30:00Z', '2026-11-24T13:30:00Z'],
    ['day', 'Asia/Kolkata', '2026-11-24T12:34:56Z', '2026-11-23T18:30:00Z', '2026-11-24T18:30:00Z'],
    ['hour', 'Asia/Kathmandu', '2026-11-24T12:34:56Z', '2026-11-24T12:15:00Z', '2026-11-24T13:15:00Z'],
    ['day', 'Asia/Kathmandu', '2026-11-24T12:34:56Z', '2026-11-23T18:15:00Z', '2026-11-24T18:15:00Z'],
    ['minute', 'Asia/Kathmandu', '2026-11-24T12:34:56Z', '2026-11-24T12:34:00Z', '2026-11-24T12:35:00Z'],
    // A bucket start is its own floor.
    ['hour', 'Asia/Kolkata', '2026-11-24T12:30:00Z', '2026-11-24T12:30:00Z', '2026-11-24T13:30:00Z'],
  ];
  for (const [unit, zone, time, floor, next] of cases) {
    it(`${unit} in ${zone}: ${time} lies in [${floor}, ${next})`, () => {
      const grid = timeGrid(unit, zone);
      expect(utc(grid.floor(at(time)))).to.equal(floor);
      expect(utc(grid.next(grid.floor(at(time))))).to.equal(next);
    });
  }

  // [zone, local day start, number of local hours in it]
  const hoursPerDay: Array<[string, string, number]> = [
    ['Europe/Berlin', '2026-03-28T23:00:00Z', 23],
    ['Europe/Berlin', '2026-10-24T22:00:00Z', 25],
    ['Asia/Kolkata', '2026-11-23T18:30:00Z', 24],
    ['Asia/Kathmandu', '2026-11-23T18:15:00Z', 24],
  ];
  for (const [zone, dayStart, hours] of hoursPerDay) {
    it(`a ${zone} day from ${dayStart} has ${hours} local hours`, () => {
      const start = at(dayStart);
      const end = timeGrid('day', zone).next(start);
      const edges = boundaries(timeGrid('hour', zone), start, end);
      expect(edges).to.have.length(hours + 1);
      expect(edges.at(-1)).to.equal(end);
      expect(end - start).to.equal(hours * 3600);
    });
  }

  it('rounds up to the next boundary, and leaves a boundary as it is', () => {
    const kolkata = timeGrid('hour', 'Asia/Kolkata');
    expect(utc(ceilTo(kolkata, at('2026-11-24T12:31:00Z')))).to.equal('2026-11-24T13:30:00Z');
    expect(utc(ceilTo(kolkata, at('2026-11-24T12:30:00Z')))).to.equal('2026-11-24T12:30:00Z');
    expect(utc(ceilTo(fixedGrid(3600), at('2026-11-24T12:30:00Z')))).to.equal('2026-11-24T13:00:00Z');
  });

  it('names bucket starts in local time with the offset of that moment', () => {
    expect(localIso(at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).to.equal('2026-03-29T03:00:00+02:00');
    expect(localIso(at('2026-03-29T00:00:00Z'), 'Europe/Berlin')).to.equal('2026-03-29T01:00:00+01:00');
    expect(localIso(at('2026-11-24T12:15:00Z'), 'Asia/Kathmandu')).to.equal('2026-11-24T18:00:00+05:45');
  });
});
