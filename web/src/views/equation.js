// The equation panel: the current phase's formula rendered by KaTeX, and which example of the batch
// the numbers belong to; matrices elided further when they would not fit, and a visible cue where it scrolls.

import katex from 'katex';
import 'katex/dist/katex.min.css';
import { ELISIONS, phaseTeX, phaseTitle } from '../equations.js';
import { phasesFor } from '../timeline.js';

// \htmlClass marks the current example's value (equations.js); no other trusted command is allowed.
const KATEX = {
  displayMode: true,
  throwOnError: false,
  strict: 'ignore',
  output: 'htmlAndMathml',
  trust: (context) => context.command === '\\htmlClass',
};
const LIVE = { ...KATEX, output: 'html' };
const LABEL = 'Equations (scrollable)';

export class EquationView {
  // `onPending()`: a try that did not fit after a resize asks for a frame to render the next (app.js).
  constructor(root, { onExample, onPending = () => {} }) {
    this.title = root.appendChild(document.createElement('h2'));
    const chooser = root.appendChild(document.createElement('div'));
    chooser.className = 'example-chooser';
    const label = chooser.appendChild(document.createElement('label'));
    label.htmlFor = 'ctl-example';
    label.textContent = 'Numbers shown for example';
    this.example = chooser.appendChild(document.createElement('input'));
    Object.assign(this.example, { id: 'ctl-example', type: 'number', min: '1', value: '1', step: '1' });
    this.m = 1;
    // An example outside the step (or no number) is said at the field (aria-invalid, a message it is
    // described by) and the nearest example shown, until a good number is typed.
    this.example.addEventListener('change', () => {
      const raw = this.example.value;
      const typed = Number(raw);
      const good = raw !== '' && Number.isInteger(typed) && typed >= 1 && typed <= this.m;
      const shown = good ? typed : Math.min(this.m, Math.max(1, Math.round(typed) || 1));
      this.showError(
        good
          ? ''
          : `“${raw || 'not a number'}” is not an example of this step (1..${this.m}); showing example ${shown}.`,
      );
      this.example.value = String(shown);
      onExample(shown - 1);
    });
    this.ofM = chooser.appendChild(document.createElement('span'));
    this.error = root.appendChild(document.createElement('p'));
    this.error.className = 'field-error example-error';
    this.error.id = 'ctl-example-error';
    this.error.hidden = true;
    // The frame holds the scrolling math and, over its edges, the cues that say more is to the right / below.
    const frame = root.appendChild(document.createElement('div'));
    frame.className = 'math-frame';
    this.math = frame.appendChild(document.createElement('div'));
    this.math.className = 'math';
    this.math.tabIndex = 0; // a keyboard user can scroll it too
    this.math.setAttribute('role', 'region');
    this.math.setAttribute('aria-label', LABEL);
    this.cues = {};
    for (const side of ['right', 'bottom']) {
      const cue = frame.appendChild(document.createElement('div'));
      cue.className = `scroll-cue ${side}`;
      // Hidden from screen readers (the region itself is focusable and scrolls by keys); for the pointer it is
      // a button: a click shows the next part, as a student expects of an arrow that says "more".
      cue.setAttribute('aria-hidden', 'true');
      cue.textContent = side === 'right' ? '›' : '⌄ more below';
      cue.title = side === 'right' ? 'Scroll the equation right' : 'Scroll the equation down';
      cue.hidden = true;
      cue.addEventListener('click', () => this.scrollOn(side));
      this.cues[side] = cue;
    }
    this.math.addEventListener('scroll', () => this.showCues(), { passive: true });
    this.width = 0;
    // A new width may fit more (or fewer) entries: render again, in the next frame (frame work, issue 10
    // item 16: a render here would be a second one in the frame that changed the layout).
    this.resize = new ResizeObserver(() => {
      if (this.math.clientWidth === this.width || !this.args) return;
      this.width = this.math.clientWidth;
      this.pending = true;
      onPending();
    });
    this.resize.observe(this.math);
    this.key = null;
  }

