// The network diagram: an SVG of neurons and links (width from |w|, colour from sign; in the backward
// phases dW on the links and db on each neuron's bias mark) over a canvas of per-neuron heatmap thumbnails,
// with hover/focus inspection (a card at the pointer; a focused neuron: ↑/↓ walk its incoming links,
// Enter/Space pins it).

import { select } from 'd3-selection';
import { linkHorizontal } from 'd3-shape';
import { DIVERGING_LUT, makeTile, paintBlock, signColor } from './colors.js';
import { renderDetail, whole } from './inspector.js';

const PAD_TOP = 8;
const MIN_WIDTH = 0.4;
const MAX_WIDTH = 7;
const HIT_WIDTH = 9; // the invisible band around each link that takes the pointer
// Hit bands stop short of the squares by more than half their width: where a steep link bends at once,
// its band's inner edge bulges back by up to half the width, and a neuron must take the pointer first.
const HIT_GAP = HIT_WIDTH / 2 + 1;
const LINE = 1.25; // label line height, in font sizes
// The widest label a neuron can carry, to reserve room right of the output column.
const WIDEST = 'dz −8.88×10⁻¹⁸';
// The margin of the white plate round each value label: 2 px clear of any link, and a pixel or two to
// spare for antialiasing.
const PLATE = 4;
// The smallest square a finger taps reliably on a phone; below it the diagram drops its number columns.
const TAP = 16;
// The note in the caption strip when some numbers are left out for lack of room.
const HIDDEN_NOTE = 'tap or point at a neuron for its numbers';
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
    // The card at the pointer for the hovered or focused neuron or link (the panel keeps a pinned one).
    this.card = document.body.appendChild(document.createElement('div'));
    this.card.className = 'network-card';
    this.card.setAttribute('role', 'tooltip');
    this.card.hidden = true;
    this.legend = root.parentElement?.querySelector('.legend .legend-grad') ?? null;
    this.when = root.parentElement?.querySelector('.legend .legend-when') ?? null;
    this.measure = document.createElement('canvas').getContext('2d');
    this.hovered = null;
    this.key = '';
    this.tile = null;
    this.layout = null;
    // A pinned item's card moves with the page (it is fixed to the viewport, its item scrolls).
    addEventListener(
      'scroll',
      () => {
        if (!this.pinnedTarget || !this.lastSnap) return;
        const anchor = this.pinnedAnchor(this.pinnedTarget);
        if (!anchor || this.card.hidden) this.drawCard(this.lastSnap);
        else {
          this.anchor = anchor;
          this.placeCard();
        }
      },
      { passive: true },
    );
    new ResizeObserver(() => {
      this.key = '';
      this.fontCache = null;
      this.lastSnap && this.update(this.lastSnap);
    }).observe(root);
  }

  // The label font (from --network-font via the svg's computed style) and a width measure for it.
  font() {
    // Reading a computed style forces a style pass every frame; the font only changes with the body's
    // classes (presentation) or a rebuild, so it is read again only then.
    const cacheKey = document.body.className;
    if (this.fontCache?.key === cacheKey) return this.fontCache.font;
    const style = getComputedStyle(this.svg.node());
    const size = parseFloat(style.fontSize) || 11;
    this.measure.font = `${size}px ${style.fontFamily}`;
    // The font's ascent and descent, for the white plate behind each value label (drawNeurons).
    const metrics = this.measure.measureText('Hgy');
    const font = {
      size,
      width: (text) => this.measure.measureText(text).width,
      ascent: metrics.fontBoundingBoxAscent || size * 0.95,
      descent: metrics.fontBoundingBoxDescent || size * 0.25,
    };
    this.fontCache = { key: cacheKey, font };
    return font;
  }

  // Positions of every neuron for the current sizes and the container's size.
  computeLayout(sizes, inputLabels) {
    const font = this.font();
    const width = Math.max(320, this.root.clientWidth);
    const height = Math.max(240, this.root.clientHeight);
    const L = sizes.length - 1;
    const maxN = Math.max(...sizes);
    const bottom = Math.ceil(font.size * LINE) + 6; // the strip of the "input" / "output" captions
    const rowGap = (height - PAD_TOP - bottom) / maxN;
    // The inputs' names sit left of the first column, the output's values right of the last.
    const nameWidth = Math.max(...inputLabels.map((t) => font.width(t)));
    const valueWidth = font.width(WIDEST) + 6 + PLATE;
    const guess = Math.max(8, Math.min(38, rowGap * 0.78));
    const left = Math.ceil(Math.max(guess / 2 + 8, nameWidth + guess / 2 + 10, font.width('output') / 2 + 4));
    let right = Math.ceil(Math.max(guess / 2 + valueWidth, font.width('output') / 2 + 4));
    let colGap = (width - left - right) / Math.max(1, L);
    // Squares fill the rows but leave each column gap at least two thirds free for links and labels.
    let node = Math.max(8, Math.min(38, rowGap * 0.78, colGap / 3));
    // Too narrow for squares a finger can tap (a phone with many layers): the output's number column goes
    // and the gaps keep three fifths for the links. The numbers that no longer fit are left out, and a note
    // in the diagram says that the card at the pointer (or a tap) shows them.
    if (node < TAP) {
      const compactRight = Math.ceil(Math.max(guess / 2 + 6, font.width('output') / 2 + 4));
      const compactGap = (width - left - compactRight) / Math.max(1, L);
      const compactNode = Math.max(8, Math.min(38, rowGap * 0.78, compactGap / 2.5));
      if (compactNode > node) [right, colGap, node] = [compactRight, compactGap, compactNode];
    }
    const top = PAD_TOP + (height - PAD_TOP - bottom - maxN * rowGap) / 2;
    const neurons = sizes.map((n, l) =>
      Array.from({ length: n }, (_, i) => ({
        l,
        i,
        x: left + colGap * l,
        y: top + (maxN * rowGap) / 2 + (i - (n - 1) / 2) * rowGap,
      })),
    );
    // Room for a neuron's value labels: up to the next column's squares (or the edge), one row high.
    const room = sizes.map((_, l) => (l < L ? colGap - node - 8 - PLATE / 2 : right - node / 2 - 6 - PLATE));
    return { width, height, node, neurons, left, right, rowGap, room, font };
  }

  build(snap) {
    const { sizes } = snap;
    this.layout = this.computeLayout(sizes, snap.inputLabels);
    const { width, height, node, neurons, left, right, font } = this.layout;
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
    this.markedLink = '';
    const half = node / 2;
    // Elements kept for update(), which only changes attributes: per layer its links and neurons.
    this.links = [null];
    this.neuronEls = [];
    for (let l = 0; l < sizes.length; l++) {
      const group = this.svg.append('g').attr('class', 'layer').attr('data-layer', l);
      if (l > 0) {
        const links = [];
        for (const to of neurons[l]) for (const from of neurons[l - 1]) links.push({ from, to });
        const path = (d, gap) =>
          link({ source: [d.from.x + half + gap, d.from.y], target: [d.to.x - half - gap, d.to.y] });
        const drawn = group
          .append('g')
          .attr('class', 'links')
          .selectAll('path')
          .data(links)
          .join('path')
          .attr('class', 'link')
          .attr('d', (d) => path(d, 0));
        group
          .append('g')
          .attr('class', 'link-hits')
          .selectAll('path')
          .data(links)
          .join('path')
          .attr('class', 'link-hit')
          .attr('d', (d) => path(d, HIT_GAP))
          .attr('stroke-width', HIT_WIDTH)
          .on('mouseenter', (event, d) => this.hover({ type: 'link', l, i: d.to.i, k: d.from.i }, event))
          .on('mousemove', (event) => this.pointerMoved(event))
          .on('mouseleave', () => this.hover(null))
          .on('click', (event, d) => this.onInspect({ type: 'link', l, i: d.to.i, k: d.from.i, pin: true }));
        this.links.push(
          drawn.nodes().map((el, n) => ({ el, index: links[n].to.i * sizes[l - 1] + links[n].from.i, w: '', c: '' })),
        );
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
          this.hover({ type: 'neuron', l: d.l, i: d.i }, event);
        })
        .on('mousemove', (event) => this.pointerMoved(event))
        .on('mouseleave blur', () => {
          if (this.rebuilding) return;
          this.linkFocus = null;
          this.hover(null);
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
      // The bias mark (b, or db in the backward pass) in the square's lower left corner.
      const biasR = Math.max(2.5, node * 0.16);
      if (l > 0)
        nodes
          .append('circle')
          .attr('class', 'bias')
          .attr('cx', -half + biasR + 1)
          .attr('cy', half - biasR - 1);
      this.neuronEls.push(nodes.nodes().map((el) => ({ el, rect: el.firstChild, bias: el.children[1] ?? null })));
    }
    // The labels are painted last, above every link, and never take the pointer.
    const labels = this.svg.append('g').attr('class', 'labels').attr('aria-hidden', 'true');
    // Each neuron's values sit on a white plate a few pixels larger than their text: the links beneath
    // (its fan of outgoing links starts right there) stay clear of every number. The plates come first, so
    // one neuron's plate never covers a neighbour's text.
    const plates = labels.append('g').attr('class', 'plates');
    this.plateEls = neurons.map((column) =>
      column.map((d) => ({
        el: plates
          .append('rect')
          .attr('class', 'plate')
          .attr('transform', `translate(${d.x + half + 4},${d.y})`)
          .attr('rx', 2)
          .attr('display', 'none')
          .node(),
        key: '',
      })),
    );
    this.labelEls = neurons.map((column) =>
      column.map((d) => {
        const g = labels.append('g').attr('transform', `translate(${d.x + half + 4},${d.y})`);
        return [g.append('text').attr('class', 'value'), g.append('text').attr('class', 'value')].map((t) => ({
          el: t.node(),
          text: '',
        }));
      }),
    );
    labels
      .selectAll('text.feature')
      .data(neurons[0])
      .join('text')
      .attr('class', 'feature')
      .attr('x', (d) => d.x - half - 4)
      .attr('y', (d) => d.y + font.size * 0.35)
      .attr('text-anchor', 'end')
      .text((d) => snap.inputLabels[d.i] ?? `x${d.i + 1}`);
    for (const [x, caption] of [
      [left, 'input'],
      [width - right, 'output'],
    ])
      labels
        .append('text')
        .attr('class', 'layer-caption')
        .attr('x', x)
        .attr('y', height - 4)
        .attr('text-anchor', 'middle')
        .text(caption);
    // Between the "input" and "output" captions, where it fits: said only while numbers are left out.
    const noteRoom = width - right - left - (font.width('input') + font.width('output')) / 2 - 16;
    this.hiddenNote =
      font.width(HIDDEN_NOTE) <= noteRoom
        ? labels
            .append('text')
            .attr('class', 'layer-caption hidden-note')
            .attr('x', (left + width - right) / 2)
            .attr('y', height - 4)
            .attr('text-anchor', 'middle')
            .node()
        : null;
    this.hiddenNoteText = '';
    if (focused && focused.l < sizes.length && focused.i < sizes[focused.l]) {
      this.neuronEls[focused.l][focused.i].el.focus({ preventScroll: true });
    } else if (focused) this.linkFocus = null;
    this.rebuilding = false;
  }

  // Hover or focus: the panel follows (app.inspect) and the card appears beside the item: a neuron's
  // square or a focused element, or a small box round the pointer on a link.
  hover(target, event) {
    this.hovered = target;
    this.pinnedShown = ''; // the card changes hands: a pinned one is drawn afresh after a hover
    if (target && event) {
      if (event.type === 'focus' || target.type === 'neuron') {
        const box = event.currentTarget.getBoundingClientRect();
        this.anchor = { box, x: event.type === 'focus' ? box.right : event.clientX };
      } else this.anchor = { box: pointBox(event.clientX, event.clientY), x: event.clientX };
    }
    if (!target) this.card.hidden = true;
    this.onInspect(target);
  }

  // The pointer moved over the hovered item: on a link the card follows it, on a neuron it stays put.
  pointerMoved(event) {
    if (this.hovered?.type === 'link' && !this.linkFocus)
      this.anchor = { box: pointBox(event.clientX, event.clientY), x: event.clientX };
    this.placeCard();
  }

  // The card beside its item, never over it (a student reads the card and still sees what it describes):
  // below it, else above, else right or left of it, each kept inside the viewport.
  placeCard() {
    if (this.card.hidden || !this.anchor) return;
    const { box, x } = this.anchor;
    const gap = 8;
    const w = this.card.offsetWidth;
    const h = this.card.offsetHeight;
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const clamp = (left, top) => ({
      left: Math.max(4, Math.min(vw - w - 4, left)),
      top: Math.max(4, Math.min(vh - h - 4, top)),
    });
    const beside = x + gap + w <= vw - 4 ? x + gap : x - gap - w;
    const middle = (box.top + box.bottom) / 2 - h / 2;
    const places = [
      clamp(beside, box.bottom + gap),
      clamp(beside, box.top - gap - h),
      clamp(box.right + gap, middle),
      clamp(box.left - gap - w, middle),
    ];
    const clear = (p) => p.left >= box.right || p.left + w <= box.left || p.top >= box.bottom || p.top + h <= box.top;
    const place = places.find(clear) ?? places[0];
    this.card.style.left = `${place.left}px`;
    this.card.style.top = `${place.top}px`;
  }

  // The card shows the hovered or focused item; with none, a pinned item's (so its details stay on screen
  // beside it, where the inspector panel may be below the fold).
  drawCard(snap) {
    const t = this.hovered;
    const d = snap.detail;
    const same =
      t && d?.target && d.target.type === t.type && d.target.l === t.l && d.target.i === t.i && d.target.k === t.k;
    this.pinnedTarget = !t && d?.pinned && d.target ? d.target : null;
    // A pinned card shown while playing: redrawn (and so a layout read) only when what it says, the
    // diagram or the scroll position changed, not on every frame.
    const shownKey = this.pinnedTarget
      ? `${this.key}|${scrollX},${scrollY}|${d.title}|${d.rows.map((r) => r.join(':')).join('|')}`
      : '';
    if (shownKey && shownKey === this.pinnedShown) return;
    this.pinnedShown = shownKey;
    const pinned = this.pinnedTarget ? this.pinnedAnchor(this.pinnedTarget) : null;
    if (!same && !pinned) {
      this.card.hidden = true;
      this.card.classList.remove('pinned');
      return;
    }
    if (pinned) this.anchor = pinned;
    const parts = renderDetail(d, { compact: true });
    if (pinned) {
      const note = document.createElement('p');
      note.className = 'card-note';
      note.textContent = 'Pinned: click it again to unpin; edit it under “Learned by training”.';
      parts.push(note);
    }
    this.card.classList.toggle('pinned', Boolean(pinned));
    this.card.replaceChildren(...parts);
    this.card.hidden = false;
    this.placeCard();
  }

  // Where a pinned item is on screen now: its neuron's square, or a small box at its link's middle (null
  // when it is not drawn, or scrolled out of view, and so needs no card).
  pinnedAnchor(target) {
    const { type, l, i, k } = target;
    let box = null;
    if (type === 'neuron') box = this.neuronEls[l]?.[i]?.el.getBoundingClientRect() ?? null;
    else if (type === 'link' && l > 0 && this.links[l]) {
      const item = this.links[l][i * this.lastSnap.sizes[l - 1] + k];
      const path = item?.el;
      if (path) {
        const at = path.getPointAtLength(path.getTotalLength() / 2);
        const m = path.getScreenCTM();
        box = pointBox(m.a * at.x + m.c * at.y + m.e, m.b * at.x + m.d * at.y + m.f);
      }
    }
    if (!box) return null;
    const vh = document.documentElement.clientHeight;
    if (box.bottom < 0 || box.top > vh) return null;
    return { box, x: box.right };
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
      this.hovered = { type: 'link', l: d.l, i: d.i, k };
      this.onInspect(this.hovered);
      this.linkFocus = { l: d.l, i: d.i, k };
      this.markFocusedLink();
    }
  }

  markFocusedLink() {
    const f = this.linkFocus;
    // Only a change of the focused link (or a rebuild) touches the links' classes.
    const key = f ? `${f.l}/${f.i}/${f.k}` : '';
    if (key === this.markedLink) return;
    this.markedLink = key;
    this.svg
      .selectAll('path.link')
      .classed('focused', (d) => Boolean(f && d.to.l === f.l && d.to.i === f.i && d.from.i === f.k));
  }

  // Redraws from the snapshot by changing attributes of the elements build() made (a rebuild only for a
  // new architecture, size or font). Its cost is a User Timing measure, 'network-update', for tests and
  // the browser's performance panel.
  update(snap) {
    const started = performance.now();
    this.draw(snap);
    performance.measure('network-update', { start: started });
    // The buffer is the page's; keep it from growing over an hour of play.
    if (performance.getEntriesByName('network-update').length > 500) performance.clearMeasures('network-update');
  }

  draw(snap) {
    this.lastSnap = snap;
    const key = `${snap.sizes.join('-')}|${snap.inputLabels.join(',')}|${snap.config.hidden.join(',')}|${snap.config.output}|${this.font().size}`;
    if (key !== this.key || !this.layout) {
      // The diagram's height follows its tallest column on a wide screen (styles.css, layout3): a small
      // network leaves the rest of the screen to the equation. Set before build() reads the height.
      (this.root.closest('.centre') ?? this.root).style.setProperty('--network-rows', String(Math.max(...snap.sizes)));
      this.build(snap);
      this.key = key;
    }
    this.svg.classed('stepping', snap.stepping);
    const gradScale = stepGradientScale(snap.record);
    this.drawLinks(snap, gradScale);
    this.markFocusedLink();
    this.drawNeurons(snap, gradScale);
    this.drawThumbnails(snap);
    this.drawLegend(snap, gradScale);
    this.drawCard(snap);
  }

  // What the links stand for: the weights before or after this step's update, and in the backward pass dW
  // on one scale for the whole step (so a dW of 1e-8 stays thin next to one of 0.09 in any phase).
  drawLegend(snap, gradScale) {
    if (this.when) {
      this.when.textContent = snap.weightsBeforeUpdate
        ? "the weights before this step's update"
        : snap.stepping
          ? "the weights after this step's update"
          : 'the weights now';
    }
    if (this.legend) {
      this.legend.textContent = gradScale
        ? `dashed in the backward pass: dW (and db on the corner dot), width ∝ |dW| on one scale for this whole step, full width at ${whole(gradScale)} (its largest |dW| or |db|)`
        : 'dashed in the backward pass: dW (and db on the corner dot), on one scale per step';
      // Dropout's masks are drawn while a step is shown (drawNeurons): say what the dashed squares are.
      const masked = snap.phase.kind !== 'idle' && snap.record?.mask?.some(Boolean);
      if (masked) this.legend.textContent += ' · dashed grey squares: dropped by dropout in this step';
    }
  }

  drawLinks(snap, gradScale) {
    const { phase, weights, record } = snap;
    const L = snap.sizes.length - 1;
    for (let l = 1; l <= L; l++) {
      const group = this.svg.select(`g.layer[data-layer="${l}"]`);
      group.attr('data-active', activeKind(phase, l, L));
      const showGrad = phase.kind === 'backward' && phase.layer === l && record;
      const values = showGrad ? record.dW[l] : weights?.[l];
      if (!values) continue;
      // Weights take a fixed width per unit of |w|; gradients the step's one scale.
      const scale = showGrad ? (MAX_WIDTH - MIN_WIDTH) / gradScale : 2.2;
      group
        .select('g.links')
        .classed('grad', Boolean(showGrad))
        .classed('lit', phase.kind === 'forward' && phase.layer === l);
      for (const item of this.links[l]) {
        const v = finite(values[item.index]);
        const w = Math.min(MAX_WIDTH, MIN_WIDTH + Math.abs(v) * scale).toFixed(2);
        const c = signColor(v);
        if (w !== item.w) item.el.setAttribute('stroke-width', (item.w = w));
        if (c !== item.c) item.el.setAttribute('stroke', (item.c = c));
      }
    }
  }

  drawNeurons(snap, gradScale) {
    const { phase, record, j } = snap;
    const L = snap.sizes.length - 1;
    const { room, rowGap, font } = this.layout;
    const lineHeight = font.size * LINE;
    const lines = Math.floor((rowGap - 1) / lineHeight);
    const m = record?.m ?? 1;
    const col = Math.min(j, m - 1);
    let leftOut = false;
    for (let l = 0; l <= L; l++) {
      const shown = neuronValues(phase, record, l);
      const mask = record && phase.kind !== 'idle' ? record.mask[l] : null;
      const texts = this.neuronEls[l].map((_, i) =>
        shown.map((what) => `${what.label} ${whole(what.values[i * m + col])}`),
      );
      // Two quantities take two lines where the rows have room, else one line if it fits, else the last;
      // a label wider than its room is left out (the card shows it) rather than drawn over the next layer.
      const layout = texts.map((parts) => {
        if (parts.length === 0 || lines < 1) return [];
        if (parts.length > 1 && lines >= parts.length) return parts;
        const joined = parts.join('  ');
        return font.width(joined) <= room[l] ? [joined] : [parts[parts.length - 1]];
      });
      const fits = layout.every((ls) => ls.every((t) => font.width(t) <= room[l]));
      if (shown.length && (!fits || lines < 1)) leftOut = true;
      this.neuronEls[l].forEach(({ el, rect, bias }, i) => {
        const index = i * m + col;
        el.classList.toggle('dropped', Boolean(mask && mask[index] === 0));
        const what = shown[shown.length - 1];
        rect.setAttribute('fill', snap.twoD || snap.oneD ? 'none' : fillFor(what, index));
        if (bias) drawBias(bias, snap, l, i, gradScale);
        const ls = fits ? layout[i] : [];
        this.labelEls[l][i].forEach((label, n) => {
          const text = ls[n] ?? '';
          if (text !== label.text) {
            label.el.textContent = label.text = text;
          }
          const y = ((n - (ls.length - 1) / 2) * lineHeight + font.size * 0.35).toFixed(1);
          if (label.y !== y) label.el.setAttribute('y', (label.y = y));
        });
        drawPlate(this.plateEls[l][i], ls, font, lineHeight);
      });
    }
    const note = leftOut ? HIDDEN_NOTE : '';
    if (this.hiddenNote && note !== this.hiddenNoteText) this.hiddenNote.textContent = this.hiddenNoteText = note;
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

// The group the animation is on: the layer being computed forward or backward, the output in the loss.
function activeKind(phase, l, L) {
  if (phase.kind === 'forward' || phase.kind === 'backward') return phase.layer === l ? phase.kind : null;
  if (phase.kind === 'loss') return l === L ? 'loss' : null;
  return null;
}

// One gradient scale for a whole step: its largest |dW| or |db| over every layer (null without a step).
function stepGradientScale(record) {
  if (!record) return null;
  if (record.gradScale === undefined) {
    let best = 0;
    for (let l = 1; l <= record.L; l++) best = Math.max(best, maxAbs(record.dW[l]), maxAbs(record.db[l]));
    record.gradScale = best > 0 ? best : null;
  }
  return record.gradScale;
}

// The bias mark: b (the one the links' weights go with), or db on the step's gradient scale from the
// backward phase of this layer on.
function drawBias(el, snap, l, i, gradScale) {
  const { phase, record } = snap;
  const grad = record && gradScale && phase.kind === 'backward' && l >= phase.layer;
  const v = finite(grad ? record.db[l][i] : snap.biases?.[l]?.[i]);
  const full = grad ? gradScale : 1;
  const r = (1.5 + 3 * Math.min(1, Math.abs(v) / full)).toFixed(2);
  el.setAttribute('r', r);
  el.setAttribute('fill', signColor(v));
  el.classList.toggle('grad', Boolean(grad));
}

// What the neurons of layer l show in this phase: z and a where the forward pass is computing, a (x) where
// it has been; backward dz at the layer, da below it.
function neuronValues(phase, record, l) {
  if (!record || phase.kind === 'idle' || phase.kind === 'update') return [];
  const a = { label: l === 0 ? 'x' : 'a', values: record.A[l] };
  if (phase.kind === 'forward') {
    if (l === phase.layer) return [{ label: 'z', values: record.Z[l] }, a];
    return l < phase.layer ? [a] : [];
  }
  if (phase.kind === 'loss') return [a];
  if (l >= phase.layer && l > 0) return [{ label: 'dz', values: record.dZ[l] }];
  if (l === phase.layer - 1 && l > 0) return [{ label: 'da', values: record.dA[l] }];
  return [a];
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

// The white plate behind a neuron's label lines `ls` (text at x = 0, centred on y = 0 as drawNeurons sets
// them), PLATE px larger than the text on every side; changed only when the text does.
function drawPlate(plate, ls, font, lineHeight) {
  const key = ls.join('\n');
  if (key === plate.key) return;
  plate.key = key;
  if (!ls.length) {
    plate.el.setAttribute('display', 'none');
    return;
  }
  const first = (-(ls.length - 1) / 2) * lineHeight + font.size * 0.35;
  const last = first + (ls.length - 1) * lineHeight;
  const top = first - font.ascent - PLATE;
  plate.el.setAttribute('x', String(-PLATE));
  plate.el.setAttribute('y', top.toFixed(1));
  plate.el.setAttribute('width', (Math.max(...ls.map(font.width)) + 2 * PLATE).toFixed(1));
  plate.el.setAttribute('height', (last + font.descent + PLATE - top).toFixed(1));
  plate.el.removeAttribute('display');
}

// A small box round a point (the pointer on a link): the card keeps off it.
const pointBox = (x, y) => ({ left: x - 6, right: x + 6, top: y - 6, bottom: y + 6 });

const finite = (x) => (Number.isFinite(x) ? x : 0);

function maxAbs(values) {
  let best = 0;
  for (const v of values ?? []) if (Number.isFinite(v) && Math.abs(v) > best) best = Math.abs(v);
  return best;
}
