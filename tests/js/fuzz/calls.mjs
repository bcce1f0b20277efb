// The fuzzer's model of the engine's JS API: every call of wasm/backprop.d.ts with generators of valid and
// hostile arguments, and the Generator, which turns a seed into a call sequence. Generation never looks at
// outcomes (only at what it generated), so call i of a seed is the same on every run and can be regenerated
// without the engine; a Ref stands for a live object that the executor supplies.
import { Random } from './random.mjs';
import { csvText, mutatedCsv } from './texts.mjs';
import {
  FuzzError,
  VALID_CONTAINERS,
  bigText,
  container,
  formula,
  hostileArray,
  hostileNumber,
  hostileStrings,
  hostileValue,
  numbers,
  once,
  tag,
  toSource,
} from './values.mjs';

// ---- the API's vocabulary (names from backprop.d.ts; fuzz.test.mjs checks them against the module) ----------
export const ACTIVATIONS = ['linear', 'relu', 'leaky_relu', 'sigmoid', 'tanh'];
export const FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'];
export const SURFACES = ['bowl', 'rotated_bowl', 'rosenbrock', 'saddle', 'beale', 'rss', 'mse'];
const OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adam'];
const INITS = ['xavier', 'he', 'uniform', 'zeros'];
// name, inputs, outputs, task, classes, maxNoise, twoD (as datasetInfo reports them)
export const DATASETS = [
  ['circle', 2, 1, 'classification', 2, 0.5, true],
  ['xor', 2, 1, 'classification', 2, 0.5, true],
  ['gauss', 2, 1, 'classification', 2, 0.5, true],
  ['spiral', 2, 1, 'classification', 2, 0.5, true],
  ['moons', 2, 1, 'classification', 2, 0.5, true],
  ['blobs3', 2, 3, 'classification', 3, 0.5, true],
  ['sin', 1, 1, 'regression', 0, 1, false],
  ['abs', 1, 1, 'regression', 0, 1, false],
  ['step', 1, 1, 'regression', 0, 1, false],
  ['cubic', 1, 1, 'regression', 0, 1, false],
  ['plane', 2, 1, 'regression', 0, 1, true],
  ['line', 1, 1, 'regression', 0, 1, false],
  ['iris', 4, 3, 'classification', 3, 0, false],
].map(([name, inputs, outputs, task, classes, maxNoise, twoD]) => ({
  name,
  inputs,
  outputs,
  task,
  classes,
  maxNoise,
  twoD,
}));

// Refs and JsonOfs are told apart without instanceof, which would run a hostile proxy's traps.
const PLACEHOLDERS = new WeakMap();
export function placeholder(a) {
  return a !== null && typeof a === 'object' ? (PLACEHOLDERS.get(a) ?? null) : null;
}

// A live object of the executor: a slot of the pools, or `special` ('module', 'deleted', 'forged').
export class Ref {
  constructor(cls, slot, special = null) {
    this.cls = cls;
    this.slot = slot;
    this.special = special;
    PLACEHOLDERS.set(this, 'ref');
  }
}

// The text of net slot `slot`'s toJSON(), mutated by mutateJson with Random(seed) unless seed is null, or
// edited by `edit(doc)` (described by `what`).
export class JsonOf {
  constructor(slot, seed, edit = null, what = '') {
    this.slot = slot;
    this.seed = seed;
    this.edit = edit;
    this.what = what;
    PLACEHOLDERS.set(this, 'json');
  }
}

// The call names a refusal's message may start with, besides the call's own name (and Class.method): the
// areas the existing messages name (tests/js/errors.test.mjs), e.g. "optimizer: lr must be …" from setOptimizer.
export const PREFIX_ALIASES = {
  setOptimizer: ['optimizer'],
  setRegularization: ['regularization'],
  neuronGrid: ['grid'],
  classGrid: ['grid'],
  Dataset: ['dataset'],
  'Dataset.fromCSV': ['csv', 'fromCSV'],
  'Network.fromJSON': ['fromJSON'],
  Trainer: ['trainer'],
  datasetInfo: ['dataset'],
};

// ---- pools: what the generator knows of each slot (from what it generated, never from outcomes) -----------
export const POOL = { net: 6, data: 4, trainer: 3 }; // slots per class; slot POOL[cls] is the probes' own
const CLASS_OF = { net: 'Network', data: 'Dataset', trainer: 'Trainer' };

const PARTNER = { sigmoid: 'bce', softmax: 'cross_entropy', linear: 'mse', tanh: 'mse' }; // an output's default loss

function lossPairs(nL) {
  const pairs = [
    ['linear', 'mse'],
    ['sigmoid', 'bce'],
    ['sigmoid', 'mse'],
    ['tanh', 'mse'],
  ];
  if (nL >= 2) pairs.push(['softmax', 'cross_entropy']);
  return pairs;
}

