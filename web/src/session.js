// The engine session: owns the Embind objects (Dataset, Network, Trainer), rebuilds or adjusts them when
// the state changes, runs training, and hands out snapshots (copies) for the views. No math happens here.

import { PROPERTIES, changedKeys } from './state.js';
import { paintRange } from './views/colors.js';

// Past runs kept faded on the loss chart.
const KEPT_RUNS = 4;
// The settings that describe a run (a kept run is labelled by its own values of these, not the page's).
const RUN_KEYS = ['optimizer', 'lr', 'mu', 'gamma', 'beta1', 'beta2', 'batch', 'l1', 'l2', 'dropout', 'patience'];
const NET_KEYS = ['layers', 'act', 'output', 'loss', 'init', 'broken'];
const OPTIMIZER_NAMES = { sgd: 'SGD', momentum: 'momentum', rmsprop: 'RMSProp', adam: 'Adam' };
// Which optimizer parameters each optimizer uses (a change of an unused one is no difference).
const OPTIMIZER_PARAMS = { momentum: ['mu'], rmsprop: ['gamma'], adam: ['beta1', 'beta2'] };
const SYMBOLS = {
  lr: 'η',
  mu: 'μ',
  gamma: 'γ',
  beta1: 'β₁',
  beta2: 'β₂',
  l1: 'L1 λ',
  l2: 'L2 λ',
  dropout: 'dropout p',
};

export function taskKind(info) {
  if (info.task === 'regression') return 'regression';
  return info.numClasses > 2 ? 'multiclass' : 'binary';
}

// The output + loss pairs a task takes, as [output, loss], from the engine's one pair table
// (bp.outputPairs()) and activation table (`infoOf` = bp.activationInfo); the targets decide. Several
// classes (one-hot columns) take the output that normalizes a whole layer (the one no hidden layer may
// use: softmax); one 0/1 class and real-valued targets take the element-wise outputs, real-valued targets
// only with the losses an unbounded output takes (their targets are not in [0, 1]). The first pair is the
// task's default: the output whose range is the targets' ([0, 1] for classes, unbounded for regression)
// with its default loss; the others follow in the table's order.
export function taskPairs(kind, table, infoOf) {
  const range = (output) => infoOf(output).range;
  const unbounded = (output) => !Number.isFinite(range(output)[0]) && !Number.isFinite(range(output)[1]);
  const normalizes = (output) => !infoOf(output).hidden;
  const realLosses = new Set(table.filter((p) => unbounded(p.output)).flatMap((p) => p.losses));
  const fits = (output, loss) =>
    kind === 'multiclass' ? normalizes(output) : !normalizes(output) && (kind === 'binary' || realLosses.has(loss));
  const targetsRange = kind === 'regression' ? unbounded : (output) => range(output)[0] === 0 && range(output)[1] === 1;
  const first = table.find((p) => targetsRange(p.output) && fits(p.output, p.defaultLoss));
  const pairs = table.flatMap((p) => p.losses.map((loss) => [p.output, loss])).filter(([o, l]) => fits(o, l));
  if (!first) return pairs;
  const key = ([o, l]) => `${o}+${l}`;
  const head = [first.output, first.defaultLoss];
  return [head, ...pairs.filter((p) => key(p) !== key(head))];
}

export class Session {
  constructor(bp) {
    this.bp = bp;
    this.dataset = null;
    this.net = null;
    this.trainer = null;
    this.info = null;
    this.state = null;
    this.version = 0; // bumps whenever the weights change, so cached grids know they are stale
    this.runId = 0;
    this.pastRuns = [];
    this.exampleCursor = 0;
    this.caches = [];
    this.pairTable = bp.outputPairs();
    this.activationInfo = Object.fromEntries(bp.activationNames().map((name) => [name, bp.activationInfo(name)]));
  }

  // The output + loss pairs the current data set's task takes; the first is its default.
  pairs(info = this.info) {
    return taskPairs(taskKind(info), this.pairTable, (name) => this.activationInfo[name]);
  }

