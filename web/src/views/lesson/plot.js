// A lesson's 1-D plot with stacked curves (lessons.md q1: each hidden neuron's contribution stacked under
// the fitted curve): series stacked on one another (positive parts up, negative parts down, d3's diverging
// offset), an optional total curve and points on top. It draws only what update() is given.

import { select } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { area as d3area, line as d3line, stack, stackOffsetDiverging } from 'd3-shape';
import { CLASS_COLORS } from '../colors.js';

const MARGIN = { top: 8, right: 8, bottom: 26, left: 38 };
const SERIES_COLORS = ['#8ab4f8', '#f6ae7b', '#81c995', '#c58af9', '#fdd663', '#78d9ec', '#ff8bcb', '#bdc1c6'];

// createPlot(parent, {width, height, label}) → {element, update(snapshot)}.
// snapshot: {x: [...], series?: [{label, y: [...]}], stacked?: bool (default true), total?: {label, y},
//   points?: [{x, y}], yRange?: [lo, hi]}; every y array is as long as x.
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
  const layers = plot.append('g').attr('class', 'series');
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
            .offset(stackOffsetDiverging)(rows)
        : series.map((s) => xs.map((_, i) => [0, rows[i][series.indexOf(s)]]));
      const ys = [
        0,
        ...bands.flatMap((b) => b.flat()),
        ...(snap.total?.y ?? []),
        ...(snap.points ?? []).map((p) => p.y),
      ].filter(Number.isFinite);
      const yDomain = snap.yRange ?? [Math.min(...ys), Math.max(...ys)];
      const x = scaleLinear()
        .domain([Math.min(...xs), Math.max(...xs)])
        .range([0, inner.w]);
      const y = scaleLinear().domain(yDomain).nice().range([inner.h, 0]);
      xAxis.call(axisBottom(x).ticks(5));
      yAxis.call(axisLeft(y).ticks(5));
      const clamp = (v) => y(Math.max(yDomain[0], Math.min(yDomain[1], v)));
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
        .attr('fill', (_, k) => SERIES_COLORS[k % SERIES_COLORS.length])
        .attr('fill-opacity', stacked ? 0.75 : 0.35)
        .attr('stroke', (_, k) => SERIES_COLORS[k % SERIES_COLORS.length])
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
      top
        .selectAll('circle')
        .data(snap.points ?? [])
        .join('circle')
        .attr('class', 'point')
        .attr('r', 2.4)
        .attr('fill', CLASS_COLORS[1])
        .attr('cx', (d) => x(d.x))
        .attr('cy', (d) => clamp(d.y));
    },
  };
}
