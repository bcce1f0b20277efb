// The output view: for 2-D data the network's output over the plane as a heatmap with the training and
// validation points; for 1-D data the fitted curve over the points; for other data (iris) two raw
// features with each point's true and predicted class. Misclassified points carry a cross; a legend and a
// colour scale say what the marks and colours mean; hovering a neuron shows its own heatmap here.

import { select } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { line as d3line } from 'd3-shape';
import {
  CLASS_COLORS,
  CLASS_LUTS,
  DIVERGING_LUT,
  NEGATIVE,
  NEUTRAL,
  POSITIVE,
  makeTile,
  paintBlock,
  paintClasses,
} from './colors.js';
import { classNames, plain } from '../labels.js';

const SIZE = 300;
const MARGIN = { top: 8, right: 8, bottom: 26, left: 34 };
const INNER = SIZE - MARGIN.left - MARGIN.right;
const INNER_H = SIZE - MARGIN.top - MARGIN.bottom;
// A discretized single output: the two classes' full colours; regression in five bands.
const BANDS = 5;
const CROSS = 'M-4,-4L4,4M-4,4L4,-4';
// A point's outline on the plane: dark on a light or middling background, white on a dark one. The split
// is the luminance where the two contrast alike ((L + 0.05) / 0.05 = 1.05 / (L + 0.05), WCAG's ratio).
const DARK_RING = '#222222';
const LIGHT_RING = '#ffffff';
const LUMINANCE_SPLIT = Math.sqrt(1.05 * 0.05) - 0.05;

export class OutputView {
  // `options.setState(partial)` takes the panel's toggles (showValidation, discretize: state.js keys).
  constructor(root, options = {}) {
    this.root = root;
    this.setState = options.setState ?? (() => {});
    this.caption = document.getElementById('output-caption');
    this.legend = document.getElementById('output-legend');
    this.toggles = {
      showValidation: document.getElementById('show-validation'),
      discretize: document.getElementById('discretize'),
    };
    for (const [key, box] of Object.entries(this.toggles))
      box?.addEventListener('change', () => this.setState({ [key]: box.checked }));
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
    this.marks = this.svg
      .append('g')
      .attr('class', 'marks')
      .attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    this.tile = null;
    this.pointsKey = '';
    this.legendKey = '';
    this.note = document.createElement('p');
    this.note.className = 'hint output-note';
    this.note.setAttribute('aria-live', 'polite');
    root.after(this.note);
  }

  // `snap` is the frame's snapshot with the panel's view settings (showValidation, discretize) and the
  // neuron hovered in the diagram (`inspected`, app.js) added.
  update(snap) {
    this.note.textContent = snap.weightsBeforeUpdate
      ? "The weights before this step's update (the update phase shows them after)."
      : '';
    const view = { showValidation: snap.showValidation ?? true, discretize: snap.discretize ?? false };
    for (const [key, box] of Object.entries(this.toggles)) if (box) box.checked = view[key];
    if (this.toggles.discretize) this.toggles.discretize.disabled = !snap.twoD;
    const kind = snap.twoD ? 'plane' : snap.oneD ? 'curve' : 'scatter';
    // A new kind of view starts from an empty plot: nothing of the last one (the fitted curve) stays.
    if (kind !== this.kind) {
      this.kind = kind;
      this.plot.selectAll('*').remove();
      this.pointsKey = '';
    }
    this.canvas.hidden = kind !== 'plane';
    let wrong = [];
    let neuron = null;
    if (kind === 'plane') ({ wrong, neuron } = this.drawPlane(snap, view));
    else if (kind === 'curve') this.drawCurve(snap, view);
    else wrong = this.drawScatter(snap, view);
    this.drawMarks(wrong);
    this.drawLegend(snap, view, kind, neuron, wrong.length);
  }

  // A cross on every misclassified point (drawn over the points, in its own group).
  drawMarks(wrong) {
    this.marks
      .selectAll('path.misclassified')
      .data(wrong)
      .join('path')
      .attr('class', (d) => `misclassified ${d.set}`)
      .attr('d', CROSS)
      .attr('transform', (d) => `translate(${d.px},${d.py})`);
  }

