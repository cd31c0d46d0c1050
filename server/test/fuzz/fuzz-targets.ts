import type { TestServer } from '../support/test-server.js';

/**
 * Fuzz targets: property-based tests against the real server (`npm run fuzz`, and a few
 * thousand cases of each in `npm test`). A target gets a running test server of the store under
 * test and runs `cases` generated cases from `seed`; it reports what it saw rather than
 * throwing, so a long run always ends with figures. Add a target to FUZZ_TARGETS to run it.
 */
export interface FuzzOptions {
  cases: number;
  seed: number;
}

export interface FuzzReport {
  target: string;
  cases: number;
  /** HTTP status → responses. */
  statuses: Record<number, number>;
  /** Cases whose checks failed (a run stops at the first, after shrinking it). */
  failures: number;
  /** Requests the oracle expected that were not counted (drain target). */
  lost?: number;
  bystanderLost?: number;
  /** fast-check's report of the smallest failing case. */
  counterexample?: string;
}

export interface FuzzTarget {
  name: string;
  run(server: TestServer, options: FuzzOptions): Promise<FuzzReport>;
}

/** The fixed seed of `npm test`'s runs (a long run takes --seed to explore others). */
export const FUZZ_SEED = 20261123;

export function formatReport(store: string, report: FuzzReport, seconds: number): string {
  const statuses = Object.entries(report.statuses)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
  const lost = report.lost === undefined ? '' : ` lost=${report.lost} bystander_lost=${report.bystanderLost ?? 0}`;
  return `fuzz target=${report.target} store=${store} cases=${report.cases} failures=${report.failures} statuses="${statuses}"${lost} seconds=${seconds.toFixed(1)}`;
}
