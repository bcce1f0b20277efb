// The forward/backward timeline of one training step: the ordered phases (forward l = 1..L, the loss,
// backward l = L..1, the update) and which one the animation is showing.

export function phasesFor(L) {
  const phases = [];
  for (let l = 1; l <= L; l++) phases.push({ kind: 'forward', layer: l });
  phases.push({ kind: 'loss', layer: L });
  for (let l = L; l >= 1; l--) phases.push({ kind: 'backward', layer: l });
  phases.push({ kind: 'update', layer: null });
  return phases;
}

export const IDLE = Object.freeze({ kind: 'idle', layer: null });

export class Timeline {
  constructor() {
    this.record = null; // the step being shown (session.record), or the last one taken
    this.phases = [];
    this.index = -1; // -1: idle
  }

  // Starts showing a freshly taken step from its first phase.
  begin(record) {
    this.record = record;
    this.phases = phasesFor(record.L);
    this.index = 0;
  }

  // Shows a step that was taken in one go: its record stays inspectable, the animation is idle.
  finish(record) {
    this.record = record;
    this.phases = record ? phasesFor(record.L) : [];
    this.index = -1;
  }

  clear() {
    this.record = null;
    this.phases = [];
    this.index = -1;
  }

  // True while a step is part-way through its phases (the next stepPhase continues it).
  inProgress() {
    return this.index >= 0 && this.index < this.phases.length - 1;
  }

  // Moves to the next phase; returns false when the step has already reached its update.
  advance() {
    if (!this.inProgress()) return false;
    this.index++;
    return true;
  }

  current() {
    return this.index >= 0 ? this.phases[this.index] : IDLE;
  }

  // Whether the step's update has been shown (the links then show the weights after it).
  updated() {
    return this.index < 0 || this.current().kind === 'update';
  }
}