// Valid Network options, fitted to a data set's shape when `fit` is given; and their shape.
function networkOptions(r, fit) {
  const n0 = fit ? fit.inputs : r.int(1, 4);
  const nL = fit ? fit.outputs : r.int(1, 3);
  const depth = r.chance(0.05) ? r.int(4, 8) : r.int(0, 3);
  const sizes = [n0];
  for (let l = 0; l < depth; l += 1) sizes.push(r.chance(0.05) ? r.int(9, 64) : r.int(1, 8));
  sizes.push(nL);
  let output;
  let loss;
  if (fit && fit.task === 'classification') [output, loss] = nL > 1 ? ['softmax', 'cross_entropy'] : ['sigmoid', 'bce'];
  else if (fit)
    [output, loss] = r.pick([
      ['linear', 'mse'],
      ['tanh', 'mse'],
    ]);
  else [output, loss] = r.pick(lossPairs(nL));
  const o = { sizes };
  if (depth > 0 && r.chance(0.8))
    o.hidden = r.chance(0.7) ? r.pick(ACTIVATIONS) : sizes.slice(1, -1).map(() => r.pick(ACTIVATIONS));
  if (r.chance(0.8)) o.output = output;
  if (r.chance(0.7) || !('output' in o) || PARTNER[output] !== loss) o.loss = loss; // else the default is `loss`
  if (r.chance(0.3)) o.init = r.pick(INITS);
  if (r.chance(0.5)) o.seed = r.int(0, 1000);
  return { options: o, shape: { sizes, n0, nL, L: sizes.length - 1, loss, lastM: 1, deleted: false } };
}

function datasetOptions(r) {
  const info = r.pick(DATASETS);
  const o = { name: info.name };
  const n = info.name === 'iris' ? 150 : r.chance(0.05) ? r.int(1000, 10000) : r.int(4, 200);
  if (info.name !== 'iris' && (r.chance(0.8) || n !== 200)) o.n = n;
  if (r.chance(0.5)) o.noise = Math.round(r.uniform(0, info.maxNoise) * 100) / 100;
  if (r.chance(0.5)) o.seed = r.int(0, 1000);
  const fraction = r.chance(0.5) ? Math.round(r.uniform(0, 0.9) * 10) / 10 : 0.5;
  if (fraction !== 0.5 || r.chance(0.5)) o.validationFraction = fraction;
  let inputs = info.inputs;
  if (info.twoD && r.chance(0.3)) {
    o.features = FEATURES.filter(() => r.chance(0.4));
    if (o.features.length === 0) o.features = ['x1'];
    inputs = o.features.length;
  }
  const nTrain = n - Math.round(n * fraction);
  return {
    options: o,
    shape: { inputs, outputs: info.outputs, task: info.task, classes: info.classes, nTrain, deleted: false },
  };
}

// Targets that suit a loss: one-hot rows for cross_entropy, [0, 1] for bce, any numbers for mse.
function targets(r, loss, m, nL) {
  if (m * nL > 4096) {
    if (loss !== 'cross_entropy')
      return tag(new Float64Array(m * nL).fill(0.5), `new Float64Array(${m * nL}).fill(0.5)`);
    return tag(
      Float64Array.from({ length: m * nL }, (_, i) => (i % nL === 0 ? 1 : 0)),
      `Float64Array.from({length: ${m * nL}}, (_, i) => (i % ${nL} === 0 ? 1 : 0))`,
    );
  }
  const y = new Array(m * nL).fill(0);
  for (let i = 0; i < m; i += 1) {
    if (loss === 'cross_entropy') y[i * nL + r.int(0, nL - 1)] = 1;
    else {
      for (let k = 0; k < nL; k += 1) {
        y[i * nL + k] = loss === 'bce' ? r.pick([0, 1, 0.25]) : Math.round(r.uniform(-1, 1) * 1e3) / 1e3;
      }
    }
  }
  return y;
}

function batch(r) {
  return r.chance(0.85) ? r.int(1, 8) : r.chance(0.9) ? r.int(9, 64) : r.int(65, 2000);
}

// Weights of the slot's shape (`{W, b}` as parameters() returns them), for the evaluation calls.
function parameters(r, s) {
  const W = [],
    b = [];
  for (let l = 1; l <= s.L; l += 1) {
    W.push(inputs(r, s.sizes[l] * s.sizes[l - 1]));
    b.push(inputs(r, s.sizes[l]));
  }
  return { W, b };
}

function inputs(r, n) {
  return container(r, numbers(r, n), r.pick(VALID_CONTAINERS));
}

function optimizerOptions(r) {
  const o = {};
  if (r.chance(0.8)) o.type = r.pick(OPTIMIZERS);
  if (r.chance(0.6)) o.lr = r.pick([0.001, 0.01, 0.1, 0.5, 1, 100]);
  if (r.chance(0.2)) o.momentum = r.pick([0, 0.5, 0.9, 0.99]);
  if (r.chance(0.2)) o.gamma = r.pick([0, 0.5, 0.9, 0.999]);
  if (r.chance(0.2)) o.beta1 = r.pick([0, 0.5, 0.9, 0.99]);
  if (r.chance(0.2)) o.beta2 = r.pick([0, 0.9, 0.999, 0.9999]);
  if (r.chance(0.2)) o.eps = r.pick([1e-8, 1e-4, 1]);
  return o;
}

function surfaceData(r) {
  const n = r.int(2, 12);
  return { xs: numbers(r, n), ys: numbers(r, n) };
}

function point(r) {
  return [Math.round(r.uniform(-3, 3) * 100) / 100, Math.round(r.uniform(-3, 3) * 100) / 100];
}

// ---- the calls ---------------------------------------------------------------------------------------------
// Each: owner ('net', 'data', 'trainer' for methods; 'Network', 'Dataset', 'Trainer' for constructors and
// statics; 'module'), fn, weight, kinds (one per parameter: number, int, array, string, options, bool, ref)
// and valid(g, r, shape) -> args. `store`: the result goes into a slot, and valid() leaves the shape of what it
// makes in g.pending.

const noArgs = () => [];
const layer = (lo) => (g, r, s) => [r.int(lo, s.L)];

function method(owner, fn, weight, kinds, valid, extra = {}) {
  return { owner, fn, weight, kinds, valid, ...extra };
}