  // Brings the engine objects in line with `next`, all or nothing: new Dataset / Network / Trainer objects
  // are built first and swapped in only when every one of them succeeded; if the engine refuses, the old
  // ones stay as they were and the error propagates (app.js turns it into a notice). Returns
  // {state, notices, reset}: `state` is `next` with the cross-field fixes the data set demands (noise within
  // its range, softmax + cross-entropy for three classes). `given` lists the keys the user set explicitly.
  apply(next, given = []) {
    const prev = this.state;
    const changed = prev ? changedKeys(prev, next) : Object.keys(next);
    const groups = new Set(changed.map((key) => PROPERTIES[key].group));
    const notices = [];
    const state = structuredClone(next);
    const built = { dataset: null, net: null, trainer: null };
    const newData = !this.dataset || groups.has('data');
    try {
      let info = this.info;
      if (newData) {
        info = this.bp.datasetInfo(state.dataset);
        // The student's own noise outlives a data set that could not take it (iris: none): choosing another
        // data set (and nothing else that sets the noise: a lesson's preset does) brings it back, said in a
        // notice, instead of leaving it at the other set's limit.
        if (!prev || given.includes('noise')) this.chosenNoise = state.noise;
        else if (
          this.noiseLimited &&
          changed.includes('dataset') &&
          !changed.includes('lesson') &&
          state.noise === prev.noise &&
          this.chosenNoise > state.noise &&
          info.maxNoise > state.noise
        ) {
          state.noise = Math.min(this.chosenNoise, info.maxNoise);
          notices.push(`Noise: back to ${state.noise}, the value you chose before ${prev.dataset} limited it.`);
        }
        this.noiseLimited = state.noise > info.maxNoise;
        fixNoise(state, info, notices);
        built.dataset = new this.bp.Dataset(datasetOptions(state, info));
        info = built.dataset.info();
      }
      const outputFixed = fixOutput(state, this.pairs(info), notices, {
        explicit: given.includes('output') || given.includes('loss'),
        taskChanged: newData && Boolean(this.info) && taskKind(this.info) !== taskKind(info),
      });
      const rebuild =
        newData || outputFixed || groups.has('network') || (this.status() === 'diverged' && groups.has('optimizer'));
      if (rebuild) {
        Object.assign(built, this.buildRun(state, built.dataset ?? this.dataset, info));
      } else {
        this.adjustRun(state, changed, groups);
      }
      if (newData) this.swapDataset(built.dataset, state);
      if (rebuild) this.swapRun(built);
      this.state = state;
      this.trackSettings(rebuild, changed);
      this.version++;
      return { state, notices, reset: rebuild };
    } catch (error) {
      built.trainer?.delete();
      built.net?.delete();
      built.dataset?.delete();
      throw error;
    }
  }

  // New Network and Trainer objects for `state` (not yet in use); deletes what it made if the engine refuses.
  buildRun(state, dataset, info) {
    const sizes = [info.inputs, ...state.layers, info.outputs];
    const net = new this.bp.Network({
      sizes,
      hidden: state.act,
      output: state.output,
      loss: state.loss,
      init: state.init,
      seed: state.seed,
    });
    try {
      net.setOptimizer(optimizerOptions(state));
      net.setRegularization(regularizationOptions(state));
      net.setBrokenDerivative(state.broken);
      const options = { batchSize: Math.min(state.batch, info.nTrain), seed: state.seed, patience: state.patience };
      return { net, trainer: new this.bp.Trainer(net, dataset, options) };
    } catch (error) {
      net.delete();
      throw error;
    }
  }

  // Optimizer, regularization and trainer settings changed in place; put back as they were if one fails.
  adjustRun(state, changed, groups) {
    const optimizer = this.net.optimizer();
    const regularization = this.net.regularization();
    try {
      if (groups.has('optimizer')) this.net.setOptimizer(optimizerOptions(state));
      if (groups.has('regularization')) this.net.setRegularization(regularizationOptions(state));
      if (changed.includes('batch')) this.trainer.setBatchSize(this.batchSize(state));
      if (changed.includes('patience')) this.trainer.setPatience(state.patience);
    } catch (error) {
      // The same type keeps its state (d.ts), so putting the old values back loses nothing.
      this.net.setOptimizer(optimizer);
      this.net.setRegularization(regularization);
      if (this.state) {
        this.trainer.setBatchSize(this.batchSize(this.state));
        this.trainer.setPatience(this.state.patience);
      }
      throw error;
    }
  }

