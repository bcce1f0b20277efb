// The training controls: play/pause, step one phase / example / batch / epoch, reset, speed, presentation
// size, a status line saying where the run and the animation are, and the last epoch's losses (accuracies).

import { SPEEDS } from '../state.js';
import { plain } from '../labels.js';

// What each speed does (app.js: PHASE_MS for the animated ones, one epoch per frame, or all of each frame).
const SPEED_LABELS = {
  slow: 'one phase per 1.2 s',
  medium: 'one phase per 0.5 s',
  fast: 'one phase per 0.15 s',
  epoch: 'one epoch per frame',
  max: 'as fast as possible',
};

// The live numbers: the last entry of the run's history under each key, named as the curves name them.
const LIVE = [
  ['train', 'training loss'],
  ['validation', 'validation loss'],
  ['trainAccuracy', 'training accuracy'],
  ['validationAccuracy', 'validation accuracy'],
];

function button(label, text, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.title = label;
  b.addEventListener('click', onClick);
  return b;
}

const percent = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '—');

export class ToolbarView {
  constructor(root, actions) {
    this.play = button('Play (space)', '▶ Play', actions.toggle);
    this.play.className = 'primary';
    const phase = button('Step one phase (→)', 'Phase ›', actions.stepPhase);
    const example = button(
      'Step one example: one optimizer step on a single training example',
      'Example',
      actions.stepExample,
    );
    const batch = button('Step one batch: one optimizer step', 'Batch', actions.stepBatch);
    const epoch = button('Step one epoch', 'Epoch', actions.stepEpoch);
    const reset = button('Reset: new weights from the seed', 'Reset', actions.reset);
    const speedId = 'ctl-speed';
    this.speed = document.createElement('select');
    this.speed.id = speedId;
    for (const s of SPEEDS) {
      const option = document.createElement('option');
      option.value = s;
      option.textContent = SPEED_LABELS[s];
      this.speed.append(option);
    }
    this.speed.addEventListener('change', () => actions.setState({ speed: this.speed.value }));
    const label = document.createElement('label');
    label.htmlFor = speedId;
    label.textContent = 'Speed';
    // Presentation size: a view setting like the speed, kept in the address (presentation=1).
    const presentation = document.createElement('label');
    presentation.className = 'presentation-toggle';
    this.presentation = presentation.appendChild(document.createElement('input'));
    this.presentation.type = 'checkbox';
    this.presentation.addEventListener('change', () => actions.setState({ presentation: this.presentation.checked }));
    presentation.append(' Presentation size');
    this.status = document.createElement('p');
    this.status.className = 'run-status';
    this.status.setAttribute('role', 'status');
    this.where = this.status.appendChild(document.createElement('span'));
    this.where.className = 'where';
    // The live numbers sit in the status line beside the epoch counter; each is its own element so a
    // change of one number rewrites only that text.
    this.live = this.status.appendChild(document.createElement('span'));
    this.live.className = 'live';
    this.values = {};
    for (const [key, name] of LIVE) {
      const item = this.live.appendChild(document.createElement('span'));
      item.className = 'live-item';
      item.append(`${name} `);
      const value = item.appendChild(document.createElement('b'));
      value.dataset.live = key;
      this.values[key] = { item, value };
    }
    const group = document.createElement('div');
    group.className = 'buttons';
    group.append(this.play, phase, example, batch, epoch, reset);
    const speed = document.createElement('div');
    speed.className = 'speed';
    speed.append(label, this.speed);
    root.append(group, speed, presentation, this.status);
  }

  // `lastExample`: {index, of} after an Example step (the status names that example), else null.
  update({ playing, speed, presentation = false, epoch, phase, status, stepInEpoch, batches, history, lastExample }) {
    this.play.textContent = playing ? '❚❚ Pause' : '▶ Play';
    this.play.setAttribute('aria-label', playing ? 'Pause (space)' : 'Play (space)');
    this.play.setAttribute('aria-pressed', String(playing));
    if (this.speed.value !== speed) this.speed.value = speed;
    if (this.presentation.checked !== presentation) this.presentation.checked = presentation;
    const where = phase.kind === 'idle' ? '' : ` · phase: ${phase.kind}${phase.layer ? ' ' + phase.layer : ''}`;
    const step = lastExample ? `example ${lastExample.index} of ${lastExample.of}` : `batch ${stepInEpoch}/${batches}`;
    const text = `Epoch ${epoch} · ${step}${where}${status === 'running' ? '' : ' · ' + status.replace('_', ' ')}`;
    if (this.where.textContent !== text) this.where.textContent = text;
    for (const [key] of LIVE) {
      const { item, value } = this.values[key];
      const series = history?.[key];
      item.hidden = !series || series.length === 0;
      if (item.hidden) continue;
      const last = series.at(-1);
      const shown = key.endsWith('Accuracy') ? percent(last) : plain(last);
      if (value.textContent !== shown) value.textContent = shown;
    }
  }
}