const NET_METHODS = [
  method('net', 'numLayers', 1, [], noArgs),
  method('net', 'sizes', 1, [], noArgs),
  method('net', 'config', 1, [], noArgs),
  method('net', 'weights', 3, ['int'], layer(1)),
  method('net', 'biases', 2, ['int'], layer(1)),
  method('net', 'setWeights', 3, ['int', 'array'], (g, r, s) => {
    const l = r.int(1, s.L);
    return [l, inputs(r, s.sizes[l] * s.sizes[l - 1])];
  }),
  method('net', 'setBiases', 2, ['int', 'array'], (g, r, s) => {
    const l = r.int(1, s.L);
    return [l, inputs(r, s.sizes[l])];
  }),
  ...['forward', 'predict', 'classify'].map((fn) =>
    method('net', fn, fn === 'forward' ? 8 : 3, ['array', 'int'], (g, r, s) => {
      const m = batch(r);
      if (fn === 'forward') s.lastM = m;
      return [inputs(r, m * s.n0), m];
    }),
  ),
  // The evaluation calls with other weights (and activations without).
  ...['predict', 'classify', 'activations'].map((fn) =>
    method('net', fn, 2, ['array', 'int', 'options'], (g, r, s) => {
      const m = batch(r);
      const args = [inputs(r, m * s.n0), m];
      if (fn !== 'activations' || r.chance(0.5)) args.push(parameters(r, s));
      return args;
    }),
  ),
  // Lesson q1's terms of one output neuron (a valid one mostly, sometimes one past the last).
  method('net', 'contributions', 2, ['array', 'int', 'int'], (g, r, s) => {
    const m = batch(r);
    const args = [inputs(r, m * s.n0), m];
    if (r.chance(0.7)) args.push(r.chance(0.9) ? r.int(0, s.nL - 1) : s.nL);
    return args;
  }),
  method('net', 'parameters', 1, [], noArgs),
  method('net', 'sigmaPrime', 2, ['int'], layer(1)),
  method('net', 'backward', 5, ['array'], (g, r, s) => [targets(r, s.loss, s.lastM, s.nL)]),
  ...['gradWeights', 'gradBiases', 'z', 'dz', 'da', 'dropoutMask', 'optimizerState'].map((fn) =>
    method('net', fn, 2, ['int'], layer(1)),
  ),
  method('net', 'a', 2, ['int'], layer(0)),
  method('net', 'setOptimizer', 4, ['options'], (g, r) => [optimizerOptions(r)]),
  method('net', 'optimizer', 1, [], noArgs),
  method('net', 'setRegularization', 3, ['options'], (g, r) => {
    const o = {};
    if (r.chance(0.5)) o.l1 = r.pick([0, 1e-4, 0.01, 10]);
    if (r.chance(0.5)) o.l2 = r.pick([0, 1e-4, 0.01, 10]);
    if (r.chance(0.5)) o.dropout = r.pick([0, 0.1, 0.5, 0.9]);
    return [o];
  }),
  method('net', 'regularization', 1, [], noArgs),
  method('net', 'regularizationLoss', 2, [], noArgs),
  method('net', 'step', 10, ['array', 'array', 'int'], (g, r, s) => {
    const m = batch(r);
    s.lastM = m;
    return [inputs(r, m * s.n0), targets(r, s.loss, m, s.nL), m];
  }),
  ...['gradientCheck', 'gradientCheckDetail'].map((fn) =>
    method('net', fn, 2, ['array', 'array', 'int', 'number'], (g, r, s) => {
      const m = r.int(1, 4);
      const args = [inputs(r, m * s.n0), targets(r, s.loss, m, s.nL), m];
      if (r.chance(0.3)) args.push(r.pick([1e-5, 1e-3, 0.1]));
      return args;
    }),
  ),
  method('net', 'toJSON', 2, [], noArgs),
  method('net', 'collapse', 1, [], noArgs),
  method('net', 'neuronGrid', 3, ['options'], (g, r, s) => {
    const o = {};
    if (s.n0 !== 2 || r.chance(0.3)) o.features = Array.from({ length: s.n0 }, () => r.pick(FEATURES));
    if (r.chance(0.3)) o.x1 = [-1, Math.round(r.uniform(-0.9, 3) * 10) / 10];
    if (r.chance(0.3)) o.x2 = [-2, 2];
    o.resolution = r.chance(0.9) ? r.int(2, 12) : r.pick([50, 100]);
    if (r.chance(0.2)) o.parameters = parameters(r, s);
    return [o];
  }),
  method('net', 'classGrid', 2, ['options'], (g, r, s) => {
    const o = { resolution: r.int(2, 12) };
    if (s.n0 !== 2) o.features = Array.from({ length: s.n0 }, () => r.pick(FEATURES));
    if (r.chance(0.3)) o.parameters = parameters(r, s);
    return [o];
  }),
  method('net', 'setBrokenDerivative', 1, ['bool'], (g, r) => [r.chance(0.5)]),
  method('net', 'brokenDerivative', 1, [], noArgs),
];

const DATA_METHODS = [
  'info',
  'trainX',
  'trainY',
  'validationX',
  'validationY',
  'trainPoints',
  'validationPoints',
  'features',
  'trainClasses',
  'validationClasses',
].map((fn) => method('data', fn, fn === 'info' ? 3 : 1, [], noArgs));

