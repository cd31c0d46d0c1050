import type { SeriesPoint } from '../../contract/api.js';

const BLOCKS = '▁▂▃▄▅▆▇█';

/** One block per value, scaled to the largest; any non-zero value shows above the baseline. */
export function sparkline(values: number[]): string {
  const max = Math.max(0, ...values);
  return values
    .map((value) => {
      if (value <= 0 || max === 0) return BLOCKS[0];
      const level = Math.max(1, Math.ceil((value / max) * (BLOCKS.length - 1)));
      return BLOCKS[level];
    })
    .join('');
}

/** Sums neighbouring buckets so the series fits in `width` columns; each point keeps its first bucket's time. */
export function fitSeries(series: SeriesPoint[], width: number): SeriesPoint[] {
  const group = Math.max(1, Math.ceil(series.length / width));
  if (group === 1) return series;
  const fitted: SeriesPoint[] = [];
  for (let start = 0; start < series.length; start += group) {
    const slice = series.slice(start, start + group);
    fitted.push({
      t: slice[0]!.t,
      count: slice.reduce((sum, point) => sum + point.count, 0),
      errors: slice.reduce((sum, point) => sum + point.errors, 0),
    });
  }
  return fitted;
}
