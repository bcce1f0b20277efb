// The equation panel: the current phase's formula rendered by KaTeX, and which example of the batch
// the numbers belong to.

import katex from 'katex';
import 'katex/dist/katex.min.css';
import { phaseTeX, phaseTitle } from '../equations.js';

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
    this.math = root.appendChild(document.createElement('div'));
    this.math.className = 'math';
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
    const tex = phaseTeX({ phase, rec: record, j, sizes, config });
    katex.render(tex, this.math, { displayMode: true, throwOnError: false, strict: 'ignore', output: 'htmlAndMathml' });
  }
}