const TRAINER_METHODS = [
  method('trainer', 'step', 8, [], noArgs),
  method('trainer', 'stepRows', 3, ['array'], (g, r, s) => {
    const rows = Array.from({ length: r.int(1, 4) }, () => r.int(0, Math.max(0, s.nTrain - 1)));
    return [r.chance(0.3) ? Uint32Array.from(rows) : rows];
  }),
  method('trainer', 'runEpoch', 3, [], noArgs),
  method('trainer', 'run', 2, ['int'], (g, r) => [r.int(0, 3)]),
  // 0 ms keeps the sequence deterministic (a longer slice ends by the clock).
  method('trainer', 'trainFor', 2, ['number', 'int'], (g, r) => (r.chance(0.5) ? [0] : [0, r.int(0, 2)])),
  method('trainer', 'history', 2, [], noArgs),
  method('trainer', 'historyFrom', 2, ['int'], (g, r) => [r.int(0, 10)]),
  ...[
    'epoch',
    'stepInEpoch',
    'batchesPerEpoch',
    'status',
    'stopReason',
    'bestEpoch',
    'restoreBest',
    'lastBatch',
    'evaluate',
  ].map((fn) => method('trainer', fn, 1, [], noArgs)),
  method('trainer', 'setBatchSize', 2, ['int'], (g, r) => [r.pick([0, 1, 5, 10, 32])]),
  method('trainer', 'setPatience', 1, ['int'], (g, r) => [r.int(0, 5)]),
];

const MODULE_FUNCTIONS = [
  method('module', 'datasetNames', 1, [], noArgs),
  method('module', 'surfaceNames', 1, [], noArgs),
  method('module', 'memory', 1, [], noArgs),
  ...['activationNames', 'lossNames', 'optimizerNames', 'initNames', 'featureNames', 'outputPairs'].map((fn) =>
    method('module', fn, 1, [], noArgs),
  ),
  method('module', 'activationInfo', 1, ['string'], (g, r) => [r.pick(ACTIVATIONS)]),
  method('module', 'datasetInfo', 2, ['string'], (g, r) => [r.pick(DATASETS).name]),
  method('module', 'linearRegression', 3, ['array', 'array'], (g, r) => {
    const n = r.int(2, 20);
    return [inputs(r, n), inputs(r, n)];
  }),
  method('module', 'surface', 2, ['string', 'options'], (g, r) => {
    const name = r.pick(SURFACES);
    return name === 'rss' || name === 'mse' || r.chance(0.3) ? [name, surfaceData(r)] : [name];
  }),
  method('module', 'surfacePoint', 3, ['string', 'number', 'number', 'options'], (g, r) => {
    const name = r.pick(SURFACES);
    const [x, y] = point(r);
    return name === 'rss' || name === 'mse' ? [name, x, y, surfaceData(r)] : [name, x, y];
  }),
  method('module', 'surfaceGrid', 2, ['string', 'options'], (g, r) => {
    const name = r.pick(SURFACES);
    const o = name === 'rss' || name === 'mse' ? surfaceData(r) : {};
    o.nx = r.int(2, 30);
    if (r.chance(0.5)) o.ny = r.int(2, 30);
    return [name, o];
  }),
  method('module', 'trajectory', 3, ['string', 'options'], (g, r) => {
    const name = r.pick(SURFACES);
    const o = name === 'rss' || name === 'mse' ? surfaceData(r) : {};
    if (r.chance(0.7)) o.optimizer = optimizerOptions(r);
    if (r.chance(0.5)) o.start = point(r);
    o.steps = r.int(0, 200);
    return [name, o];
  }),
  method('module', 'minibatchPath', 3, ['options'], (g, r) => {
    const o = surfaceData(r);
    if (r.chance(0.5)) o.batchSize = r.int(0, 4);
    if (r.chance(0.5)) o.seed = r.int(0, 100);
    o.epochs = r.int(0, 20);
    if (r.chance(0.5)) o.optimizer = optimizerOptions(r);
    if (r.chance(0.3)) o.start = point(r);
    return [o];
  }),
  method('module', 'activation', 2, ['string', 'array'], (g, r) => [r.pick(ACTIVATIONS), inputs(r, r.int(1, 20))]),
];

// Whether a trainer takes a network with `loss` on the data set (its targets suit the loss).
function lossFits(loss, data) {
  if (data.task === 'regression') return loss === 'mse';
  return data.outputs > 1 ? loss === 'cross_entropy' : loss !== 'cross_entropy';
}