  // Returns whether it rendered a formula (a KaTeX render and its layout: the frame's heavy work). A try
  // that did not fit leaves `pending` set, and the next update renders the next try (frame work, below).
  // `live`: the formula changes every phase while playing at an animated speed; it is then rendered without
  // KaTeX's MathML copy (a third of its render and layout), and the region says to pause to have it read.
  // `spread` (while playing, app.js): one fitting try per update, the next in the next frame; otherwise every
  // try the formula needs, at once (a paused page draws a step's views in one frame).
  // `classes`: the data set's class names (labels.js), which the output rows are named by; null for regression.
  update({ phase, record, j, sizes, config, classes = null, live = false, spread = live }) {
    const key = `${phase.kind}|${phase.layer}|${record ? record.id : ''}|${j}|${sizes.join()}|${config.hidden.join()}|${config.output}|${live}|${classes?.join()}`;
    if (key === this.key) {
      if (!this.pending) return false;
      this.fit(spread);
      return true;
    }
    this.key = key;
    // A new phase (or step) opens at its top-left, however far the last formula was scrolled; another
    // example of the same phase keeps the place the student scrolled to, to compare its numbers there.
    const place = `${phase.kind}|${phase.layer}|${record ? record.id : ''}`;
    if (place !== this.place) this.toTop = true;
    this.place = place;
    this.title.textContent = phaseTitle(phase);
    const m = record ? record.m : 1;
    if (record?.id !== this.recordId) this.showError(''); // a new step: the old range no longer applies
    this.recordId = record?.id;
    this.m = m;
    this.example.max = String(m);
    this.example.value = String(Math.min(j, m - 1) + 1);
    this.example.disabled = !record || phase.kind === 'idle';
    this.ofM.textContent = record ? ` of the step's ${m}` : '';
    this.args = { phase, rec: record, j, sizes, config, classes };
    this.live = live;
    this.math.setAttribute(
      'aria-label',
      live ? 'Equations (scrollable; they change with every phase while playing: pause to have them read)' : LABEL,
    );
    this.fit(spread);
    return true;
  }

  fit(spread) {
    do this.draw();
    while (!spread && this.pending);
  }

  // Renders with the most entries per matrix that fit the panel's width (ELISIONS, largest first), then
  // with a product's last term on its own line, then in a smaller type; what still does not fit scrolls,
  // with the cue shown.
  draw() {
    this.width = this.math.clientWidth;
    const { tries, first, shape } = this.tryFor(this.args.phase);
    // Frame work (issue 10 item 16): one try per call, 15–30 ms each with 6 layers of 8; a try that does not
    // fit leaves the next one for the next frame (`pending`), so no frame renders two.
    const { compact = false, ...layout } = tries[first];
    this.math.classList.toggle('compact', compact);
    const tex = phaseTeX({ ...this.args, ...layout });
    // A formula prepared in idle time (prefetch, below) is swapped in whole: the frame that changes the phase
    // does no KaTeX work. Only the very same TeX is taken, so a change of example, width or settings since
    // renders afresh.
    const ready = this.ready;
    this.ready = null;
    const prepared = Boolean(ready && ready.tex === tex && ready.live === this.live);
    if (prepared) this.math.replaceChildren(...ready.node.childNodes);
    else katex.render(tex, this.math, this.live ? LIVE : KATEX);
    this.math.dataset.prepared = String(prepared); // which way it came (tests, and a reader of the DOM)
    this.math.dataset.limit = String(layout.limit); // the entries per matrix side it was drawn with
    const fitted = this.math.scrollWidth <= this.math.clientWidth;
    this.pending = !fitted && first < tries.length - 1;
    this.fits.set(shape, this.pending ? first + 1 : first);
    this.math.scrollLeft = 0;
    if (this.toTop) this.math.scrollTop = 0;
    this.toTop = false;
    this.showCues();
    if (this.live && !this.pending) this.prefetch();
  }

