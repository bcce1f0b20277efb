// The training controls: play/pause, step one phase / example / batch / epoch, reset, speed, and a status
// line saying where the run and the animation are.

import { SPEEDS } from '../state.js';

const SPEED_LABELS = {
  slow: 'animate slowly',
  medium: 'animate',
  fast: 'animate fast',
  epoch: 'one epoch per frame',
  max: 'as fast as possible',
};

function button(label, text, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.title = label;
  b.addEventListener('click', onClick);
  return b;
}

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
    this.status = document.createElement('p');
    this.status.className = 'run-status';
    this.status.setAttribute('role', 'status');
    const group = document.createElement('div');
    group.className = 'buttons';
    group.append(this.play, phase, example, batch, epoch, reset);
    const speed = document.createElement('div');
    speed.className = 'speed';
    speed.append(label, this.speed);
    root.append(group, speed, this.status);
  }

  update({ playing, speed, epoch, phase, status, stepInEpoch, batches }) {
    this.play.textContent = playing ? '❚❚ Pause' : '▶ Play';
    this.play.setAttribute('aria-label', playing ? 'Pause (space)' : 'Play (space)');
    this.play.setAttribute('aria-pressed', String(playing));
    if (this.speed.value !== speed) this.speed.value = speed;
    const where = phase.kind === 'idle' ? '' : ` · phase: ${phase.kind}${phase.layer ? ' ' + phase.layer : ''}`;
    const text = `Epoch ${epoch} · batch ${stepInEpoch}/${batches}${where}${status === 'running' ? '' : ' · ' + status.replace('_', ' ')}`;
    if (this.status.textContent !== text) this.status.textContent = text;
  }
}