  swapDataset(dataset, state) {
    // Losses on another data set do not compare: the faded runs go with the old one.
    this.deleteRun();
    this.pastRuns = [];
    this.dataset?.delete();
    this.dataset = dataset;
    this.info = dataset.info();
    this.catalog = this.bp.datasetInfo(state.dataset); // maxNoise, noiseMeaning, description
    this.trainY = dataset.trainY();
    this.exampleCursor = 0;
    this.datasetId = (this.datasetId ?? 0) + 1;
  }

  swapRun({ net, trainer }) {
    if (this.trainer) this.keepRun();
    this.deleteRun();
    this.net = net;
    this.trainer = trainer;
    this.runId++;
    this.runHistory = { epoch: [], train: [], validation: [] };
    this.historyEpoch = 0;
    this.caches = [];
  }

  batchSize(state) {
    return Math.min(state.batch, this.info.nTrain);
  }

  // Keeps the finished run's curves (if it trained at all) for the faded comparison, with the settings it
  // trained under: the segments of its epochs (a change of η mid-run continues the run with new settings),
  // the last one dropped if nothing was trained after it.
  keepRun() {
    const history = this.history();
    if (history.train.length === 0) return;
    const segments = this.segments.slice();
    if (!this.trainedSince && segments.length > 1) segments.pop();
    this.pastRuns.push({ id: this.runId, segments, label: '', history });
    if (this.pastRuns.length > KEPT_RUNS) this.pastRuns.shift();
  }

  // The run's settings over its life: a new run starts one segment; a change of its optimizer,
  // regularization or trainer settings after some training starts another (before any, it replaces the
  // last). Then every kept run's label is made again against the current settings.
  trackSettings(rebuilt, changed) {
    const settings = runSettings(this.state);
    if (rebuilt || !this.segments) {
      this.segments = [{ from: 0, settings }];
      this.trainedSince = false;
    } else if (changed.some((key) => RUN_KEYS.includes(key))) {
      if (this.trainedSince) this.segments.push({ from: this.epoch(), settings });
      else this.segments[this.segments.length - 1].settings = settings;
      this.trainedSince = false;
    }
    this.labelRuns();
  }

  labelRuns() {
    const current = runSettings(this.state);
    for (const run of this.pastRuns) run.label = describeRun(run.segments, current);
  }

  deleteRun() {
    this.trainer?.delete();
    this.net?.delete();
    this.trainer = null;
    this.net = null;
  }

  // A new run with the same settings (fresh weights from the seed).
  reset() {
    this.swapRun(this.buildRun(this.state, this.dataset, this.info));
    this.trackSettings(true, []);
    this.version++;
  }

  status() {
    return this.trainer ? this.trainer.status() : 'running';
  }

  // The range each layer's activation is painted over, from the engine's activation table
  // (bp.activationInfo): [null, layer 1, …, layer L].
  ranges() {
    const config = this.net.config();
    const key = `${config.hidden.join()}|${config.output}`;
    if (this.rangesKey !== key) {
      this.rangesKey = key;
      this.rangeList = [null, ...config.hidden, config.output].map(
        (name) => name && paintRange(this.activationInfo[name].range),
      );
    }
    return this.rangeList;
  }

  // Where the run is inside its epoch: {stepInEpoch, batches} (batches per epoch).
  progress() {
    return { stepInEpoch: this.trainer.stepInEpoch(), batches: this.trainer.batchesPerEpoch() };
  }

  // After early stopping: the trainer has put the best epoch's weights back. Returns that epoch.
  restoredBest() {
    this.version++;
    return this.trainer.bestEpoch();
  }

  stopReason() {
    return this.trainer?.stopReason() ?? '';
  }

  // Continuous training: about `ms` of steps, at most `maxEpochs` epochs.
  trainFor(ms, maxEpochs) {
    if (this.status() !== 'running') return { steps: 0, epochs: 0 };
    const done = this.trainer.trainFor(ms, maxEpochs);
    if (done.steps > 0) this.version++;
    if (done.steps > 0) this.trainedSince = true;
    return done;
  }

