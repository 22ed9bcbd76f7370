// Failures per minute by error code as stacked bars in inline SVG, drawn here: the page loads nothing from outside.
import { el, replace, svg } from './dom.js';
import { hhmm, plural } from './format.js';

// Okabe-Ito: told apart with the common colour-vision deficiencies, and all readable on the dark background
const PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#D55E00', '#CC79A7', '#3C9BE8'];

let lastDrawn = null;

/** A code keeps its colour across refreshes and sites: the colour follows from the code alone. */
export function colourOf(code) {
  let h = 0;
  for (const c of code) {
    h = (h * 31 + c.codePointAt(0)) >>> 0;
  }
  return PALETTE[h % PALETTE.length];
}

/**
 * The report's windows summed over proxies into one bucket per window and code.
 * @returns {{from: number, to: number, step: number, buckets: Array<{start: number, counts: Map<string, number>,
 *   total: number}>, codes: Array<{code: string, errorClass: string, total: number}>, total: number, max: number}}
 */
export function failureSeries(report) {
  const step = report.windowSizeMs;
  const from = Math.floor(Date.parse(report.from) / step) * step;
  const to = Date.parse(report.to);
  const buckets = [];
  for (let start = from; start < to; start += step) {
    buckets.push({ start, counts: new Map(), total: 0 });
  }
  const codes = new Map();
  for (const w of report.windows) {
    const index = Math.floor((Date.parse(w.windowStart) - from) / step);
    if (index < 0 || index >= buckets.length) {
      continue;
    }
    const bucket = buckets[index];
    bucket.counts.set(w.errorCode, (bucket.counts.get(w.errorCode) ?? 0) + w.count);
    bucket.total += w.count;
    const c = codes.get(w.errorCode) ?? { code: w.errorCode, errorClass: w.errorClass, total: 0 };
    c.total += w.count;
    codes.set(w.errorCode, c);
  }
  const sortedCodes = [...codes.values()].sort((a, b) => b.total - a.total || a.code.localeCompare(b.code));
  return {
    from, to, step, buckets, codes: sortedCodes,
    total: sortedCodes.reduce((n, c) => n + c.total, 0),
    max: buckets.reduce((m, b) => Math.max(m, b.total), 0),
  };
}

/** A count axis in whole steps of 1, 2 or 5 times a power of ten, about four of them: read at a glance. */
function countAxis(max) {
  const rough = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks = [];
  for (let n = 0; n <= top; n += step) {
    ticks.push(n);
  }
  return { top, ticks };
}

const TICK_MINUTES = [1, 5, 10, 15, 30, 60, 120, 180, 240, 360];

function timeTicks(from, to) {
  const spanMinutes = (to - from) / 60000;
  const minutes = TICK_MINUTES.find((m) => spanMinutes / m <= 8) ?? 720;
  const step = minutes * 60000;
  const ticks = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    ticks.push(t);
  }
  return ticks;
}

/** Draws again at the figure's current size: after a resize or a change of type size. */
export function redrawChart() {
  if (lastDrawn) {
    renderChart(...lastDrawn);
  }
}

/**
 * Drawn in the figure's own pixels (not scaled from a fixed viewBox), so axis labels keep the page's type size on a
 * laptop and on a wall display alike.
 */
