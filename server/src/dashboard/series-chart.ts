import { DateTime } from 'luxon';
import { html } from '../http/html.js';
import type { SafeHtml } from '../http/html.js';
import type { RangeCounts, SeriesPoint } from '../query/index.js';
import { formatCount } from './format.js';

export type ChartInterval = RangeCounts['interval'];

const WIDTH = 760;
const HEIGHT = 220;
const PLOT = { left: 52, right: 8, top: 10, bottom: 26 };
/** At most about this many labels on the time axis. */
const X_LABELS = 8;
/** Above this many bars, per-bar tooltips cost more page weight than they are worth. */
const MAX_TOOLTIP_BARS = 400;

/** A round axis maximum ≥ value: 1, 2, 2.5 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value) ?? 10;
  return Math.max(1, step * power);
}

export function bucketTitle(t: string, interval: ChartInterval): string {
  const time = DateTime.fromISO(t, { setZone: true });
  if (!time.isValid) return t;
  return interval === 'day' ? time.toFormat('ccc, MMM d') : time.toFormat('MMM d, HH:mm');
}

interface Geometry {
  x(i: number): number;
  y(value: number): number;
  barWidth: number;
  plotBottom: number;
}

function geometry(points: number, max: number): Geometry {
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const slot = plotWidth / Math.max(points, 1);
  return {
    x: (i) => PLOT.left + i * slot,
    y: (value) => PLOT.top + plotHeight * (1 - value / max),
    barWidth: Math.max(slot * (points > 90 ? 1 : 0.78), 0.5),
    plotBottom: HEIGHT - PLOT.bottom,
  };
}

/** One path of rectangles: far lighter than one element per bar for 1,440 minutes. */
function barsPath(series: readonly SeriesPoint[], value: (p: SeriesPoint) => number, g: Geometry): string {
  return series
    .map((point, i) => {
      const v = value(point);
      if (v <= 0) return '';
      const top = g.y(v);
      return `M${g.x(i).toFixed(2)} ${g.plotBottom}V${top.toFixed(2)}h${g.barWidth.toFixed(2)}V${g.plotBottom}z`;
    })
    .join('');
}

function gridLines(max: number, g: Geometry): SafeHtml[] {
  return [0, 0.5, 1].map((fraction) => {
    const y = g.y(max * fraction).toFixed(2);
    return html`<line class="grid" x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y}" y2="${y}"/>
<text class="axis" x="${PLOT.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${formatCount(max * fraction, true)}</text>`;
  });
}

const BUCKET_MINUTES: Record<ChartInterval, number> = { minute: 1, hour: 60, day: 1440 };
/** Label spacings that read well on a time axis, in minutes. */
const LABEL_STEPS = [1, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880, 4320, 10080];
const DAY_MINUTES = 1440;

/** Which buckets get an axis label: round local times (every 4 h, every midnight, every week…). */
function labelled(series: readonly SeriesPoint[], interval: ChartInterval): { index: number; text: string }[] {
  const wanted = (series.length * BUCKET_MINUTES[interval]) / X_LABELS;
  const step = LABEL_STEPS.find((s) => s >= wanted && s >= BUCKET_MINUTES[interval]) ?? 10080;
  const labels: { index: number; text: string }[] = [];
  let lastDay: number | undefined;
  series.forEach((point, index) => {
    const time = DateTime.fromISO(point.t, { setZone: true });
    if (!time.isValid) return;
    const minuteOfDay = time.hour * 60 + time.minute;
    if (step < DAY_MINUTES) {
      if (minuteOfDay % step === 0) labels.push({ index, text: time.toFormat('HH:mm') });
      return;
    }
    if (minuteOfDay !== 0) return;
    const day = Math.round(time.startOf('day').toSeconds() / 86_400);
    if (lastDay === undefined || day - lastDay >= step / DAY_MINUTES) {
      labels.push({ index, text: time.toFormat('MMM d') });
      lastDay = day;
    }
  });
  return labels;
}

function xLabels(series: readonly SeriesPoint[], interval: ChartInterval, g: Geometry): SafeHtml[] {
  return labelled(series, interval).map(({ index, text }) => {
    const x = g.x(index) + g.barWidth / 2;
    // A label centred on the last bars would be cut off at the edge: right-align it there.
    const nearEnd = x > WIDTH - PLOT.right - 24;
    return html`<text class="axis" x="${(nearEnd ? WIDTH - PLOT.right : x).toFixed(2)}" y="${HEIGHT - 8}" text-anchor="${nearEnd ? 'end' : 'middle'}">${text}</text>`;
  });
}

