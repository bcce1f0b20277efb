// The output view: for 2-D data the network's output over the plane as a heatmap with the training and
// validation points; for 1-D data the fitted curve over the points; for other data (iris) two raw
// features with each point's true and predicted class.

import { select } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { line as d3line } from 'd3-shape';
import { CLASS_COLORS, DIVERGING_LUT, makeTile, paintBlock, paintClasses } from './colors.js';

const SIZE = 300;
const MARGIN = { top: 8, right: 8, bottom: 26, left: 34 };
const INNER = SIZE - MARGIN.left - MARGIN.right;
const INNER_H = SIZE - MARGIN.top - MARGIN.bottom;

export class OutputView {
  constructor(root) {
    this.root = root;
    this.canvas = root.appendChild(document.createElement('canvas'));
    this.canvas.setAttribute('aria-hidden', 'true');
    Object.assign(this.canvas.style, {
      left: `${MARGIN.left}px`,
      top: `${MARGIN.top}px`,
      width: `${INNER}px`,
      height: `${INNER_H}px`,
    });
    this.svg = select(root)
      .append('svg')
      .attr('viewBox', `0 0 ${SIZE} ${SIZE}`)
      .attr('width', SIZE)
      .attr('height', SIZE)
      .attr('role', 'img');
    this.plot = this.svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    this.xAxis = this.svg
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(${MARGIN.left},${MARGIN.top + INNER_H})`);
    this.yAxis = this.svg
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    this.tile = null;
    this.pointsKey = '';
    this.note = document.createElement('p');
    this.note.className = 'hint output-note';
    this.note.setAttribute('aria-live', 'polite');
    root.after(this.note);
  }

  update(snap) {
    this.note.textContent = snap.weightsBeforeUpdate
      ? "The weights before this step's update (the update phase shows them after)."
      : '';
    const kind = snap.twoD ? 'plane' : snap.oneD ? 'curve' : 'scatter';
    this.canvas.hidden = kind !== 'plane';
    if (kind === 'plane') this.drawPlane(snap);
    else if (kind === 'curve') this.drawCurve(snap);
    else this.drawScatter(snap);
  }

  axes(x, y, xName, yName) {
    this.xAxis.call(axisBottom(x).ticks(5));
    this.yAxis.call(axisLeft(y).ticks(5));
    this.xAxis
      .selectAll('text.axis-name')
      .data([xName])
      .join('text')
      .attr('class', 'axis-name')
      .attr('x', INNER)
      .attr('y', -4)
      .attr('text-anchor', 'end')
      .text((d) => d);
    this.yAxis
      .selectAll('text.axis-name')
      .data([yName])
      .join('text')
      .attr('class', 'axis-name')
      .attr('x', 4)
      .attr('y', 10)
      .attr('text-anchor', 'start')
      .text((d) => d);
  }

  drawPlane(snap) {
    // The plane the engine's grid covers (datasetInfo's plane), not a copy of its numbers.
    const x = scaleLinear().domain(snap.plane).range([0, INNER]);
    const y = scaleLinear().domain(snap.plane).range([INNER_H, 0]);
    this.axes(x, y, 'x₁', 'x₂');
    this.svg.attr(
      'aria-label',
      `The network's output over the plane (x1 across, x2 up) with the training ` +
        'points (filled) and validation points (ringed)',
    );
    const { values, resolution: res } = snap.grid;
    if (!this.tile || this.tile.res !== res) {
      this.tile = makeTile(res);
      this.canvas.width = res;
      this.canvas.height = res;
    }
    const count = res * res;
    const nL = snap.sizes[snap.sizes.length - 1];
    const first = values.length / count - nL; // the output neurons are the last nL blocks
    if (nL > 1) {
      paintClasses(
        values,
        Array.from({ length: nL }, (_, c) => (first + c) * count),
        snap.grid.classes,
        count,
        this.tile.pixels,
      );
    } else {
      const [lo, hi] = snap.task === 'regression' ? snap.targetRange : snap.ranges[snap.L];
      paintBlock(values, first * count, count, this.tile.pixels, lo, hi, DIVERGING_LUT);
    }
    this.canvas.getContext('2d').putImageData(this.tile.image, 0, 0);
    const key = `plane|${snap.dataKey}`;
    if (key !== this.pointsKey) {
      this.pointsKey = key;
      const points = [
        ...pointsOf(snap.trainPoints, snap.trainY, snap.trainClass, snap, 'train'),
        ...pointsOf(snap.validationPoints, snap.validationY, snap.validationClass, snap, 'validation'),
      ];
      this.plot.selectAll('*').remove();
      this.plot
        .selectAll('circle')
        .data(points)
        .join('circle')
        .attr('class', (d) => `point ${d.set}`)
        .attr('cx', (d) => x(d.x1))
        .attr('cy', (d) => y(d.x2))
        .attr('r', 3.2)
        .attr('fill', (d) => d.color);
    }
  }

  drawCurve(snap) {
    const { xs, out } = snap.line;
    const ys = [...snap.trainY, ...snap.validationY].filter(Number.isFinite);
    const lo = Math.min(...ys, -1);
    const hi = Math.max(...ys, 1);
    const x = scaleLinear()
      .domain([xs[0], xs[xs.length - 1]])
      .range([0, INNER]);
    const y = scaleLinear()
      .domain([lo - 0.1, hi + 0.1])
      .range([INNER_H, 0]);
    this.axes(x, y, 'x', 'y, ŷ');
    this.svg.attr(
      'aria-label',
      'The fitted curve ŷ(x) over the training points (filled) and validation points (ringed)',
    );
    const key = `curve|${snap.dataKey}`;
    if (key !== this.pointsKey) {
      this.pointsKey = key;
      this.plot.selectAll('*').remove();
      const points = [];
      snap.trainPoints.forEach((px, i) => points.push({ x: px, y: snap.trainY[i], set: 'train' }));
      snap.validationPoints.forEach((px, i) => points.push({ x: px, y: snap.validationY[i], set: 'validation' }));
      this.plot
        .selectAll('circle')
        .data(points)
        .join('circle')
        .attr('class', (d) => `point ${d.set}`)
        .attr('r', 2.6)
        .attr('cx', (d) => x(d.x))
        .attr('cy', (d) => y(d.y))
        .attr('fill', CLASS_COLORS[1]);
      this.plot.append('path').attr('class', 'fit');
    }
    const pairs = Array.from(xs, (xv, i) => [xv, out[i]]);
    this.plot.select('path.fit').attr(
      'd',
      d3line()
        .defined((p) => Number.isFinite(p[1]))
        .x((p) => x(p[0]))
        .y((p) => y(Math.max(lo - 0.1, Math.min(hi + 0.1, p[1]))))(pairs),
    );
  }

  // Non-planar inputs (iris): the last two raw features, colour = true class, ring = predicted class.
  drawScatter(snap) {
    const n0 = snap.sizes[0];
    const fa = n0 - 2;
    const fb = n0 - 1;
    const all = [...snap.trainPoints, ...snap.validationPoints];
    const col = (f) => all.filter((_, k) => k % n0 === f);
    const x = scaleLinear()
      .domain(extent(col(fa)))
      .nice()
      .range([0, INNER]);
    const y = scaleLinear()
      .domain(extent(col(fb)))
      .nice()
      .range([INNER_H, 0]);
    this.axes(x, y, snap.inputLabels[fa], snap.inputLabels[fb]);
    this.svg.attr(
      'aria-label',
      `Validation examples by ${snap.inputLabels[fa]} and ${snap.inputLabels[fb]}: fill is the ` +
        'true class, the ring the predicted class',
    );
    const points = [];
    const m = snap.validationPoints.length / n0;
    for (let i = 0; i < m; i++) {
      points.push({
        a: snap.validationPoints[i * n0 + fa],
        b: snap.validationPoints[i * n0 + fb],
        truth: snap.validationClass[i],
        predicted: snap.predictedClass?.[i] ?? snap.validationClass[i],
      });
    }
    this.plot
      .selectAll('circle')
      .data(points)
      .join('circle')
      .attr('class', 'point validation')
      .attr('r', 3.6)
      .attr('cx', (d) => x(d.a))
      .attr('cy', (d) => y(d.b))
      .attr('fill', (d) => CLASS_COLORS[d.truth % CLASS_COLORS.length])
      .attr('stroke', (d) => CLASS_COLORS[d.predicted % CLASS_COLORS.length]);
    this.pointsKey = '';
  }
}

function extent(values) {
  return [Math.min(...values), Math.max(...values)];
}

// Points of a 2-D data set with their colour: the colour of the true class (the engine's, `classes`) for
// classification, the target value's colour for regression.
function pointsOf(raw, targets, classes, snap, set) {
  const out = [];
  const m = raw.length / 2;
  const value = scaleLinear().domain(snap.targetRange).range([0, 1]).clamp(true);
  for (let i = 0; i < m; i++) {
    let color;
    if (snap.task === 'regression') {
      color = `#${(DIVERGING_LUT[Math.round(value(targets[i]) * 255)] & 0xffffff)
        .toString(16)
        .padStart(6, '0')
        .replace(/(..)(..)(..)/, '$3$2$1')}`;
    } else {
      color = CLASS_COLORS[classes[i] % CLASS_COLORS.length];
    }
    out.push({ x1: raw[2 * i], x2: raw[2 * i + 1], color, set });
  }
  return out;
}
