// The network diagram: an SVG of neurons and links (width from |w|, colour from sign; in the backward
// phases dW on the links) over a canvas of per-neuron heatmap thumbnails, with hover/focus inspection
// (a focused neuron: ↑/↓ walk its incoming links, Enter/Space pins it).

import { select } from 'd3-selection';
import { linkHorizontal } from 'd3-shape';
import { DIVERGING_LUT, makeTile, paintBlock, signColor } from './colors.js';
import { plain } from '../labels.js';

const PAD_X = 56;
const PAD_RIGHT = 78; // room for the output neurons' value labels
const PAD_Y = 14;
const MAX_WIDTH = 7;
const HIT_WIDTH = 9; // the invisible band around each link that takes the pointer
const link = linkHorizontal();

export class NetworkView {
  constructor(root, { onInspect }) {
    this.root = root;
    this.onInspect = onInspect;
    this.canvas = root.appendChild(document.createElement('canvas'));
    this.canvas.setAttribute('aria-hidden', 'true');
    this.svg = select(root)
      .append('svg')
      .attr('class', 'network-svg')
      .attr('role', 'group')
      .attr(
        'aria-label',
        'The network: neurons and links; focus a neuron to inspect it, arrow up and down for its incoming links',
      );
    this.key = '';
    this.tile = null;
    this.layout = null;
    new ResizeObserver(() => {
      this.key = '';
      this.lastSnap && this.update(this.lastSnap);
    }).observe(root);
  }

  // Positions of every neuron for the current sizes and the container's size.
  computeLayout(sizes, inputLabels) {
    const width = Math.max(320, this.root.clientWidth);
    const height = Math.max(240, this.root.clientHeight);
    const L = sizes.length - 1;
    const maxN = Math.max(...sizes);
    const rowGap = (height - 2 * PAD_Y) / maxN;
    const node = Math.max(8, Math.min(38, rowGap * 0.78));
    // The inputs' names sit left of the first column.
    const left = Math.max(PAD_X, 30 + 6.2 * Math.max(...inputLabels.map((t) => t.length)));
    const colX = (l) => left + ((width - left - PAD_RIGHT) * l) / L;
    const neurons = sizes.map((n, l) =>
      Array.from({ length: n }, (_, i) => ({
        l,
        i,
        x: colX(l),
        y: height / 2 + (i - (n - 1) / 2) * rowGap,
      })),
    );
    return { width, height, node, neurons, left };
  }

  build(snap) {
    const { sizes } = snap;
    this.layout = this.computeLayout(sizes, snap.inputLabels);
    const { width, height, node, neurons, left } = this.layout;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    // A rebuild (a resize, a new architecture) replaces every neuron: the one holding the keyboard focus
    // gets it back, without the focus/blur handlers re-inspecting, so a resize never drops a student's place.
    const active = document.activeElement;
    const focused = active && this.svg.node().contains(active) ? select(active).datum() : null;
    this.rebuilding = true;
    this.svg.selectAll('*').remove();
    const half = node / 2;
    for (let l = 0; l < sizes.length; l++) {
      const group = this.svg.append('g').attr('class', 'layer').attr('data-layer', l);
      if (l > 0) {
        const links = [];
        for (const to of neurons[l]) for (const from of neurons[l - 1]) links.push({ from, to });
        const path = (d) => link({ source: [d.from.x + half, d.from.y], target: [d.to.x - half, d.to.y] });
        group
          .append('g')
          .attr('class', 'links')
          .selectAll('path')
          .data(links)
          .join('path')
          .attr('class', 'link')
          .attr('d', path);
        group
          .append('g')
          .attr('class', 'link-hits')
          .selectAll('path')
          .data(links)
          .join('path')
          .attr('class', 'link-hit')
          .attr('d', path)
          .attr('stroke-width', HIT_WIDTH)
          .on('mouseenter', (event, d) => this.onInspect({ type: 'link', l, i: d.to.i, k: d.from.i }))
          .on('mouseleave', () => this.onInspect(null));
      }
      const nodes = group
        .append('g')
        .attr('class', 'neurons')
        .selectAll('g')
        .data(neurons[l])
        .join('g')
        .attr('class', 'neuron')
        .attr('transform', (d) => `translate(${d.x},${d.y})`)
        .attr('tabindex', 0)
        .attr('role', 'button')
        .attr('aria-label', (d) => neuronName(snap, d.l, d.i))
        .attr('aria-keyshortcuts', l > 0 ? 'ArrowUp ArrowDown Enter' : 'Enter')
        .on('mouseenter focus', (event, d) => {
          if (this.rebuilding) return;
          this.linkFocus = null;
          this.onInspect({ type: 'neuron', l: d.l, i: d.i });
        })
        .on('mouseleave blur', () => {
          if (this.rebuilding) return;
          this.linkFocus = null;
          this.onInspect(null);
        })
        .on('click', (event, d) => this.onInspect({ type: 'neuron', l: d.l, i: d.i, pin: true }))
        .on('keydown', (event, d) => this.neuronKey(event, d, snap.sizes));
      // The whole square takes the pointer, also where a heatmap shows through an unfilled rect.
      nodes
        .append('rect')
        .attr('pointer-events', 'all')
        .attr('x', -half)
        .attr('y', -half)
        .attr('width', node)
        .attr('height', node)
        .attr('rx', 3);
      nodes
        .append('text')
        .attr('class', 'value')
        .attr('x', half + 3)
        .attr('y', -half + 8);
      if (l === 0) {
        nodes
          .append('text')
          .attr('class', 'feature')
          .attr('x', -half - 4)
          .attr('y', 4)
          .attr('text-anchor', 'end')
          .text((d) => snap.inputLabels[d.i] ?? `x${d.i + 1}`);
      }
    }
    this.svg
      .append('text')
      .attr('class', 'layer-caption')
      .attr('x', left)
      .attr('y', height - 2)
      .attr('text-anchor', 'middle')
      .text('input');
    this.svg
      .append('text')
      .attr('class', 'layer-caption')
      .attr('x', width - PAD_RIGHT)
      .attr('y', height - 2)
      .attr('text-anchor', 'middle')
      .text('output');
    if (focused && focused.l < sizes.length && focused.i < sizes[focused.l]) {
      this.svg
        .select(`g.layer[data-layer="${focused.l}"] g.neuron:nth-child(${focused.i + 1})`)
        .node()
        ?.focus({ preventScroll: true });
    } else if (focused) this.linkFocus = null;
    this.rebuilding = false;
  }

