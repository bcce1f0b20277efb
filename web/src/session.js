// The engine session: owns the Embind objects (Dataset, Network, Trainer), rebuilds or adjusts them when
// the state changes, runs training, and hands out snapshots (copies) for the views. No math happens here.

import { PROPERTIES, changedKeys } from './state.js';

const OUTPUT_PAIRS = {
  binary: [['sigmoid', 'bce'], ['sigmoid', 'mse'], ['tanh', 'mse'], ['linear', 'mse']],
  multiclass: [['softmax', 'cross_entropy']],
  regression: [['linear', 'mse'], ['tanh', 'mse'], ['sigmoid', 'mse']],
};
// Past runs kept faded on the loss chart.
const KEPT_RUNS = 4;

export function taskKind(info) {
  if (info.task === 'regression') return 'regression';
  return info.numClasses > 2 ? 'multiclass' : 'binary';
}

export function outputPairs(info) {
  return OUTPUT_PAIRS[taskKind(info)];
}

export class Session {
  constructor(bp) {
    this.bp = bp;
    this.dataset = null;
    this.net = null;
    this.trainer = null;
    this.info = null;
    this.state = null;
    this.version = 0;        // bumps whenever the weights change, so cached grids know they are stale
    this.runId = 0;
    this.pastRuns = [];
    this.exampleCursor = 0;
    this.divergedByExample = '';
    this.gridCache = null;
  }

  // Brings the engine objects in line with `next`. Returns {state, notices, reset}: `state` is `next` with
  // the cross-field fixes the data set demands (e.g. softmax + cross-entropy for three classes).
  // `given` lists the keys the user set explicitly (a fix of one of them deserves a notice).
  apply(next, given = []) {
    const prev = this.state;
    const changed = prev ? changedKeys(prev, next) : Object.keys(next);
    const groups = new Set(changed.map((key) => PROPERTIES[key].group));
    const notices = [];
    const state = structuredClone(next);
    let reset = false;

    if (!this.dataset || groups.has('data')) {
      this.replaceDataset(state, notices);
      reset = true;
    }
    reset = this.fixOutput(state, notices, given.includes('output') || given.includes('loss')) || reset;
    if (reset || groups.has('network') || this.status() === 'diverged' && groups.has('optimizer')) {
      this.rebuildNetwork(state);
      reset = true;
    } else {
      if (groups.has('optimizer')) this.net.setOptimizer(optimizerOptions(state));
      if (groups.has('regularization')) this.net.setRegularization(regularizationOptions(state));
      if (changed.includes('batch')) this.trainer.setBatchSize(this.batchSize(state));
      if (changed.includes('patience')) this.trainer.setPatience(state.patience);
    }
    this.state = state;
    this.version++;
    return { state, notices, reset };
  }

  replaceDataset(state, notices) {
    const probe = this.dataset?.info().name === state.dataset ? this.dataset.info() : null;
    const classification = probe ? probe.task === 'classification' : !['sin', 'abs', 'step', 'cubic', 'line', 'plane']
      .includes(state.dataset);
    if (classification && state.noise > 0.5) {
      notices.push(`Noise: a label-flip probability is at most 0.5 for ${state.dataset}; using 0.5.`);
      state.noise = 0.5;
    }
    const options = { name: state.dataset, n: state.n, noise: state.noise, seed: state.seed,
      validationFraction: state.split };
    const twoD = !['sin', 'abs', 'step', 'cubic', 'line', 'iris'].includes(state.dataset);
    if (twoD) options.features = state.features;
    if (state.dataset === 'iris') delete options.n;
    // Losses on another data set do not compare: the faded runs go with the old one.
    this.deleteRun();
    this.pastRuns = [];
    this.dataset?.delete();
    this.dataset = new this.bp.Dataset(options);
    this.info = this.dataset.info();
    this.trainX = this.dataset.trainX();
    this.trainY = this.dataset.trainY();
    this.exampleCursor = 0;
    this.datasetId = (this.datasetId ?? 0) + 1;
  }

  // Output activation and loss must be a pair the task accepts.
  fixOutput(state, notices, explicit) {
    const pairs = outputPairs(this.info);
    if (pairs.some(([o, l]) => o === state.output && l === state.loss)) return false;
    const [output, loss] = pairs[0];
    if (explicit) {
      notices.push(`Output ${state.output} with loss ${state.loss} does not suit ${state.dataset}; using ${output} + ${loss}.`);
    }
    state.output = output;
    state.loss = loss;
    return true;
  }

  rebuildNetwork(state) {
    if (this.trainer) this.keepRun();
    this.deleteRun();
    const sizes = [this.info.inputs, ...state.layers, this.info.outputs];
    this.net = new this.bp.Network({ sizes, hidden: state.act, output: state.output, loss: state.loss,
      init: state.init, seed: state.seed });
    this.net.setOptimizer(optimizerOptions(state));
    this.net.setRegularization(regularizationOptions(state));
    const trainerOptions = { batchSize: this.batchSize(state), seed: state.seed, patience: state.patience };
    // The engine calls an epoch diverged when its loss exceeds 10× the loss before training.
    this.trainer = new this.bp.Trainer(this.net, this.dataset, trainerOptions);
    this.divergedByExample = '';
    this.runId++;
    this.gridCache = null;
  }

  batchSize(state) {
    return Math.min(state.batch, this.info.nTrain);
  }

  // Keeps the finished run's curves (if it trained at all) for the faded comparison.
  keepRun() {
    const history = this.trainer.history();
    if (history.train.length === 0) return;
    const s = this.state;
    this.pastRuns.push({ id: this.runId, label: `${s.optimizer} η=${s.lr}, ${s.layers.join('-')}`, history });
    if (this.pastRuns.length > KEPT_RUNS) this.pastRuns.shift();
  }

