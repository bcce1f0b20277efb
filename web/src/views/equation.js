// The equation panel: the current phase's formula rendered by KaTeX, and which example of the batch
// the numbers belong to; matrices elided further when they would not fit, and a visible cue where it scrolls.

import katex from 'katex';
import 'katex/dist/katex.min.css';
import { ELISIONS, phaseTeX, phaseTitle } from '../equations.js';

// \htmlClass marks the current example's value (equations.js); no other trusted command is allowed.
const KATEX = {
  displayMode: true,
  throwOnError: false,
  strict: 'ignore',
  output: 'htmlAndMathml',
  trust: (context) => context.command === '\\htmlClass',
};

export class EquationView {
  constructor(root, { onExample }) {
    this.title = root.appendChild(document.createElement('h2'));
    const chooser = root.appendChild(document.createElement('div'));
    chooser.className = 'example-chooser';
    const label = chooser.appendChild(document.createElement('label'));
    label.htmlFor = 'ctl-example';
    label.textContent = 'Numbers shown for example';
    this.example = chooser.appendChild(document.createElement('input'));
    Object.assign(this.example, { id: 'ctl-example', type: 'number', min: '1', value: '1', step: '1' });
    this.example.addEventListener('change', () =>
      onExample(Math.max(0, Math.round(Number(this.example.value) || 1) - 1)),
    );
    this.ofM = chooser.appendChild(document.createElement('span'));
    // The frame holds the scrolling math and, over its edges, the cues that say more is to the right / below.
    const frame = root.appendChild(document.createElement('div'));
    frame.className = 'math-frame';
    this.math = frame.appendChild(document.createElement('div'));
    this.math.className = 'math';
    this.math.tabIndex = 0; // a keyboard user can scroll it too
    this.math.setAttribute('role', 'region');
    this.math.setAttribute('aria-label', 'Equations (scrollable)');
    this.cues = {};
    for (const side of ['right', 'bottom']) {
      const cue = frame.appendChild(document.createElement('div'));
      cue.className = `scroll-cue ${side}`;
      cue.setAttribute('aria-hidden', 'true');
      cue.textContent = side === 'right' ? '›' : '⌄';
      cue.hidden = true;
      this.cues[side] = cue;
    }
    this.math.addEventListener('scroll', () => this.showCues(), { passive: true });
    this.width = 0;
    // A new width may fit more (or fewer) entries: render again, and re-check the cues.
    this.resize = new ResizeObserver(() => {
      if (this.math.clientWidth === this.width || !this.args) return;
      this.width = this.math.clientWidth;
      this.draw();
    });
    this.resize.observe(this.math);
    this.key = null;
  }

  update({ phase, record, j, sizes, config }) {
    const key = `${phase.kind}|${phase.layer}|${record ? record.id : ''}|${j}|${sizes.join()}|${config.hidden.join()}|${config.output}`;
    if (key === this.key) return;
    this.key = key;
    this.title.textContent = phaseTitle(phase);
    const m = record ? record.m : 1;
    this.example.max = String(m);
    this.example.value = String(Math.min(j, m - 1) + 1);
    this.example.disabled = !record || phase.kind === 'idle';
    this.ofM.textContent = record ? ` of the step's ${m}` : '';
    this.args = { phase, rec: record, j, sizes, config };
    this.draw();
  }

  // Renders with the most entries per matrix that fit the panel's width (ELISIONS, largest first); what
  // still does not fit scrolls, with the cue shown.
  draw() {
    this.width = this.math.clientWidth;
    for (const limit of ELISIONS) {
      katex.render(phaseTeX({ ...this.args, limit }), this.math, KATEX);
      if (this.math.scrollWidth <= this.math.clientWidth) break;
    }
    this.math.scrollLeft = 0;
    this.showCues();
  }

  showCues() {
    const m = this.math;
    this.cues.right.hidden = m.scrollLeft + m.clientWidth >= m.scrollWidth - 1;
    this.cues.bottom.hidden = m.scrollTop + m.clientHeight >= m.scrollHeight - 1;
  }
}