  // Keys on a focused neuron: ↑/↓ step through its incoming links (the inspector shows the link), Enter
  // or Space pins the neuron (instead of the page's play/pause).
  neuronKey(event, d, sizes) {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      event.stopPropagation();
      this.onInspect({ type: 'neuron', l: d.l, i: d.i, pin: true });
    } else if ((event.key === 'ArrowUp' || event.key === 'ArrowDown') && d.l > 0) {
      event.preventDefault();
      const n = sizes[d.l - 1];
      const last = this.linkFocus && this.linkFocus.l === d.l && this.linkFocus.i === d.i ? this.linkFocus.k : null;
      const k =
        last === null ? (event.key === 'ArrowDown' ? 0 : n - 1) : (last + (event.key === 'ArrowDown' ? 1 : n - 1)) % n;
      this.onInspect({ type: 'link', l: d.l, i: d.i, k });
      this.linkFocus = { l: d.l, i: d.i, k };
      this.markFocusedLink();
    }
  }

  markFocusedLink() {
    const f = this.linkFocus;
    this.svg
      .selectAll('path.link')
      .classed('focused', (d) => Boolean(f && d.to.l === f.l && d.to.i === f.i && d.from.i === f.k));
  }

  update(snap) {
    this.lastSnap = snap;
    const key = `${snap.sizes.join('-')}|${snap.inputLabels.join(',')}|${snap.config.hidden.join(',')}|${snap.config.output}`;
    if (key !== this.key || !this.layout) {
      this.build(snap);
      this.key = key;
    }
    this.svg.classed('stepping', snap.stepping);
    this.drawLinks(snap);
    this.markFocusedLink();
    this.drawNeurons(snap);
    this.drawThumbnails(snap);
  }

  drawLinks(snap) {
    const { phase, weights, record } = snap;
    const L = snap.sizes.length - 1;
    for (let l = 1; l <= L; l++) {
      const group = this.svg.select(`g.layer[data-layer="${l}"]`);
      const active =
        phase.kind === 'forward' || phase.kind === 'backward' ? (phase.layer === l ? phase.kind : null) : null;
      group.attr('data-active', active);
      const nPrev = snap.sizes[l - 1];
      const showGrad = active === 'backward' && record;
      const values = showGrad ? record.dW[l] : weights[l];
      // Gradients are scaled to the layer's largest, weights to a fixed width per unit of |w|.
      const scale = showGrad ? MAX_WIDTH / Math.max(1e-12, maxAbs(values)) : 2.2;
      group
        .selectAll('path.link')
        .classed('lit', phase.kind === 'forward' && phase.layer === l)
        .classed('grad', Boolean(showGrad))
        .attr('stroke', (d) => signColor(finite(values[d.to.i * nPrev + d.from.i])))
        .attr('stroke-width', (d) =>
          Math.min(MAX_WIDTH, 0.4 + Math.abs(finite(values[d.to.i * nPrev + d.from.i])) * scale),
        );
    }
  }

  drawNeurons(snap) {
    const { phase, record, j } = snap;
    const L = snap.sizes.length - 1;
    const show = (l) => neuronValue(phase, record, l);
    for (let l = 0; l <= L; l++) {
      const what = show(l);
      const group = this.svg.select(`g.layer[data-layer="${l}"]`);
      const m = record?.m ?? 1;
      const mask = record && phase.kind !== 'idle' ? record.mask[l] : null;
      group
        .selectAll('g.neuron')
        .classed('dropped', (d) => Boolean(mask && mask[d.i * m + Math.min(j, m - 1)] === 0))
        .select('text.value')
        .text((d) => (what ? `${what.label} ${plain(what.values[d.i * m + Math.min(j, m - 1)])}` : ''));
      group
        .selectAll('g.neuron')
        .select('rect')
        .attr('fill', (d) => (snap.twoD || snap.oneD ? 'none' : fillFor(what, d.i * m + Math.min(j, m - 1))));
    }
  }

  drawThumbnails(snap) {
    const ctx = this.canvas.getContext('2d');
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.layout.width, this.layout.height);
    const { node, neurons } = this.layout;
    const L = snap.sizes.length - 1;
    const rangeOf = (l) => (l === 0 ? [-1, 1] : snap.ranges[l]);
    if (snap.grid) {
      const { values, resolution: res } = snap.grid;
      if (!this.tile || this.tile.res !== res) this.tile = makeTile(res);
      const tile = this.tile;
      ctx.imageSmoothingEnabled = true;
      let block = 0;
      for (let l = 0; l <= L; l++) {
        const [lo, hi] = rangeOf(l);
        for (const d of neurons[l]) {
          paintBlock(values, block * res * res, res * res, tile.pixels, lo, hi, DIVERGING_LUT);
          tile.ctx.putImageData(tile.image, 0, 0);
          ctx.drawImage(tile.canvas, d.x - node / 2, d.y - node / 2, node, node);
          block++;
        }
      }
    } else if (snap.line) {
      const { layers } = snap.line;
      const count = layers[0].length;
      for (let l = 0; l <= L; l++) {
        const [lo, hi] = rangeOf(l);
        for (const d of neurons[l]) {
          const x0 = d.x - node / 2;
          const y0 = d.y - node / 2;
          ctx.fillStyle = '#fff';
          ctx.fillRect(x0, y0, node, node);
          ctx.beginPath();
          let started = false;
          for (let t = 0; t < count; t++) {
            const v = layers[l][d.i * count + t];
            if (!Number.isFinite(v)) {
              started = false;
              continue;
            }
            const px = x0 + (node * t) / (count - 1);
            const py = y0 + node * (1 - (Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo));
            if (started) ctx.lineTo(px, py);
            else ctx.moveTo(px, py);
            started = true;
          }
          ctx.strokeStyle = '#333';
          ctx.lineWidth = 1;
          ctx.stroke();
        }
      }
    }
  }
}