  // The caption (what the plot shows), the marks' legend and the colour scale, rebuilt only when they change.
  drawLegend(snap, view, kind, neuron, wrongCount) {
    const what = neuron
      ? `The heatmap of neuron ${neuron.i + 1} of layer ${neuron.l} (${neuron.act}), enlarged; ` +
        "move off it for the network's output."
      : kind === 'plane'
        ? "The network's output over the plane."
        : kind === 'curve'
          ? "The network's output ŷ(x): the fitted curve."
          : "The network's predicted class of each example.";
    if (this.caption && this.caption.textContent !== what) this.caption.textContent = what;
    const classes = snap.classification ? Math.max(2, snap.info.numClasses ?? 2) : 0;
    const scale = this.scaleOf(snap, view, kind, neuron, classes);
    const key = JSON.stringify([kind, view, classes, scale, wrongCount, snap.dataKey]);
    if (!this.legend || key === this.legendKey) return;
    this.legendKey = key;
    const items = [];
    const sym = (shape, text) =>
      `<span class="item"><span class="sym ${shape}" aria-hidden="true"></span>${text}</span>`;
    if (kind !== 'curve') {
      items.push(sym('train', 'training'));
      if (view.showValidation) items.push(sym('validation', 'validation'));
    } else {
      items.push(sym('train', 'training'), view.showValidation ? sym('validation', 'validation') : '');
      items.push(sym('fit', 'fitted curve ŷ'));
    }
    if (classes) {
      items.push('<span class="item">fill: true class</span>');
      items.push(`<span class="item">${kind === 'scatter' ? 'ring' : 'background'}: predicted class</span>`);
      // Which points the count is of, so that hiding the validation points changes it for a visible reason.
      const nTrain = snap.trainClass?.length ?? 0;
      const counted = view.showValidation
        ? `${nTrain + (snap.validationClass?.length ?? 0)} shown (training and validation)`
        : `${nTrain} training points (validation hidden)`;
      items.push(sym('cross', `misclassified: ${wrongCount} of ${counted}`));
    } else if (kind === 'plane') {
      items.push('<span class="item">fill: true value</span>');
    }
    // Each class by the data set's own name for it (iris: its species), in the engine's class order.
    const names = classNames(snap.info);
    const swatches = classes
      ? `<span class="classes">${Array.from(
          { length: classes },
          (_, c) =>
            `<span class="item"><span class="swatch" style="background:${CLASS_COLORS[c % CLASS_COLORS.length]}"></span>${escapeHtml(names[c])}</span>`,
        ).join('')}</span>`
      : '';
    this.legend.innerHTML = `<div class="marks-legend">${items.join('')}</div>${swatches}${scale ? colourScale(scale) : ''}`;
  }

