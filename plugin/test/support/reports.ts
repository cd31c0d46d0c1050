import type { CountsReport, TopReport } from '../../src/contract/api.js';

/** A /api/counts answer shaped as the contract says, for the tests that fake the Vanity server. */
export function countsReport(overrides: Partial<CountsReport> = {}): CountsReport {
  const series = [0, 3, 10, 0, 5, 20].map((count, hour) => ({
    t: `2026-11-23T${String(6 + hour).padStart(2, '0')}:00:00+05:30`,
    count,
    errors: count === 20 ? 2 : 0,
  }));
  return {
    resource: { id: '01234567-89ab-cdef-0123-456789abcdef', name: 'myapp-vanity', plan: 'hobby', timezone: 'UTC' },
    tz: 'Asia/Kolkata',
    interval: 'hour',
    since: '2026-11-23T06:00:00+05:30',
    until: '2026-11-23T12:00:00+05:30',
    total: 123456,
    sum: 38,
    errors: 2,
    lost_lines: 0,
    recent: { last_hour: 20, today: 38, last_7_days: 1000, last_30_days: 5000 },
    by_status_class: { '1xx': 0, '2xx': 30, '3xx': 2, '4xx': 4, '5xx': 2 },
    router_errors: {},
    service_ms: { p50: 20, p95: 200, p99: 900 },
    series,
    recent_approximate: false,
    approximate: false,
    series_approximate: false,
    breakdowns_approximate: false,
    milestones: [],
    releases: [],
    ...overrides,
  };
}

export function topReport(overrides: Partial<TopReport> = {}): TopReport {
  return {
    by: 'path',
    tz: 'UTC',
    since: '2026-11-22T12:00:00+00:00',
    until: '2026-11-23T12:00:00+00:00',
    sum: 100,
    items: [
      { key: '/users/:id', count: 60 },
      { key: '/', count: 30 },
    ],
    other: 10,
    approximate: false,
    ...overrides,
  };
}