// Constructors and statics: they fill a slot (the executor deletes the slot's old object on success).
const MAKERS = [
  method(
    'Network',
    'Network',
    5,
    ['options'],
    (g, r, _slot) => {
      const fitTo = r.chance(0.6) ? g.data[r.int(0, POOL.data - 1)] : null;
      const made = networkOptions(r, fitTo);
      g.pending = made.shape;
      return [made.options];
    },
    { store: 'net' },
  ),
  method(
    'Network',
    'fromJSON',
    4,
    ['string'],
    (g, r, _slot) => {
      const from = r.int(0, POOL.net - 1);
      g.pending = { ...g.net[from] };
      const mutate = r.chance(0.7);
      if (mutate) g.pending = null; // a mutated text may hold any network (or be refused)
      return [new JsonOf(from, mutate ? r.int(0, 2 ** 31) : null)];
    },
    { store: 'net' },
  ),
  method(
    'Dataset',
    'Dataset',
    3,
    ['options'],
    (g, r) => {
      const made = datasetOptions(r);
      g.pending = made.shape;
      return [made.options];
    },
    { store: 'data' },
  ),
  method(
    'Dataset',
    'fromCSV',
    4,
    ['string', 'options'],
    (g, r) => {
      if (r.chance(0.6)) {
        g.pending = null;
        if (r.chance(0.8)) return [mutatedCsv(r)];
        return [mutatedCsv(r), { targets: r.int(1, 3), task: r.pick(['regression', 'classification']) }];
      }
      const csv = csvText(r);
      const o = {};
      if (csv.targets !== 1 || r.chance(0.3)) o.targets = csv.targets;
      if (csv.task === 'classification') o.task = 'classification';
      else if (r.chance(0.2)) o.task = 'regression';
      const fraction = r.chance(0.5) ? r.pick([0, 0.2, 0.5, 0.9]) : 0.5;
      if (fraction !== 0.5) o.validationFraction = fraction;
      if (r.chance(0.3)) o.seed = r.int(0, 100);
      const outputs =
        csv.task === 'classification' ? (csv.classes > 2 && csv.rows >= csv.classes ? csv.classes : 1) : csv.targets;
      g.pending = {
        inputs: csv.columns - csv.targets,
        outputs,
        task: csv.task,
        classes: csv.classes,
        nTrain: csv.rows - Math.round(csv.rows * fraction),
        deleted: false,
      };
      g.expect = { columns: csv.columns, rows: csv.rows }; // checked against info() of the result
      return Object.keys(o).length > 0 || r.chance(0.2) ? [csv.text, o] : [csv.text];
    },
    { store: 'data' },
  ),
  method(
    'Trainer',
    'Trainer',
    3,
    ['ref', 'ref', 'options'],
    (g, r) => {
      const d = r.int(0, POOL.data - 1);
      const fits = [];
      for (let k = 0; k < POOL.net; k += 1) {
        const n = g.net[k];
        const ds = g.data[d];
        if (n && ds && !n.deleted && !ds.deleted && n.n0 === ds.inputs && n.nL === ds.outputs && lossFits(n.loss, ds))
          fits.push(k);
      }
      const k = fits.length > 0 && r.chance(0.9) ? r.pick(fits) : r.int(0, POOL.net - 1);
      const o = {};
      if (r.chance(0.7)) o.batchSize = r.pick([0, 1, 4, 10, 32]);
      if (r.chance(0.3)) o.seed = r.int(0, 100);
      if (r.chance(0.3)) o.patience = r.int(0, 5);
      if (r.chance(0.2)) o.divergenceBound = r.pick([1, 1e6, 1e300]);
      if (r.chance(0.2)) o.divergenceFactor = r.pick([0, 2, 10]);
      g.pending = { net: k, data: d, nTrain: g.data[d]?.nTrain ?? 1, deleted: false };
      return [new Ref('net', k), new Ref('data', d), o];
    },
    { store: 'trainer' },
  ),
];

export const CALLS = [...NET_METHODS, ...DATA_METHODS, ...TRAINER_METHODS, ...MODULE_FUNCTIONS, ...MAKERS];
for (const c of CALLS) {
  c.name = c.owner === 'module' || (c.store && c.fn === c.owner) ? c.fn : c.store ? `${c.owner}.${c.fn}` : c.fn;
  c.qualified = c.owner === 'module' ? c.fn : c.store ? c.name : `${CLASS_OF[c.owner]}.${c.fn}`;
}
const DELETE = { owner: null, fn: 'delete', name: 'delete', kinds: [] };
// The executor's own steps: fill the engine's memory (nearly to its limit) with ballast, and free it again.
export const HARNESS = ['fill', 'unfill'].map((fn) => ({ owner: 'harness', fn, name: fn, qualified: fn, kinds: [] }));

// The call's name as a message names it ('forward', 'Network.fromJSON', 'surface') and with its class.
export function callNames(call) {
  const { spec } = call;
  if (spec === DELETE) return ['delete', `${CLASS_OF[call.on.cls]}.delete`];
  if (spec.owner === 'harness') return [spec.fn, spec.fn];
  return [spec.name, spec.qualified];
}

// The names a refusal of the call named `name` ('forward', 'Dataset.fromCSV') may start its message with.
export function prefixesOf(name, qualified = name) {
  return [name, qualified, ...(PREFIX_ALIASES[name] ?? [])];
}

export function acceptedPrefixes(call) {
  return prefixesOf(...callNames(call));
}

// ---- hostile arguments -----------------------------------------------------------------------------------

const TOP_HOSTILE = () => [new Ref('module', 0, 'module'), new Ref('net', 0, 'deleted'), new Ref('data', 0, 'forged')];

// A hostile value for a parameter of `kind`, given its valid value.
function hostileFor(g, r, kind, valid) {
  if (r.chance(0.06))
    return r.chance(0.5) ? r.pick(TOP_HOSTILE()) : new Ref(r.pick(['net', 'data', 'trainer']), r.int(0, 2));
  switch (kind) {
    case 'int':
    case 'number':
      return hostileNumber(r);
    case 'array':
      return hostileArray(r, valid?.length ?? 2);
    case 'string':
      return r.chance(0.7) ? r.pick(hostileStrings()) : hostileValue(r);
    case 'options':
      return hostileOptions(g, r, valid ?? {});
    case 'ref':
      return r.chance(0.5) ? new Ref(r.pick(['net', 'data', 'trainer']), r.int(0, 2)) : hostileValue(r);
    default:
      return hostileValue(r);
  }
}