  stepEpoch() {
    if (this.status() !== 'running') return;
    this.trainer.runEpoch();
    this.trainedSince = true;
    this.version++;
  }

  // One optimizer step on the trainer's next batch, recorded for the animation.
  stepBatch() {
    if (this.status() !== 'running') return null;
    const before = { ...this.parameters(), version: this.version };
    const loss = this.trainer.step();
    this.trainedSince = true;
    this.version++;
    return this.record('batch', loss, before, Array.from(this.trainer.lastBatch()));
  }

  // One optimizer step on a single training example (the next one in order), outside the epoch count,
  // under the trainer's divergence checks.
  stepExample() {
    if (this.status() !== 'running') return null;
    const i = this.exampleCursor % this.info.nTrain;
    this.exampleCursor = i + 1;
    const before = { ...this.parameters(), version: this.version };
    const loss = this.trainer.stepRows([i]);
    this.trainedSince = true;
    this.version++;
    return this.record('example', loss, before, [i]);
  }

  // One weight (name 'w', W^[l]_{i,k}) or bias ('b', b^[l]_i) set by hand from the inspector, through the
  // engine's own setters (which check the lengths); the grids and curves see new weights.
  setParameter({ name, l, i, k }, value) {
    if (name === 'w') {
      const W = this.net.weights(l);
      W[i * this.net.sizes()[l - 1] + k] = value;
      this.net.setWeights(l, W);
    } else {
      const b = this.net.biases(l);
      b[i] = value;
      this.net.setBiases(l, b);
    }
    this.version++;
  }

  // ℓ of example j of step record `rec`, from the engine (issue 10 item 13): a one-layer network with the
  // output layer's weights before the step, fed the step's own a^[L-1] of that example (dropout's mask
  // included), so its ŷ is the step's; its backward returns that one example's loss. Cached per example.
  exampleLoss(rec, j) {
    rec.exampleLosses ??= new Map();
    if (rec.exampleLosses.has(j)) return rec.exampleLosses.get(j);
    const { sizes, L, config } = rec;
    const nIn = sizes[L - 1];
    const nL = sizes[L];
    let loss;
    let scratch = null;
    try {
      scratch = new this.bp.Network({ sizes: [nIn, nL], hidden: [], output: config.output, loss: config.loss });
      scratch.setWeights(1, rec.W[L]);
      scratch.setBiases(1, rec.b[L]);
      const x = new Float64Array(nIn);
      for (let k = 0; k < nIn; k++) x[k] = rec.A[L - 1][k * rec.m + j];
      scratch.forward(x, 1);
      loss = scratch.backward(rec.Y.subarray(j * nL, (j + 1) * nL));
    } catch {
      loss = null; // the equations show "—" rather than a number the engine did not give
    } finally {
      scratch?.delete();
    }
    rec.exampleLosses.set(j, loss);
    return loss;
  }