  // The tries in order and the one to start from for `phase` at the panel's width.
  tryFor(phase) {
    const last = ELISIONS.at(-1);
    const tries = [
      ...ELISIONS.map((limit) => ({ limit })),
      { limit: last, narrow: true },
      { limit: last, narrow: true, compact: true }, // a smaller type (styles.css), still ≥ 15 px
    ];
    // Each try is a KaTeX render plus a layout (up to 57 ms for all of them with 6 layers of 8, issue 10
    // item 16). The numbers change between steps but the formula's shape does not, so start from the try
    // that fitted last time for this shape and width; a wider formula still moves on to the later tries.
    const { sizes, config } = this.args;
    const shape = `${phase.kind}|${phase.layer}|${sizes.join()}|${config.hidden.join()}|${config.output}|${this.width}|${this.live}`;
    this.fits ??= new Map();
    // While playing the formula changes every phase, too fast to read 6 × 6 entries: it starts at the next
    // elision (about half the KaTeX nodes, so half the render and layout: frame work, issue 10 item 16).
    // A step's first phase (forward 1) cannot be prepared in idle time (its step is taken as it starts, see
    // prefetch), so while playing it starts one elision further still: its render is that frame's whole
    // KaTeX work.
    const least = this.live ? (phase.kind === 'forward' && phase.layer === 1 ? 2 : 1) : 0;
    const first = Math.min(Math.max(this.fits.get(shape) ?? 0, least), tries.length - 1);
    return { tries, first, shape };
  }

  // While playing, the next phase of the same step is rendered in idle time into a detached element (KaTeX
  // builds its nodes without a layout), ready for draw() to swap in (issue 10 item 16: a phase change took
  // 52–75 ms at 6 × 16, about 30 ms of it KaTeX). The update's successor is the next step, not known yet.
  prefetch() {
    const { phase, rec } = this.args;
    if (!rec || typeof requestIdleCallback !== 'function') return;
    const phases = phasesFor(rec.L);
    const next = phases[phases.findIndex((p) => p.kind === phase.kind && p.layer === phase.layer) + 1];
    if (!next) return;
    if (this.idle) cancelIdleCallback(this.idle);
    this.idle = requestIdleCallback(
      () => {
        this.idle = null;
        if (!this.live || this.args.rec !== rec) return; // paused, or the step has moved on
        const { tries, first } = this.tryFor(next);
        const { compact: _, ...layout } = tries[first];
        const tex = phaseTeX({ ...this.args, phase: next, ...layout });
        const node = document.createElement('div');
        katex.render(tex, node, LIVE);
        this.ready = { tex, live: true, node };
      },
      // At most 50 ms late: a busy page (6 × 16) has few idle periods, and a phase lasts 150 ms at 'fast'.
      { timeout: 50 },
    );
  }

  showError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
    if (text) {
      this.example.setAttribute('aria-invalid', 'true');
      this.example.setAttribute('aria-describedby', this.error.id);
    } else {
      this.example.removeAttribute('aria-invalid');
      this.example.removeAttribute('aria-describedby');
    }
  }

  // Most of a panel further (a strip of the last part stays in view, to keep the reader's place).
  scrollOn(side) {
    const m = this.math;
    const behavior = matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
    if (side === 'right') m.scrollBy({ left: Math.max(40, m.clientWidth * 0.8), behavior });
    else m.scrollBy({ top: Math.max(30, m.clientHeight * 0.75), behavior });
  }

  showCues() {
    const m = this.math;
    this.cues.right.hidden = m.scrollLeft + m.clientWidth >= m.scrollWidth - 1;
    this.cues.bottom.hidden = m.scrollTop + m.clientHeight >= m.scrollHeight - 1;
  }
}