// Which quantity the neurons of layer l show in this phase: a during the forward pass, dZ / dA backward.
function neuronValue(phase, record, l) {
  if (!record || phase.kind === 'idle' || phase.kind === 'update') return null;
  if (phase.kind === 'forward') return l <= phase.layer ? { label: l === 0 ? 'x' : 'a', values: record.A[l] } : null;
  if (phase.kind === 'loss') return { label: l === 0 ? 'x' : 'a', values: record.A[l] };
  if (l === phase.layer) return { label: 'dz', values: record.dZ[l] };
  if (l === phase.layer - 1 && l > 0) return { label: 'da', values: record.dA[l] };
  if (l > phase.layer) return { label: 'dz', values: record.dZ[l] };
  return { label: l === 0 ? 'x' : 'a', values: record.A[l] };
}

function fillFor(what, index) {
  if (!what) return '#fff';
  const v = what.values[index];
  if (!Number.isFinite(v)) return '#ccc';
  return signColor(v) + (Math.abs(v) > 0.5 ? 'aa' : '55');
}

function neuronName(snap, l, i) {
  const L = snap.sizes.length - 1;
  if (l === 0) return `Input ${snap.inputLabels[i] ?? i + 1}`;
  const act = l === L ? snap.config.output : snap.config.hidden[l - 1];
  return `${l === L ? 'Output' : 'Layer ' + l} neuron ${i + 1} (${act})`;
}

const finite = (x) => (Number.isFinite(x) ? x : 0);

function maxAbs(values) {
  let best = 0;
  for (const v of values) if (Number.isFinite(v) && Math.abs(v) > best) best = Math.abs(v);
  return best;
}