  deleteRun() {
    this.trainer?.delete();
    this.net?.delete();
    this.trainer = null;
    this.net = null;
  }

  // A new run with the same settings (fresh weights from the seed).
  reset() {
    this.rebuildNetwork(this.state);
    this.version++;
  }

  status() {
    if (this.divergedByExample) return 'diverged';
    return this.trainer ? this.trainer.status() : 'running';
  }

  stopReason() {
    return this.divergedByExample || this.trainer?.stopReason() || '';
  }

  // Continuous training: about `ms` of steps, at most `maxEpochs` epochs.
  trainFor(ms, maxEpochs) {
    if (this.status() !== 'running') return { steps: 0, epochs: 0 };
    const done = this.trainer.trainFor(ms, maxEpochs);
    if (done.steps > 0) this.version++;
    return done;
  }

  stepEpoch() {
    if (this.status() !== 'running') return;
    this.trainer.runEpoch();
    this.version++;
  }

  // One optimizer step on the trainer's next batch, recorded for the animation.
  stepBatch() {
    if (this.status() !== 'running') return null;
    const before = this.parameters();
    const loss = this.trainer.step();
    this.version++;
    const rows = Array.from(this.trainer.lastBatch());
    return this.record('batch', loss, before, rows);
  }

  // One optimizer step on a single training example (the next one in order), outside the epoch count.
  stepExample() {
    if (this.status() !== 'running') return null;
    const i = this.exampleCursor % this.info.nTrain;
    this.exampleCursor = i + 1;
    const n0 = this.info.inputs;
    const nL = this.info.outputs;
    const before = this.parameters();
    const loss = this.net.step(this.trainX.subarray(i * n0, (i + 1) * n0), this.trainY.subarray(i * nL, (i + 1) * nL), 1);
    this.version++;
    if (!Number.isFinite(loss) || !this.parametersFinite()) {
      this.divergedByExample = 'diverged: a single-example step made the loss or the weights non-finite; the learning rate is probably too high';
    }
    return this.record('example', loss, before, [i]);
  }

  parameters() {
    const W = [null];
    const b = [null];
    for (let l = 1; l <= this.net.numLayers(); l++) {
      W.push(this.net.weights(l));
      b.push(this.net.biases(l));
    }
    return { W, b };
  }

  parametersFinite() {
    const { W, b } = this.parameters();
    return W.concat(b).every((v) => v === null || v.every(Number.isFinite));
  }

  // Everything the animation and the equations show about the step just taken: copies of the caches.
  record(kind, loss, before, rows) {
    const net = this.net;
    const L = net.numLayers();
    const nL = this.info.outputs;
    const Y = new Float64Array(rows.length * nL);
    rows.forEach((row, j) => Y.set(this.trainY.subarray(row * nL, (row + 1) * nL), j * nL));
    this.recordCount = (this.recordCount ?? 0) + 1;
    const rec = { id: this.recordCount, kind, loss, rows, m: rows.length, Y, sizes: net.sizes(), L, W: before.W, b: before.b,
      Z: [null], A: [net.a(0)], dZ: [null], dA: [null], dW: [null], db: [null], mask: [null], Wafter: [null],
      bAfter: [null], optimizer: net.optimizer(), config: net.config(), dataLoss: loss, t: net.optimizerState(1).t };
    for (let l = 1; l <= L; l++) {
      rec.Z.push(net.z(l));
      rec.A.push(net.a(l));
      rec.dZ.push(net.dz(l));
      rec.dA.push(net.da(l));
      rec.dW.push(net.gradWeights(l));
      rec.db.push(net.gradBiases(l));
      rec.mask.push(net.dropoutMask(l));
      rec.Wafter.push(net.weights(l));
      rec.bAfter.push(net.biases(l));
    }
    return rec;
  }

  history() {
    return this.trainer ? this.trainer.history() : { train: [], validation: [] };
  }

  epoch() {
    return this.trainer ? this.trainer.epoch() : 0;
  }

  // Every neuron's activation over the plane (2-D data sets), cached until the weights change.
  grid(resolution) {
    if (!this.info.twoD) return null;
    const key = `${this.version}/${resolution}`;
    if (this.gridCache?.key !== key) {
      const values = this.net.neuronGrid({ features: this.dataset.features(), resolution });
      this.gridCache = { key, values, resolution };
    }
    return this.gridCache;
  }

  // Every neuron's activation along a line of x (1-D data sets): per layer an n_l × count array, cached
  // until the weights change. (forward replaces the step caches: step records are copied before.)
  line(lo, hi, count) {
    const key = `${this.version}/${lo}/${hi}/${count}`;
    if (this.lineCache?.key !== key) {
      const xs = Float64Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
      const out = this.net.forward(xs, count);
      const layers = [xs];
      for (let l = 1; l <= this.net.numLayers(); l++) layers.push(this.net.a(l));
      this.lineCache = { key, xs, out, layers };
    }
    return this.lineCache;
  }

  // The network's outputs for the validation set (evaluation mode), m × n_L, cached until the weights change.
  validationOutputs() {
    if (this.predictCache?.key !== this.version) {
      const X = this.dataset.validationX();
      const values = this.net.forward(X, this.info.nValidation);
      this.predictCache = { key: this.version, values };
    }
    return this.predictCache.values;
  }

  delete() {
    this.deleteRun();
    this.dataset?.delete();
    this.dataset = null;
  }
}

export function optimizerOptions(state) {
  return { type: state.optimizer, lr: state.lr, momentum: state.mu, gamma: state.gamma, beta1: state.beta1,
    beta2: state.beta2 };
}

export function regularizationOptions(state) {
  return { l1: state.l1, l2: state.l2, dropout: state.dropout };
}
