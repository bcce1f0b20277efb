// A lesson's 2-D contour view (lessons.md: loss surfaces with optimizer paths): filled contour bands of a
// grid of values (d3-contour) and any number of paths drawn over them. It draws only what update() is given.

import { select } from 'd3-selection';
import { scaleLinear, scaleSequentialLog, scaleSequential } from 'd3-scale';
import { interpolateBlues } from 'd3-scale-chromatic';
import { contours } from 'd3-contour';
import { geoPath, geoIdentity } from './geo.js';
import { line as d3line } from 'd3-shape';
import { axisBottom, axisLeft } from 'd3-axis';
import { CLASS_COLORS } from '../colors.js';

const MARGIN = { top: 8, right: 8, bottom: 26, left: 38 };
let clips = 0; // each contour's own clip path id

// createContour(parent, {width, height, label}) → {element, update(snapshot)}.
// snapshot: {grid: {values: row-major, nx, ny, x: [lo, hi], y: [lo, hi]}, levels?: number | [thresholds],
//   log?: bool (log-spaced levels), values[j * nx + i] at (x[0] + i·Δx, y[0] + j·Δy),
//   paths?: [{points: [[x, y], …], label, color?}], marks?: [{x, y, label}]}
export function createContour(parent, { width = 320, height = 280, label = 'A contour plot' } = {}) {
  const svg = select(parent)
    .append('svg')
    .attr('class', 'lesson-contour')
    .attr('role', 'img')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', width)
    .attr('height', height)
    .attr('aria-label', label);
  const inner = { w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
  const plot = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  // The bands reach half a grid cell past the outermost samples: clipped to the plot.
  const clip = `lesson-contour-clip-${++clips}`;
  plot.append('clipPath').attr('id', clip).append('rect').attr('width', inner.w).attr('height', inner.h);
  const bands = plot.append('g').attr('class', 'bands').attr('clip-path', `url(#${clip})`);
  const paths = plot.append('g').attr('class', 'paths');
  const xAxis = svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(${MARGIN.left},${MARGIN.top + inner.h})`);
  const yAxis = svg.append('g').attr('class', 'axis').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  return {
    element: svg.node(),
    update(snap) {
      const { values, nx, ny, x: xr, y: yr } = snap.grid;
      const x = scaleLinear().domain(xr).range([0, inner.w]);
      const y = scaleLinear().domain(yr).range([inner.h, 0]);
      xAxis.call(axisBottom(x).ticks(5));
      yAxis.call(axisLeft(y).ticks(5));
      const finite = Array.from(values).filter(Number.isFinite);
      const lo = Math.min(...finite);
      const hi = Math.max(...finite);
      const log = snap.log && lo > 0;
      const count = typeof snap.levels === 'number' ? snap.levels : 12;
      const thresholds = Array.isArray(snap.levels)
        ? snap.levels
        : Array.from({ length: count }, (_, k) => (log ? lo * (hi / lo) ** (k / count) : lo + ((hi - lo) * k) / count));
      const color = (log ? scaleSequentialLog([lo, hi]) : scaleSequential([lo, hi])).interpolator(interpolateBlues);
      // values[j * nx + i] is at x = x[0] + i·Δx, y = y[0] + j·Δy (row 0 at the bottom), the samples spanning
      // the ranges corner to corner; d3-contour puts sample i at grid unit i + ½.
      const sx = inner.w / (nx - 1);
      const sy = inner.h / (ny - 1);
      const projection = geoIdentity(sx, -sy, -0.5 * sx, inner.h + 0.5 * sy);
      const clean = Float64Array.from(values, (v) => (Number.isFinite(v) ? v : hi));
      bands
        .selectAll('path')
        .data(contours().size([nx, ny]).thresholds(thresholds)(clean))
        .join('path')
        .attr('d', geoPath(projection))
        .attr('fill', (d) => color(d.value))
        .attr('stroke', 'none');
      const line = d3line()
        .defined((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))
        .x((p) => x(p[0]))
        .y((p) => y(p[1]));
      paths
        .selectAll('path')
        .data(snap.paths ?? [])
        .join('path')
        .attr('class', 'lesson-path')
        .attr('fill', 'none')
        .attr('stroke-width', 1.8)
        .attr('stroke', (d, k) => d.color ?? CLASS_COLORS[k % CLASS_COLORS.length])
        .attr('d', (d) => line(d.points))
        .selectAll('title')
        .data((d) => [d.label])
        .join('title')
        .text((t) => t);
      paths
        .selectAll('circle')
        .data(snap.marks ?? [])
        .join('circle')
        .attr('r', 3.5)
        .attr('class', 'lesson-mark')
        .attr('cx', (d) => x(d.x))
        .attr('cy', (d) => y(d.y))
        .selectAll('title')
        .data((d) => [d.label])
        .join('title')
        .text((t) => t);
    },
  };
}