  // A sample of data set `name` as the engine makes it (its own default size and noise, seed 1), for the
  // data-set thumbnails: {points (n × d row-major raw inputs), d, y (n × outputs), classes, regression}.
  sampleOf(name) {
    const ds = new this.bp.Dataset({ name, seed: 1 });
    try {
      const info = ds.info();
      const points = ds.trainPoints();
      return {
        points,
        d: points.length / info.nTrain,
        y: ds.trainY(),
        outputs: info.outputs,
        classes: ds.trainClasses(),
        regression: info.task === 'regression',
      };
    } finally {
      ds.delete();
    }
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

  // Everything the animation and the equations show about the step just taken: copies of the caches.
  record(kind, loss, before, rows) {
    const net = this.net;
    const L = net.numLayers();
    const nL = this.info.outputs;
    const Y = new Float64Array(rows.length * nL);
    rows.forEach((row, j) => Y.set(this.trainY.subarray(row * nL, (row + 1) * nL), j * nL));
    this.recordCount = (this.recordCount ?? 0) + 1;
    const rec = {
      id: this.recordCount,
      version: before.version,
      regularization: net.regularization(),
      kind,
      loss,
      rows,
      m: rows.length,
      Y,
      sizes: net.sizes(),
      L,
      W: before.W,
      b: before.b,
      Z: [null],
      A: [net.a(0)],
      sigmaPrime: [null],
      dZ: [null],
      dA: [null],
      dW: [null],
      db: [null],
      mask: [null],
      Wafter: [null],
      bAfter: [null],
      optimizer: net.optimizer(),
      config: net.config(),
      broken: net.brokenDerivative(), // the hidden layers' backward multiplied by 1, not σ'(Z)
      dataLoss: loss,
      t: net.optimizerState(1).t,
    };
    rec.exampleLoss = (j) => this.exampleLoss(rec, j);
    for (let l = 1; l <= L; l++) {
      rec.Z.push(net.z(l));
      rec.A.push(net.a(l));
      // σ'(Z) of an element-wise layer; a layer-normalizing output (softmax, which no hidden layer may use)
      // has none, and its backward starts from the logits.
      rec.sigmaPrime.push(
        this.activationInfo[l === L ? rec.config.output : rec.config.hidden[l - 1]].hidden ? net.sigmaPrime(l) : null,
      );
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

  // The run's per-epoch records, fetched again only when the epoch count moved. The engine keeps them
  // bounded (every recent epoch, older ones evenly thinned, `epoch` naming each record's epoch), so an hour
  // of Play holds no more than a minute of it.
  history() {
    const epochs = this.epoch();
    if (this.trainer && this.historyEpoch !== epochs) {
      this.runHistory = this.trainer.history();
      this.historyEpoch = epochs;
    }
    return this.runHistory;
  }

  epoch() {
    return this.trainer ? this.trainer.epoch() : 0;
  }

  // A value computed from the weights, cached per weights version (two kept: before and after a step).
  // `before` (a step record) asks for the weights before that step's update: the record's own copies are
  // handed to the engine call as its `parameters`, so the network itself is never touched.
  cached(name, before, extra, compute) {
    const key = `${name}/${before ? before.version : this.version}/${extra}`;
    this.caches ??= [];
    let hit = this.caches.find((c) => c.key === key);
    if (!hit) {
      hit = { key, value: compute(before ? { W: before.W.slice(1), b: before.b.slice(1) } : undefined) };
      this.caches.push(hit);
      if (this.caches.length > 6) this.caches.shift();
    }
    return hit.value;
  }

  // Every neuron's activation over the plane (2-D data sets), and for classification the predicted class
  // of every pixel (the engine's class rule, net.classGrid).
  grid(resolution, before = null) {
    if (!this.info.twoD) return null;
    return this.cached('grid', before, resolution, (parameters) => {
      const options = { features: this.dataset.features(), resolution, parameters };
      // Classes of every pixel for any classification (the discretized output paints them, issue 10).
      const classes = this.info.task === 'classification' ? this.net.classGrid(options) : null;
      return { values: this.net.neuronGrid(options), classes, resolution };
    });
  }

  // Every neuron's activation along a line of x (1-D data sets): per layer an n_l × count array, from the
  // engine's evaluation forward (net.activations), which leaves the step's caches alone.
  line(lo, hi, count, before = null) {
    return this.cached('line', before, `${lo}/${hi}/${count}`, (parameters) => {
      const xs = Float64Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
      const { a } = this.net.activations(xs, count, parameters);
      return { xs, out: a[a.length - 1], layers: [xs, ...a.slice(1)] };
    });
  }

  // The predicted class of each validation example (the engine's rule, net.classify).
  validationClasses(before = null) {
    return this.cached('classes', before, '', (parameters) =>
      this.net.classify(this.dataset.validationX(), this.info.nValidation, parameters),
    );
  }

  // The predicted class of each training example (the same rule), for the output's misclassified marks.
  trainClasses(before = null) {
    return this.cached('trainClasses', before, '', (parameters) =>
      this.net.classify(this.dataset.trainX(), this.info.nTrain, parameters),
    );
  }

  delete() {
    this.deleteRun();
    this.dataset?.delete();
    this.dataset = null;
  }
}

// The settings of `state` that describe a run (network and training settings; the data set is the same for
// every kept run, since a new data set clears them).
function runSettings(state) {
  return Object.fromEntries([...NET_KEYS, ...RUN_KEYS].map((key) => [key, structuredClone(state[key])]));
}

// What a kept run's label says: its own optimizer and η always, and every other setting that differs from
// the current run (`current`); a run whose settings changed on the way names each part with its epoch.
export function describeRun(segments, current) {
  const parts = segments.map(({ from, settings }) => {
    const words = [`${OPTIMIZER_NAMES[settings.optimizer] ?? settings.optimizer} η = ${settings.lr}`];
    for (const key of OPTIMIZER_PARAMS[settings.optimizer] ?? []) {
      if (settings[key] !== current[key] || settings.optimizer !== current.optimizer)
        words.push(`${SYMBOLS[key]} = ${settings[key]}`);
    }
    if (settings.layers.join() !== current.layers.join()) words.push(`layers ${settings.layers.join('-')}`);
    if (settings.act.join() !== current.act.join()) words.push(settings.act.join(','));
    if (settings.output !== current.output || settings.loss !== current.loss)
      words.push(`${settings.output} + ${settings.loss}`);
    if (settings.init !== current.init) words.push(`${settings.init} init`);
    if (Boolean(settings.broken) !== Boolean(current.broken)) words.push(settings.broken ? 'σ′ broken' : 'σ′ correct');
    if (settings.batch !== current.batch) words.push(`batch ${settings.batch || 'all'}`);
    for (const key of ['l1', 'l2', 'dropout'])
      if (settings[key] !== current[key]) words.push(`${SYMBOLS[key]} = ${settings[key]}`);
    if (settings.patience !== current.patience) words.push(`patience ${settings.patience}`);
    const text = words.join(', ');
    return from > 0 ? `from epoch ${from + 1}: ${text}` : text;
  });
  // A run kept with the very settings of the current one (Reset, then train again) would read exactly like
  // it: say so, so that two like curves are not taken for a setting's effect.
  const same = segments.every(({ settings }) => JSON.stringify(settings) === JSON.stringify(current));
  return `${parts.join('; ')}${same ? ' (the current settings)' : ''}`;
}

// The Dataset options for `state`: measured data (maxNoise 0, iris) has a fixed size and takes no n; only
// planar sets take input features.
export function datasetOptions(state, info) {
  const options = { name: state.dataset, noise: state.noise, seed: state.seed, validationFraction: state.split };
  if (info.maxNoise > 0) options.n = state.n;
  if (info.twoD) options.features = state.features;
  return options;
}

// Noise within the data set's range [0, maxNoise] (0 for measured data such as iris), with a notice.
function fixNoise(state, info, notices) {
  if (state.noise <= info.maxNoise) return;
  notices.push(
    info.maxNoise === 0
      ? `Noise: ${state.dataset} is measured data and takes no noise; using 0.`
      : `Noise: the ${info.noiseMeaning} of ${state.dataset} is at most ${info.maxNoise}; using ${info.maxNoise}.`,
  );
  state.noise = info.maxNoise;
}

// Output activation and loss must be a pair the task accepts; returns whether it had to change them.
// The output + loss for the task of `pairs` (the first is its default). A pair that does not suit the task
// is replaced (with a notice when it was chosen); so is one kept from a data set of another task (sin →
// circle) unless chosen in the same change: linear + MSE "suits" 0/1 classes too, but a student coming back
// from a regression set would otherwise train a classifier with a regression output without noticing.
function fixOutput(state, pairs, notices, { explicit, taskChanged }) {
  const suits = pairs.some(([o, l]) => o === state.output && l === state.loss);
  if (suits && (explicit || !taskChanged)) return false;
  const [output, loss] = pairs[0];
  if (output === state.output && loss === state.loss) return false;
  if (!suits && explicit) {
    notices.push(
      `Output ${state.output} with loss ${state.loss} does not suit ${state.dataset}; using ${output} + ${loss}.`,
    );
  }
  state.output = output;
  state.loss = loss;
  return true;
}

export function optimizerOptions(state) {
  return {
    type: state.optimizer,
    lr: state.lr,
    momentum: state.mu,
    gamma: state.gamma,
    beta1: state.beta1,
    beta2: state.beta2,
  };
}

export function regularizationOptions(state) {
  return { l1: state.l1, l2: state.l2, dropout: state.dropout };
}
