const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** 1234567 → "1,234,567"; compact: "1.2M". */
export function formatCount(n: number, short = false): string {
  return short ? compact.format(n) : whole.format(n);
}

/** A share as a percentage with one decimal where it matters: 0.4 %, 12 %, 99.9 %. */
export function formatShare(part: number, total: number): string {
  if (total <= 0) return '0%';
  const percent = (100 * part) / total;
  const digits = percent > 0 && percent < 10 ? 1 : 0;
  return `${percent.toFixed(digits)}%`;
}

/** A change in percent as the dashboard shows it: "+12 %", "−2.5 %", "±0 %"; null (nothing before) as "new". */
export function formatChange(percent: number | null): string {
  if (percent === null) return 'new';
  if (percent === 0) return '±0 %';
  const size = Math.abs(percent);
  return `${percent > 0 ? '+' : '−'}${size >= 10 ? Math.round(size) : size} %`;
}
