// A lesson's 1-D plot with stacked curves (lessons.md q1: each hidden neuron's contribution stacked under
// the fitted curve): series stacked on one another (positive parts up, negative parts down, d3's diverging
// offset; or each on the running sum of the ones before), an optional total curve, more curves and points on
// top, shaded x-ranges and marked x's behind. It draws only what update() is given.

import { select } from 'd3-selection';
import { scaleLinear, scaleLog } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { area as d3area, line as d3line, stack, stackOffsetDiverging, stackOffsetNone } from 'd3-shape';
import { CLASS_COLORS } from '../colors.js';

const MARGIN = { top: 8, right: 8, bottom: 26, left: 38 };
const SERIES_COLORS = ['#8ab4f8', '#f6ae7b', '#81c995', '#c58af9', '#fdd663', '#78d9ec', '#ff8bcb', '#bdc1c6'];

// createPlot(parent, {width, height, label}) → {element, update(snapshot)}.
// snapshot: {x: [...], series?: [{label, y: [...], color?}], stacked?: bool (default true), total?: {label, y},
//   points?: [{x, y, color?, r?, label?}], yRange?: [lo, hi]}; every y array is as long as x. Optional:
//   offset: 'diverging' (default) | 'none' (series k from the sum of series 0..k−1 to the sum of 0..k, so the
//   top of the last band is the sum of all), curves: [{label, y, color?, dashed?}] more lines,
//   regions: [{from, to, label}] shaded x-ranges, marks: [{x, label}] vertical lines,
//   xScale / yScale: 'linear' (default) | 'log' (positive values only), xTicks: [values] the x-axis ticks.
export function createPlot(parent, { width = 320, height = 220, label = 'A plot' } = {}) {
  const svg = select(parent)
    .append('svg')
    .attr('class', 'lesson-plot')
    .attr('role', 'img')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', width)
    .attr('height', height)
    .attr('aria-label', label);
  const inner = { w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
  const plot = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const behind = plot.append('g').attr('class', 'regions');
  const layers = plot.append('g').attr('class', 'series');
  const more = plot.append('g').attr('class', 'curves');
  const top = plot.append('g').attr('class', 'total');
  const xAxis = svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(${MARGIN.left},${MARGIN.top + inner.h})`);
  const yAxis = svg.append('g').attr('class', 'axis').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  return {
    element: svg.node(),
    update(snap) {
      const xs = Array.from(snap.x);
      const series = snap.series ?? [];
      const stacked = snap.stacked ?? true;
      const rows = xs.map((_, i) => series.map((s) => (Number.isFinite(s.y[i]) ? s.y[i] : 0)));
      const bands = stacked
        ? stack()
            .keys(series.map((_, k) => k))
            .offset(snap.offset === 'none' ? stackOffsetNone : stackOffsetDiverging)(rows)
        : series.map((s) => xs.map((_, i) => [0, rows[i][series.indexOf(s)]]));
      const yLog = snap.yScale === 'log';
      const ys = [
        ...(yLog ? [] : [0]),
        ...bands.flatMap((b) => b.flat()),
        ...(snap.total?.y ?? []),
        ...(snap.curves ?? []).flatMap((c) => Array.from(c.y)),
        ...(snap.points ?? []).map((p) => p.y),
      ].filter((v) => Number.isFinite(v) && (!yLog || v > 0));
      const yDomain = snap.yRange ?? (ys.length ? [Math.min(...ys), Math.max(...ys)] : [yLog ? 1e-3 : 0, 1]);
      const x = (snap.xScale === 'log' ? scaleLog().base(2) : scaleLinear())
        .domain([Math.min(...xs), Math.max(...xs)])
        .range([0, inner.w]);
      const y = (yLog ? scaleLog() : scaleLinear()).domain(yDomain).nice().range([inner.h, 0]);
      const bottom = axisBottom(x);
      if (snap.xTicks) bottom.tickValues(snap.xTicks).tickFormat(String);
      else bottom.ticks(5);
      xAxis.call(bottom);
      yAxis.call(yLog ? axisLeft(y).ticks(4, '~e') : axisLeft(y).ticks(5));
      const [lo, hi] = y.domain();
      const clamp = (v) => y(Math.max(lo, Math.min(hi, v)));
      const band = d3area()
        .x((_, i) => x(xs[i]))
        .y0((d) => clamp(d[0]))
        .y1((d) => clamp(d[1]));
      const curve = d3line()
        .defined((v) => Number.isFinite(v))
        .x((_, i) => x(xs[i]))
        .y((v) => clamp(v));
      layers
        .selectAll('path')
        .data(bands)
        .join('path')
        .attr('class', 'lesson-series')
        .attr('fill', (_, k) => series[k]?.color ?? SERIES_COLORS[k % SERIES_COLORS.length])
        .attr('fill-opacity', stacked ? 0.75 : 0.35)
        .attr('stroke', (_, k) => series[k]?.color ?? SERIES_COLORS[k % SERIES_COLORS.length])
        .attr('d', (d) => band(Array.from(d)))
        .selectAll('title')
        .data((_, k) => [series[k]?.label ?? ''])
        .join('title')
        .text((t) => t);
      top
        .selectAll('path')
        .data(snap.total ? [snap.total] : [])
        .join('path')
        .attr('class', 'lesson-total')
        .attr('fill', 'none')
        .attr('stroke', '#202124')
        .attr('stroke-width', 2)
        .attr('d', (d) => curve(Array.from(d.y)));
      more
        .selectAll('path')
        .data(snap.curves ?? [])
        .join('path')
        .attr('class', 'lesson-curve')
        .attr('fill', 'none')
        .attr('stroke', (d, k) => d.color ?? SERIES_COLORS[k % SERIES_COLORS.length])
        .attr('stroke-width', 2)
        .attr('stroke-dasharray', (d) => (d.dashed ? '5 3' : null))
        .attr('d', (d) => curve(Array.from(d.y)))
        .selectAll('title')
        .data((d) => [d.label ?? ''])
        .join('title')
        .text((t) => t);
      const [x0, x1] = x.range();
      const within = (v) => Math.max(x0, Math.min(x1, x(v)));
      behind
        .selectAll('rect')
        .data(snap.regions ?? [])
        .join('rect')
        .attr('class', 'lesson-region')
        .attr('fill', '#f1f3f4')
        .attr('x', (d) => within(d.from))
        .attr('width', (d) => Math.max(0, within(d.to) - within(d.from)))
        .attr('y', 0)
        .attr('height', inner.h)
        .selectAll('title')
        .data((d) => [d.label ?? ''])
        .join('title')
        .text((t) => t);
      more
        .selectAll('line')
        .data((snap.marks ?? []).filter((m) => Number.isFinite(m.x)))
        .join('line')
        .attr('class', 'lesson-xmark')
        .attr('stroke', '#8250df')
        .attr('stroke-width', 1.5)
        .attr('stroke-dasharray', '4 3')
        .attr('x1', (d) => within(d.x))
        .attr('x2', (d) => within(d.x))
        .attr('y1', 0)
        .attr('y2', inner.h)
        .selectAll('title')
        .data((d) => [d.label ?? ''])
        .join('title')
        .text((t) => t);
      top
        .selectAll('circle')
        .data((snap.points ?? []).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)))
        .join('circle')
        .attr('class', 'point')
        .attr('r', (d) => d.r ?? 2.4)
        .attr('fill', (d) => d.color ?? CLASS_COLORS[1])
        .attr('cx', (d) => x(d.x))
        .attr('cy', (d) => clamp(d.y))
        .selectAll('title')
        .data((d) => (d.label ? [d.label] : []))
        .join('title')
        .text((t) => t);
    },
  };
}