  // The colour scale of the heatmap: [lo, hi], the gradient's stops and its title; null where no heatmap.
  scaleOf(snap, view, kind, neuron, classes) {
    if (kind !== 'plane') return null;
    if (neuron) {
      const [lo, hi] = neuron.l === 0 ? [-1, 1] : snap.ranges[neuron.l];
      return { lo, hi, stops: [NEGATIVE, NEUTRAL, POSITIVE], title: `a of neuron ${neuron.i + 1}, layer ${neuron.l}` };
    }
    const nL = snap.sizes[snap.sizes.length - 1];
    if (nL > 1) return null; // several classes: the class swatches, lighter where the network is unsure
    const [lo, hi] = snap.task === 'regression' ? snap.targetRange : snap.ranges[snap.L];
    const title = snap.task === 'regression' ? 'ŷ' : `ŷ = P(${escapeHtml(classNames(snap.info)[1])})`;
    if (view.discretize && classes) return { lo, hi, stops: DISCRETE_CSS, title, hard: true };
    return {
      lo,
      hi,
      stops: [NEGATIVE, NEUTRAL, POSITIVE],
      title: view.discretize ? `${title}, in ${BANDS} bands` : title,
    };
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

  drawPlane(snap, view) {
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
    const neuron = hoveredNeuron(snap);
    if (neuron) {
      // neuronGrid is neuron-major: the n_0 inputs, then layer 1's neurons, …
      const block = snap.sizes.slice(0, neuron.l).reduce((a, b) => a + b, 0) + neuron.i;
      const [lo, hi] = neuron.l === 0 ? [-1, 1] : snap.ranges[neuron.l];
      paintBlock(values, block * count, count, this.tile.pixels, lo, hi, DIVERGING_LUT);
    } else if (view.discretize && snap.grid.classes) {
      // Each pixel in one tint of the engine's predicted class (net.classGrid), light enough that a
      // point's own class colour still shows on it.
      const classes = snap.grid.classes;
      for (let i = 0; i < count; i++) this.tile.pixels[i] = DISCRETE_PIXELS[classes[i] % DISCRETE_PIXELS.length];
    } else if (nL > 1) {
      paintClasses(
        values,
        Array.from({ length: nL }, (_, c) => (first + c) * count),
        snap.grid.classes,
        count,
        this.tile.pixels,
      );
    } else {
      const [lo, hi] = snap.task === 'regression' ? snap.targetRange : snap.ranges[snap.L];
      paintBlock(values, first * count, count, this.tile.pixels, lo, hi, view.discretize ? BANDED_LUT : DIVERGING_LUT);
    }
    this.canvas.getContext('2d').putImageData(this.tile.image, 0, 0);
    const key = `plane|${snap.dataKey}|${view.showValidation}`;
    if (key !== this.pointsKey) {
      this.pointsKey = key;
      const points = [
        ...pointsOf(snap.trainPoints, snap.trainY, snap.trainClass, snap, 'train'),
        ...(view.showValidation
          ? pointsOf(snap.validationPoints, snap.validationY, snap.validationClass, snap, 'validation')
          : []),
      ];
      this.plot.selectAll('*').remove();
      // Training points are dots, validation points squares: told apart by shape, not by a stroke that
      // would hide the predicted class.
      this.plot
        .selectAll('.point')
        .data(points)
        .join((enter) => enter.append((d) => svgElement(d.set === 'train' ? 'circle' : 'rect')))
        .attr('class', (d) => `point ${d.set} on-plane`)
        .each(function place(d) {
          const el = select(this);
          if (d.set === 'train') el.attr('cx', x(d.x1)).attr('cy', y(d.x2)).attr('r', 3.2);
          else
            el.attr('x', x(d.x1) - 3.2)
              .attr('y', y(d.x2) - 3.2)
              .attr('width', 6.4)
              .attr('height', 6.4);
        })
        .attr('fill', (d) => d.color);
    }
    this.outlinePoints(x, y, res);
    const wrong = [];
    if (snap.trainPredictedClass && snap.trainClass) {
      const add = (raw, truth, predicted, set) => {
        for (let i = 0; i < truth.length; i++)
          if (predicted[i] !== truth[i]) wrong.push({ px: x(raw[2 * i]), py: y(raw[2 * i + 1]), set });
      };
      add(snap.trainPoints, snap.trainClass, snap.trainPredictedClass, 'train');
      if (view.showValidation) add(snap.validationPoints, snap.validationClass, snap.predictedClass, 'validation');
    }
    const act =
      neuron &&
      (neuron.l === 0 ? 'input' : neuron.l === snap.L ? snap.config.output : snap.config.hidden[neuron.l - 1]);
    return { wrong, neuron: neuron && { ...neuron, act } };
  }

  // Each point's outline in whichever of dark and white contrasts more with the heatmap pixel under it
  // (read back from the tile just painted): a point whose fill is its true class's colour would otherwise
  // vanish on a background of the same predicted class. Set only where it changes.
  outlinePoints(x, y, res) {
    const pixels = this.tile.pixels;
    const cell = (v, size) => Math.max(0, Math.min(res - 1, Math.floor((v / size) * res)));
    this.plot.selectAll('.point').each(function outline(d) {
      const p = pixels[cell(y(d.x2), INNER_H) * res + cell(x(d.x1), INNER)];
      const stroke =
        relativeLuminance(p & 255, (p >>> 8) & 255, (p >>> 16) & 255) > LUMINANCE_SPLIT ? DARK_RING : LIGHT_RING;
      if (d.stroke !== stroke) {
        d.stroke = stroke;
        this.style.stroke = stroke;
      }
    });
  }

  drawCurve(snap, view) {
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
    const key = `curve|${snap.dataKey}|${view.showValidation}`;
    if (key !== this.pointsKey) {
      this.pointsKey = key;
      this.plot.selectAll('*').remove();
      const points = [];
      snap.trainPoints.forEach((px, i) => points.push({ x: px, y: snap.trainY[i], set: 'train' }));
      if (view.showValidation)
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

  // Non-planar inputs (iris): the last two raw features, colour = true class, ring = predicted class;
  // training points small, validation points larger. Returns the misclassified points.
  drawScatter(snap, view) {
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
      `Examples by ${snap.inputLabels[fa]} and ${snap.inputLabels[fb]}: fill is the ` +
        'true class, the ring the predicted class, a cross marks a misclassified example',
    );
    const points = [];
    const collect = (raw, truth, predicted, set) => {
      const m = raw.length / n0;
      for (let i = 0; i < m; i++) {
        points.push({
          a: raw[i * n0 + fa],
          b: raw[i * n0 + fb],
          truth: truth[i],
          predicted: predicted?.[i] ?? truth[i],
          set,
        });
      }
    };
    collect(snap.trainPoints, snap.trainClass, snap.trainPredictedClass, 'train');
    if (view.showValidation) collect(snap.validationPoints, snap.validationClass, snap.predictedClass, 'validation');
    this.plot
      .selectAll('circle')
      .data(points)
      .join('circle')
      .attr('class', (d) => `point ${d.set} ringed`)
      .attr('r', (d) => (d.set === 'train' ? 3 : 4.2))
      .attr('cx', (d) => x(d.a))
      .attr('cy', (d) => y(d.b))
      .attr('fill', (d) => CLASS_COLORS[d.truth % CLASS_COLORS.length])
      // The ring is an inline style: no stylesheet rule for validation points can override it.
      .style('stroke', (d) => CLASS_COLORS[d.predicted % CLASS_COLORS.length]);
    this.pointsKey = '';
    return points.filter((d) => d.predicted !== d.truth).map((d) => ({ px: x(d.a), py: y(d.b), set: d.set }));
  }
}

// The neuron hovered in the diagram (a link or a pinned item shows the output as usual).
function hoveredNeuron(snap) {
  const t = snap.inspected;
  if (!t || t.type !== 'neuron' || !Number.isInteger(t.l) || !Number.isInteger(t.i)) return null;
  if (t.l < 0 || t.l > snap.L || t.i < 0 || t.i >= snap.sizes[t.l]) return null;
  if (t.l === snap.L && snap.sizes[t.l] === 1) return null; // the single output is what is shown anyway
  return { l: t.l, i: t.i };
}

// WCAG 2's relative luminance of an sRGB colour (0..255 a channel).
function relativeLuminance(r, g, b) {
  const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function svgElement(name) {
  return document.createElementNS('http://www.w3.org/2000/svg', name);
}

// The discretized output's tint of each class (the class table's level 150 of 255: class 0 is the
// diverging palette's negative end, class 1 its positive end), as pixels and as CSS for the scale.
const DISCRETE_PIXELS = CLASS_LUTS.map((lut) => lut[150]);
const DISCRETE_CSS = DISCRETE_PIXELS.map((p) => `rgb(${p & 0xff}, ${(p >> 8) & 0xff}, ${(p >> 16) & 0xff})`);
// The diverging table cut into BANDS flat bands (each the colour of its band's middle).
const BANDED_LUT = DIVERGING_LUT.map((_, k) => {
  const band = Math.min(BANDS - 1, Math.floor((k / DIVERGING_LUT.length) * BANDS));
  return DIVERGING_LUT[Math.round(((band + 0.5) / BANDS) * (DIVERGING_LUT.length - 1))];
});

// The colour-scale bar: the gradient with its low, middle and high values.
function colourScale({ lo, hi, stops, title, hard }) {
  const gradient = hard
    ? `linear-gradient(to right, ${stops[0]} 50%, ${stops[1]} 50%)`
    : `linear-gradient(to right, ${stops.join(', ')})`;
  const ticks = [lo, (lo + hi) / 2, hi].map((v) => `<span class="tick">${plain(v)}</span>`).join('');
  return (
    `<div class="colour-scale" role="img" aria-label="Colour scale of ${title}: ${plain(lo)} to ${plain(hi)}">` +
    `<span class="title">${title}</span><span class="bar" style="background:${gradient}"></span>` +
    `<span class="ticks">${ticks}</span></div>`
  );
}

// A name from a data file (a CSV header) as text inside the legend's HTML.
function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
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