export function renderChart(figure, legend, table, site, hours, series) {
  lastDrawn = [figure, legend, table, site, hours, series];
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const width = Math.max(320, figure.clientWidth || 640);
  const height = Math.round(Math.min(Math.max(width * 0.42, 14 * rem), 30 * rem));
  const margin = { top: rem, right: rem, bottom: 2.2 * rem, left: 3 * rem };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const axis = countAxis(series.max);
  const top = axis.top;
  const x = (t) => margin.left + ((t - series.from) / (series.to - series.from)) * plotW;
  const y = (n) => margin.top + plotH - (n / top) * plotH;
  // a lone minute in a long range must still show: bars are at least 3 px wide, and kept inside the plot
  const barW = Math.max(3, (series.step / (series.to - series.from)) * plotW - 1);
  const barX = (start) => Math.min(x(start), margin.left + plotW - barW);

  const summary = series.total === 0
    ? `No failures at ${site} in the last ${plural(hours, 'hour')}.`
    : `${plural(series.total, 'failure')} at ${site} in the last ${plural(hours, 'hour')}, at most ${series.max} in one `
      + `minute: ${series.codes.map((c) => `${c.code} ${c.total}`).join(', ')}.`;

  const grid = axis.ticks.map((n) => svg('g', { class: 'y-tick' },
    svg('line', { x1: margin.left, x2: width - margin.right, y1: y(n), y2: y(n) }),
    svg('text', { x: margin.left - 0.5 * rem, y: y(n), 'text-anchor': 'end', 'dominant-baseline': 'middle' },
      String(n))));
  const xTicks = timeTicks(series.from, series.to).map((t) => svg('g', { class: 'x-tick' },
    svg('line', { x1: x(t), x2: x(t), y1: margin.top + plotH, y2: margin.top + plotH + 5 }),
    svg('text', { x: x(t), y: height - 0.6 * rem, 'text-anchor': 'middle' }, hhmm(t))));
  const bars = [];
  for (const bucket of series.buckets) {
    let stacked = 0;
    for (const c of series.codes) {
      const n = bucket.counts.get(c.code);
      if (!n) {
        continue;
      }
      bars.push(svg('rect', {
        class: 'bar', 'data-code': c.code, 'data-count': n, fill: colourOf(c.code),
        x: barX(bucket.start), y: y(stacked + n), width: barW, height: y(stacked) - y(stacked + n),
      }, svg('title', {}, `${hhmm(bucket.start)}: ${c.code} (${c.errorClass}) ${plural(n, 'failure')}`)));
      stacked += n;
    }
  }

  replace(figure,
    svg('svg', {
      class: 'chart-svg', width: width, height: height, viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-label': summary,
    },
    svg('g', { class: 'grid' }, grid),
    svg('line', {
      class: 'axis', x1: margin.left, x2: width - margin.right, y1: margin.top + plotH, y2: margin.top + plotH,
    }),
    svg('g', { class: 'x-ticks' }, xTicks),
    svg('g', { class: 'bars' }, bars),
    series.total === 0
      ? svg('text', { class: 'no-data', x: margin.left + plotW / 2, y: margin.top + plotH / 2, 'text-anchor': 'middle' },
        'No failures in this range')
      : null),
    el('figcaption', { class: 'visually-hidden' }, summary));

  replace(legend, series.codes.map((c) => el('li', {},
    el('span', { class: 'swatch', 'data-colour': colourOf(c.code), 'aria-hidden': 'true' }),
    el('span', { class: 'legend-code' }, c.code),
    el('span', { class: 'legend-class' }, c.errorClass),
    el('span', { class: 'legend-total' }, plural(c.total, 'failure')))));
  for (const swatch of legend.querySelectorAll('.swatch')) {
    swatch.style.backgroundColor = swatch.dataset.colour;
  }

  renderTable(table, series);
}

/** The same figures as a table: for screen readers, and for copying into a ticket. */
function renderTable(table, series) {
  const rows = series.buckets.filter((b) => b.total > 0);
  if (rows.length === 0) {
    replace(table, el('p', {}, 'No failures in this range.'));
    return;
  }
  replace(table, el('table', {},
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Minute'),
      series.codes.map((c) => el('th', { scope: 'col' }, c.code)), el('th', { scope: 'col' }, 'All'))),
    el('tbody', {}, rows.map((b) => el('tr', {},
      el('th', { scope: 'row' }, hhmm(b.start)),
      series.codes.map((c) => el('td', {}, String(b.counts.get(c.code) ?? 0))),
      el('td', {}, String(b.total)))))));
}