// A hostile value for an option whose valid value is `v`.
function hostileOption(g, r, v) {
  if (typeof v === 'number') return hostileNumber(r);
  if (typeof v === 'string') return r.chance(0.7) ? r.pick(hostileStrings()) : hostileValue(r);
  if (Array.isArray(v) && v.every((x) => typeof x === 'number'))
    return r.chance(0.3) ? hostileValue(r) : hostileArray(r, v.length);
  if (Array.isArray(v)) {
    if (v.length === 0 || r.chance(0.4)) return hostileValue(r);
    const j = r.int(0, v.length - 1);
    return v.map((x, i) => (i === j ? hostileValue(r) : x));
  }
  if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) return hostileOptions(g, r, v);
  return hostileValue(r);
}

const ODD_KEYS = ['learningRate', 'validation_fraction', 'constructor', '', 'sizes\0'];
const OPTION_KEYS = [
  'sizes',
  'hidden',
  'output',
  'loss',
  'init',
  'seed',
  'lr',
  'type',
  'name',
  'n',
  'noise',
  'features',
  'validationFraction',
  'batchSize',
  'patience',
  'resolution',
  'x1',
  'steps',
  'xs',
  'epochs',
  'targets',
  'task',
];

// Valid options made hostile: one value replaced, a key added or removed, or the object itself made strange.
function hostileOptions(g, r, valid) {
  const keys = Object.keys(valid);
  const o = { ...valid };
  switch (r.int(0, 9)) {
    case 0:
    case 1:
    case 2:
      if (keys.length > 0) {
        const k = r.pick(keys);
        o[k] = hostileOption(g, r, valid[k]);
        return o;
      }
      o[r.pick(OPTION_KEYS)] = hostileValue(r);
      return o;
    case 3:
      o[r.pick([...OPTION_KEYS, ...ODD_KEYS])] = r.chance(0.5) ? 1 : hostileValue(r);
      return o;
    case 4:
      if (keys.length > 0) delete o[r.pick(keys)];
      return o;
    case 5:
      return tag(Object.assign(Object.create(null), o), `Object.assign(Object.create(null), ${toSource(o)})`);
    case 6:
      return tag(Object.freeze(o), `Object.freeze(${toSource(o)})`);
    case 7: {
      const k = keys.length > 0 ? r.pick(keys) : 'sizes';
      Object.defineProperty(o, k, {
        get: () => {
          throw new FuzzError('thrown by the fuzzer');
        },
        enumerable: true,
      });
      return tag(o, `/* ${toSource(valid)} with a getter that throws for ${k} */ {get ${k}() { throw new Error(); }}`);
    }
    case 8:
      return r.chance(0.5)
        ? tag(new Proxy(o, {}), `new Proxy(${toSource(o)}, {})`)
        : tag(Object.create(o), `Object.create(${toSource(o)})`);
    default:
      return hostileValue(r);
  }
}

// ---- probes: valid calls at the documented limits (each must still return within the time bound) ------------

const LARGEST = Array(10).fill(64);
// 10000 rows (the most a CSV may hold) of 40 columns: 1.97 MB, under the 2 MB limit.
const WIDE_CSV_SOURCE =
  "`${Array.from({length: 40}, (_, j) => `c${j}`).join(',')}\\n${`${'0.25,'.repeat(39)}1\\n`.repeat(10000)}`";
const WIDE_CSV = `${Array.from({ length: 40 }, (_, j) => `c${j}`).join(',')}\n${`${'0.25,'.repeat(39)}1\n`.repeat(10000)}`;
const fill = (n, v) =>
  once(`fill:${n}:${v}`, () => tag(new Float64Array(n).fill(v), `new Float64Array(${n}).fill(${v})`));