function tooltips(series: readonly SeriesPoint[], interval: ChartInterval, g: Geometry): SafeHtml[] {
  if (series.length > MAX_TOOLTIP_BARS) return [];
  const slot = g.x(1) - g.x(0);
  return series.map(
    (point, i) =>
      html`<rect class="hit" x="${g.x(i).toFixed(2)}" y="${PLOT.top}" width="${slot.toFixed(2)}" height="${(g.plotBottom - PLOT.top).toFixed(2)}"><title>${bucketTitle(point.t, interval)}: ${formatCount(point.count)} requests${point.errors ? `, ${formatCount(point.errors)} errors` : ''}</title></rect>`,
  );
}

/** A moment drawn on the chart as a vertical line (a release): a short label on top, the whole text on hover. */
export interface ChartMarker {
  /** Unix seconds. */
  at: number;
  label: string;
  title: string;
}

/** Where `at` falls on the time axis: its bucket, and how far into it; null outside the series. */
function markerX(series: readonly SeriesPoint[], interval: ChartInterval, at: number, g: Geometry): number | null {
  const starts = series.map((point) => DateTime.fromISO(point.t, { setZone: true }));
  const last = starts[starts.length - 1];
  if (!last?.isValid) return null;
  const end = last.plus({ [interval]: 1 }).toSeconds();
  const index = starts.findLastIndex((start) => start.toSeconds() <= at);
  if (index < 0 || at >= end) return null;
  const from = starts[index]!.toSeconds();
  const to = starts[index + 1]?.toSeconds() ?? end;
  return g.x(index) + (g.x(1) - g.x(0)) * ((at - from) / (to - from));
}

/** Labels closer than this to the previous one are left out (the hover text still names the release). */
const MARKER_LABEL_GAP = 34;

function markerLines(series: readonly SeriesPoint[], interval: ChartInterval, markers: readonly ChartMarker[], g: Geometry): SafeHtml[] {
  let lastLabelX = Number.NEGATIVE_INFINITY;
  return markers.flatMap((marker) => {
    const x = markerX(series, interval, marker.at, g);
    if (x === null) return [];
    const labelled = x - lastLabelX >= MARKER_LABEL_GAP;
    if (labelled) lastLabelX = x;
    // Near the right edge the label goes left of its line, so it is not cut off.
    const leftOf = x > WIDTH - PLOT.right - MARKER_LABEL_GAP;
    const px = x.toFixed(2);
    return [
      html`<g class="release" data-testid="release-marker"><title>${marker.title}</title>
<line x1="${px}" x2="${px}" y1="${PLOT.top}" y2="${g.plotBottom}"/><line class="release-hit" x1="${px}" x2="${px}" y1="${PLOT.top}" y2="${g.plotBottom}"/>
${labelled ? html`<text class="release-label" x="${(leftOf ? x - 3 : x + 3).toFixed(2)}" y="${PLOT.top + 9}" text-anchor="${leftOf ? 'end' : 'start'}">${marker.label}</text>` : ''}</g>`,
    ];
  });
}

/** The compared period as a step line over the bars, bucket i over bucket i. */
function previousPath(previous: readonly SeriesPoint[], g: Geometry, slots: number): string {
  const slot = g.x(1) - g.x(0);
  return previous
    .slice(0, slots)
    .map((point, i) => `${i === 0 ? 'M' : 'H'}${g.x(i).toFixed(2)} V${g.y(point.count).toFixed(2)} H${(g.x(i) + slot).toFixed(2)}`)
    .join(' ');
}

/**
 * Requests (and errors) per bucket as a server-rendered SVG bar chart: readable without
 * JavaScript. `previous`, the period compared with, is drawn over it as a line; `markers`
 * (releases) as vertical lines, above the bars' tooltips so their own hover text wins.
 */
export function seriesChart(
  series: readonly SeriesPoint[],
  interval: ChartInterval,
  label: string,
  previous?: readonly SeriesPoint[],
  markers: readonly ChartMarker[] = [],
): SafeHtml {
  const overlay = previous?.slice(0, series.length) ?? [];
  const max = niceMax(Math.max(0, ...series.map((p) => p.count), ...overlay.map((p) => p.count)));
  const g = geometry(series.length, max);
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${label}" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">
${gridLines(max, g)}
<path class="bars" d="${barsPath(series, (p) => p.count, g)}"/>
<path class="bars-error" d="${barsPath(series, (p) => p.errors, g)}"/>
${overlay.length > 0 ? html`<path class="previous" data-testid="chart-previous" d="${previousPath(overlay, g, series.length)}"/>` : ''}
${xLabels(series, interval, g)}
${tooltips(series, interval, g)}
${markerLines(series, interval, markers, g)}
</svg>`;
}