// Each probe: a name and the calls it makes, as [owner, fn, args, store?] on the probe slots.
export const PROBES = [
  [
    'forward at the largest network and m',
    [
      ['Network', 'Network', [{ sizes: LARGEST }], 'net'],
      ['net', 'forward', [fill(64 * 65536, 0.5), 65536]],
    ],
  ],
  [
    'step at the largest network and m',
    [
      ['Network', 'Network', [{ sizes: LARGEST }], 'net'],
      ['net', 'step', [fill(64 * 65536, 0.5), fill(64 * 65536, 0.5), 65536]],
    ],
  ],
  [
    'gradientCheck of the largest network',
    [
      ['Network', 'Network', [{ sizes: LARGEST }], 'net'],
      ['net', 'gradientCheck', [fill(64, 0.5), fill(64, 0.5), 1]],
    ],
  ],
  [
    'gradientCheckDetail at m = 4096',
    [
      ['Network', 'Network', [{ sizes: [64, 64, 64, 64] }], 'net'],
      ['net', 'gradientCheckDetail', [fill(64 * 4096, 0.25), fill(64 * 4096, 0.5), 4096]],
    ],
  ],
  [
    'neuronGrid at the largest resolution',
    [
      ['Network', 'Network', [{ sizes: [2, 64, 64, 64, 64, 64, 64, 64, 64, 64] }], 'net'],
      ['net', 'neuronGrid', [{ resolution: 256 }]],
    ],
  ],
  [
    'setOptimizer on an Adam state with t = 1e10',
    [
      ['Network', 'Network', [{ sizes: [2, 4, 1] }], 'net'],
      ['net', 'setOptimizer', [{ type: 'adam' }]],
      ['net', 'step', [[0.5, 0.5], [1], 1]],
      [
        'Network',
        'fromJSON',
        [
          new JsonOf(
            POOL.net,
            null,
            (d) => {
              d.t = 1e10;
            },
            't = 1e10',
          ),
        ],
        'net',
      ],
      ['net', 'setOptimizer', [{ beta1: 0.95, beta2: 0.9999 }]],
    ],
  ],
  [
    'fromJSON of Adam with t near 2^53 and β near 1',
    [
      ['Network', 'Network', [{ sizes: [2, 4, 1] }], 'net'],
      ['net', 'setOptimizer', [{ type: 'adam', beta1: 0.9999999, beta2: 0.9999999 }]],
      ['net', 'step', [[0.5, 0.5], [1], 1]],
      [
        'Network',
        'fromJSON',
        [
          new JsonOf(
            POOL.net,
            null,
            (d) => {
              d.t = 2 ** 53 - 1;
              d.optimizer.beta1 = 1 - 1e-15;
              d.optimizer.beta2 = 1 - 1e-15;
            },
            't = 2^53 − 1, beta1 = beta2 = 1 − 1e-15',
          ),
        ],
        'net',
      ],
      ['net', 'step', [[0.5, 0.5], [1], 1]],
    ],
  ],
  [
    'RMSProp state with a negative s',
    [
      ['Network', 'Network', [{ sizes: [2, 4, 1] }], 'net'],
      ['net', 'setOptimizer', [{ type: 'rmsprop' }]],
      ['net', 'step', [[0.5, 0.5], [1], 1]],
      [
        'Network',
        'fromJSON',
        [
          new JsonOf(
            POOL.net,
            null,
            (d) => {
              d.state[0].s = d.state[0].s.map(() => -1);
            },
            'state[0].s all -1',
          ),
        ],
        'net',
      ],
      ['net', 'step', [[0.5, 0.5], [1], 1]],
      ['net', 'weights', [1]],
    ],
  ],
  ['a surface grid of 2048 × 2048', [['module', 'surfaceGrid', ['beale', { nx: 2048, ny: 2048 }]]]],
  [
    'a trajectory of 50000 Adam steps',
    [['module', 'trajectory', ['rosenbrock', { steps: 50000, optimizer: { type: 'adam' } }]]],
  ],
  [
    'one epoch of 10000 examples one at a time on a wide network',
    [
      ['Dataset', 'Dataset', [{ name: 'spiral', n: 10000, validationFraction: 0 }], 'data'],
      ['Network', 'Network', [{ sizes: [2, 64, 64, 64, 1] }], 'net'],
      ['Trainer', 'Trainer', [new Ref('net', POOL.net), new Ref('data', POOL.data), { batchSize: 1 }], 'trainer'],
      ['trainer', 'runEpoch', []],
    ],
  ],
  [
    'a CSV of 10000 rows just under the size limit',
    [
      ['Dataset', 'fromCSV', [once('csv-2mb', () => tag(WIDE_CSV, WIDE_CSV_SOURCE))], 'data'],
      ['data', 'trainX', []],
    ],
  ],
  [
    'calls with the heap nearly full',
    [
      ['harness', 'fill', []],
      ['module', 'datasetInfo', [bigText(2 * 1024 * 1024)]],
      ['Network', 'fromJSON', [bigText(2 * 1024 * 1024, '[')], 'net'],
      ['Network', 'Network', [{ sizes: [2, 3, 1], hidden: bigText(2 * 1024 * 1024) }], 'net'],
      ['Dataset', 'fromCSV', [bigText(2 * 1024 * 1024 - 8, 'a,b\n1,2\n')], 'data'],
      ['Network', 'Network', [{ sizes: [2, 64, 64, 1] }], 'net'],
      ['net', 'forward', [fill(2 * 256, 0.5), 256]],
      ['harness', 'unfill', []],
    ],
  ],
  [
    'toJSON and fromJSON of the largest network with Adam state',
    [
      ['Network', 'Network', [{ sizes: LARGEST }], 'net'],
      ['net', 'setOptimizer', [{ type: 'adam' }]],
      ['net', 'step', [fill(64, 0.5), fill(64, 0.5), 1]],
      ['Network', 'fromJSON', [new JsonOf(POOL.net, null)], 'net'],
    ],
  ],
  [
    'minibatchPath over 50000 steps',
    [['module', 'minibatchPath', [{ xs: formula(1000, 3), ys: formula(1000, 5), batchSize: 1, epochs: 50 }]]],
  ],
];

// ---- the generator -------------------------------------------------------------------------------------------

export class Generator {
  // probeEvery: a probe every that many calls (0: none).
  constructor(seed, { probeEvery = 0 } = {}) {
    this.seed = seed;
    this.r = new Random(seed);
    this.i = 0;
    this.probeEvery = probeEvery;
    this.probes = 0;
    this.queue = [];
    this.net = [];
    this.data = [];
    this.trainer = [];
    this.made = { net: [], data: [], trainer: [] }; // the call that made each slot's current object
    this.totalWeight = CALLS.reduce((s, c) => s + c.weight, 0);
    // The first calls fill every slot with a valid object.
    for (let k = 0; k < POOL.data; k += 1)
      this.queue.push(() =>
        this.make(
          CALLS.find((c) => c.name === 'Dataset'),
          k,
          true,
        ),
      );
    for (let k = 0; k < POOL.net; k += 1)
      this.queue.push(() =>
        this.make(
          CALLS.find((c) => c.name === 'Network'),
          k,
          true,
        ),
      );
    for (let k = 0; k < POOL.trainer; k += 1)
      this.queue.push(() =>
        this.make(
          CALLS.find((c) => c.name === 'Trainer'),
          k,
          true,
        ),
      );
  }

  // The next call: {i, spec (an entry of CALLS), on ({cls, slot} for methods), args, thisMode, store, tag,
  // expect, probe}.
  next() {
    const i = this.i;
    this.i += 1;
    if (this.queue.length === 0 && this.probeEvery > 0 && i > 0 && i % this.probeEvery === 0) this.queueProbe();
    const call = this.queue.length > 0 ? this.queue.shift()() : this.random();
    call.i = i;
    return call;
  }

  queueProbe() {
    const [name, steps] = PROBES[this.probes % PROBES.length];
    this.probes += 1;
    const made = new Set();
    for (const [owner, fn, args, store] of steps) {
      this.queue.push(() => {
        const spec = [...CALLS, ...HARNESS].find((c) => c.owner === owner && c.fn === fn);
        if (store) made.add(store);
        const on = !store && CLASS_OF[owner] ? { cls: owner, slot: POOL[owner] } : null;
        return {
          spec,
          on,
          args,
          store: store ? { cls: store, slot: POOL[store] } : null,
          tag: `probe:${name}`,
          probe: name,
        };
      });
    }
    // Free what the probe made (the largest networks hold hundreds of MB of caches).
    for (const cls of ['trainer', 'net', 'data']) {
      this.queue.push(() =>
        made.has(cls)
          ? { spec: DELETE, on: { cls, slot: POOL[cls] }, args: [], tag: `probe:${name}`, probe: name }
          : { spec: CALLS.find((c) => c.fn === 'memory'), on: null, args: [], tag: 'memory', probe: name },
      );
    }
  }

  make(spec, slot, valid) {
    const r = this.r;
    this.pending = null;
    this.expect = null;
    let args = spec.valid(this, r, slot);
    let tagText = spec.name;
    let shape = this.pending;
    if (!valid) [args, tagText, shape] = this.hostile(spec, args, shape);
    this[spec.store][slot] = shape ?? this[spec.store][slot];
    const call = { spec, on: null, args, store: { cls: spec.store, slot }, tag: tagText };
    if (this.expect && shape) call.expect = this.expect;
    if (shape) this.made[spec.store][slot] = call;
    return call;
  }

  // Valid args made hostile in one way; the shape stays known only when the call may still succeed.
  hostile(spec, args, _shape) {
    const r = this.r;
    const mode = r.weighted([
      [70, 'arg'],
      [10, 'arity'],
      [10, 'this'],
      [10, 'options'],
    ]);
    if (mode === 'arity') {
      const a = r.chance(0.5)
        ? args.slice(0, r.int(0, Math.max(0, args.length - 1)))
        : [...args, r.chance(0.5) ? undefined : hostileValue(r)];
      return [a, `${spec.name}:arity`, null];
    }
    if (mode === 'this') return [args, `${spec.name}:this`, null];
    if (spec.kinds.length === 0) return [[hostileValue(r)], `${spec.name}:extra`, null];
    const j = r.int(0, spec.kinds.length - 1);
    const a = [...args];
    while (a.length <= j) a.push(undefined);
    a[j] = hostileFor(this, r, spec.kinds[j], args[j]);
    return [a, `${spec.name}:${spec.kinds[j]}${j}`, null];
  }

  random() {
    const r = this.r;
    let x = r.float() * this.totalWeight;
    let spec = CALLS[CALLS.length - 1];
    for (const c of CALLS) {
      x -= c.weight;
      if (x < 0) {
        spec = c;
        break;
      }
    }
    const valid = r.chance(0.5);
    if (spec.store) {
      const call = this.make(spec, r.int(0, POOL[spec.store] - 1), valid);
      if (!valid && call.tag.endsWith(':this')) call.thisMode = this.hostileThis(null);
      return call;
    }
    if (spec.owner !== 'module' && r.chance(0.01)) {
      // delete a pooled object (later calls meet it deleted)
      const slot = r.int(0, POOL[spec.owner] - 1);
      if (this[spec.owner][slot]) this[spec.owner][slot].deleted = true;
      return {
        spec: DELETE,
        on: { cls: spec.owner, slot },
        args: r.chance(0.9) ? [] : [hostileValue(r)],
        tag: 'delete',
      };
    }
    const on = spec.owner === 'module' ? null : { cls: spec.owner, slot: r.int(0, POOL[spec.owner] - 1) };
    const shape = on ? this.shapeFor(on) : null;
    let args = spec.valid(this, r, shape);
    let tagText = spec.name;
    let thisMode = null;
    if (!valid) {
      [args, tagText] = this.hostile(spec, args, null);
      if (tagText.endsWith(':this')) thisMode = this.hostileThis(on);
    }
    return { spec, on, args, thisMode, store: null, tag: tagText };
  }

  // What the generator knows of a pooled object; for a trainer, the shape of its data set's rows.
  shapeFor(on) {
    const s = this[on.cls][on.slot];
    if (on.cls === 'trainer') return s ?? { nTrain: 1 };
    return s ?? (on.cls === 'net' ? { sizes: [2, 1], n0: 2, nL: 1, L: 1, loss: 'mse', lastM: 1 } : {});
  }

  // `this` for a call made as a bare function, on the wrong object, or on a deleted one.
  hostileThis(on) {
    const r = this.r;
    return r.pick([
      { value: undefined },
      { value: null },
      { value: {} },
      { ref: new Ref('module', 0, 'module') },
      { ref: new Ref(r.pick(['net', 'data', 'trainer']), r.int(0, 2)) },
      { ref: new Ref(on?.cls ?? 'net', 0, 'deleted') },
      { ref: new Ref(on?.cls ?? 'net', 0, 'forged') },
      { proxyOf: on },
    ]);
  }
}
