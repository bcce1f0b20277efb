// TypeScript declarations of the engine module dist/backprop.mjs (the contract is shared/design/api.md).
// Conventions: layers are l = 1..L; W^[l] is n_l × n_{l-1}; per-layer batch matrices are n_l × m (one
// column per example); every matrix crossing the API is a flat row-major Float64Array copy, which stays
// valid when wasm memory grows. Inputs X and targets Y are example-major: m × n_0 and m × n_L.
// Every invalid argument throws an Error whose message names the argument and the rule; after a throw the
// module and every live object keep working. Every object made with `new` must be freed with delete().

export type Activation = 'linear' | 'relu' | 'leaky_relu' | 'sigmoid' | 'tanh';
export type OutputActivation = 'linear' | 'sigmoid' | 'tanh' | 'softmax';
export type LossName = 'mse' | 'bce' | 'cross_entropy';
export type InitName = 'xavier' | 'he' | 'uniform' | 'zeros';
export type OptimizerType = 'sgd' | 'momentum' | 'rmsprop' | 'adam';
export type FeatureName = 'x1' | 'x2' | 'x1sq' | 'x2sq' | 'x1x2' | 'sinx1' | 'sinx2';
export type NumberArray = Float64Array | Float32Array | number[];

/** Weights to evaluate with instead of the network's own: W[l-1] = W^[l] (n_l · n_{l-1}, row-major) and
 *  b[l-1] = b^[l] (n_l) for l = 1..L, as parameters() returns them. Lengths and numbers are checked. */
export interface Parameters {
  W: NumberArray[];
  b: NumberArray[];
}

export interface NetworkOptions {
  /** [n_0 (inputs), …, n_L (outputs)]: 2..10 entries, each an integer in 1..64. */
  sizes: number[];
  /** One activation for every hidden layer, or one per hidden layer. Default 'tanh'. */
  hidden?: Activation | Activation[];
  /** Default: the partner of `loss` (bce → sigmoid, cross_entropy → softmax, mse → linear), else 'sigmoid'. */
  output?: OutputActivation;
  /** Default: the partner of `output` (sigmoid → bce, softmax → cross_entropy, else mse). mse takes
   *  linear/sigmoid/tanh outputs; bce only sigmoid; cross_entropy only softmax (both from the logits). */
  loss?: LossName;
  /** Default 'xavier' (Glorot uniform); 'he' N(0, 2/n_in); 'uniform' U(−0.5, 0.5); 'zeros'. Biases start at 0. */
  init?: InitName;
  /** Seeds the weights and the dropout masks. Integer 0..2^53−1, default 1. */
  seed?: number;
}

export interface OptimizerOptions {
  /** Omitted: the current type. A new type starts with fresh state; the same type keeps its state. */
  type?: OptimizerType;
  /** η, in (0, 100]; default 0.01. */
  lr?: number;
  /** μ of momentum, default 0.9. */
  momentum?: number;
  /** γ of RMSProp, default 0.9. */
  gamma?: number;
  beta1?: number; // default 0.9
  beta2?: number; // default 0.999
  /** ε inside the square root, as the course writes it; default 1e-8. */
  eps?: number;
}

export interface RegularizationOptions {
  l1?: number; // λ of λ Σ|W|, 0..10
  l2?: number; // λ of (λ/2) Σ W², 0..10
  dropout?: number; // p, the drop probability of hidden neurons in training steps, [0, 1)
}

/** Optimizer state of layer l: the named vectors of W^[l] at the top level, the same names for b^[l] under `b`.
 *  sgd {}, momentum {v}, rmsprop {s} (= E[g²]), adam {m, v, mhat, vhat}; t is the step count. */
export interface OptimizerState {
  t: number;
  v?: Float64Array;
  s?: Float64Array;
  m?: Float64Array;
  mhat?: Float64Array;
  vhat?: Float64Array;
  b: { v?: Float64Array; s?: Float64Array; m?: Float64Array; mhat?: Float64Array; vhat?: Float64Array };
}

export interface GradientCheckDetail {
  /** max over the checked parameters of |g − ĝ| / max(|g|, |ĝ|, 1e-4): backprop g vs central difference ĝ. */
  maxRelativeError: number;
  layer: number;
  parameter: 'W' | 'b';
  index: number;
  backprop: number;
  numeric: number;
  /** Parameters compared: all of them up to 1024, else an evenly spread sample of 1024 from every W and b. */
  checked: number;
  /** Parameters of the network. */
  total: number;
}

export interface NeuronGridOptions {
  /** The network's inputs as features of (x1, x2); default ['x1', 'x2'] (n_0 must then be 2). */
  features?: FeatureName[];
  x1?: [number, number]; // default [−1.25, 1.25] (datasetInfo(…).plane.extent)
  x2?: [number, number]; // default [−1.25, 1.25]
  /** Points per side, 2..256 (fewer for large networks, see neuronGrid); default 100. */
  resolution?: number;
  /** Evaluate with these weights instead of the network's own (see Parameters). */
  parameters?: Parameters;
}

export class Network {
  constructor(options: NetworkOptions);
  static fromJSON(text: string): Network;
  numLayers(): number;
  sizes(): number[];
  config(): Required<NetworkOptions> & { hidden: Activation[] };
  weights(l: number): Float64Array;
  biases(l: number): Float64Array;
  setWeights(l: number, values: NumberArray): void;
  setBiases(l: number, values: NumberArray): void;
  /** Ŷ (m × n_L) in evaluation mode (no dropout); caches Z^[l], A^[l]. m in 1..65536, and at most what one
   *  call may do for this network (m × an example's forward and backward work ≤ 640e6 multiply-adds, and
   *  m × (n_0 + neurons) ≤ 2^22 values: about 5000 for the largest network, all 65536 for the page's; the
   *  message says the limit). The same m limit holds for predict, classify and step. Throws, naming the layer
   *  and how large the inputs and weights were, when a result is not finite (|x| near 1e300, say), leaving
   *  no caches. */
  forward(X: NumberArray, m: number): Float64Array;
  /** Ŷ (m × n_L) in evaluation mode WITHOUT touching the caches of the last forward/step (z, a, dz, da stay). */
  predict(X: NumberArray, m: number, parameters?: Parameters): Float64Array;
  /** The predicted class of each example: argmax of the outputs, or (one output) 1 when it is ≥ 0.5 — the rule
   *  behind the trainer's accuracy. Leaves the caches alone, like predict. */
  classify(X: NumberArray, m: number, parameters?: Parameters): Int32Array;
  /** Every layer's Z and A for X (m × n_0) in evaluation mode, touching no cache and no weight: z[l], a[l]
   *  (n_l × m) for l = 1..L; a[0] is the input (n_0 × m) and z[0] is null. predict, classify, activations,
   *  neuronGrid and classGrid all take optional `parameters` to evaluate with instead of the network's own. */
  activations(X: NumberArray, m: number, parameters?: Parameters): { z: (Float64Array | null)[]; a: Float64Array[] };
  /** Lesson q1, the sum of bumps: W^[L]_{k,j} a^[L-1]_j(x) for every neuron j of the last hidden layer (the
   *  inputs when there is none) and every example of X (m × n_0): n_{L-1} × m, in evaluation mode, caches
   *  untouched. Summed over j, plus b^[L]_k, they give z^[L]_k. `output` k is 0..n_L − 1, default 0. */
  contributions(X: NumberArray, m: number, output?: number): Float64Array;
  /** Copies of every W^[l] and b^[l] (index l − 1), the shape `parameters` takes. */
  parameters(): { W: Float64Array[]; b: Float64Array[] };
  /** σ'(Z^[l]) (n_l × m) of the last forward or step, the derivative the backward multiplies by (the true one
   *  even with setBrokenDerivative). Throws before a forward, and for a softmax layer (no element-wise σ'). */
  sigmaPrime(l: number): Float64Array;
  /** The mean data loss of the last forward against Y (m × n_L); fills every gradient. Throws when the loss or
   *  a gradient is not finite (targets or weights far too large). */
  backward(Y: NumberArray): number;
  /** dL/dW^[l] of the last backward (data loss plus the L1/L2 term); throws until a backward follows the last forward. */
  gradWeights(l: number): Float64Array;
  gradBiases(l: number): Float64Array;
  z(l: number): Float64Array;
  /** a(0) is the input a^[0] (n_0 × m). */
  a(l: number): Float64Array;
  /** dZ^[l] and dA^[l] (n_l × m) of the last backward; throw until a backward follows the last forward. */
  dz(l: number): Float64Array;
  da(l: number): Float64Array;
  /** 1 kept / 0 dropped (n_l × m) of the last training step with dropout on layer l, else null. */
  dropoutMask(l: number): Float64Array | null;
  setOptimizer(options: OptimizerOptions): void;
  optimizer(): Required<OptimizerOptions>;
  setRegularization(options: RegularizationOptions): void;
  regularization(): Required<RegularizationOptions>;
  /** λ1 Σ|W| + (λ2/2) Σ W² at the current weights; throws if the weights are so large that it overflows. */
  regularizationLoss(): number;
  /** Forward (training mode, with dropout), backward, optimizer update; the data loss before the update.
   *  m as for forward. A loss, gradient or update that would not be finite throws, and the weights, the
   *  optimizer state and the dropout stream stay as they were before the call. */
  step(X: NumberArray, Y: NumberArray, m: number): number;
  optimizerState(l: number): OptimizerState;
  /** Max relative error between backprop and central differences (eps default 1e-5) over every parameter, or
   *  over an evenly spread sample of 1024 for a larger network (gradientCheckDetail says how many of how many).
   *  m in 1..4096 and within one call's work (2 forward-and-backward passes plus 2 forwards per checked
   *  parameter, each m examples: m ≤ 6 for the largest network). Refuses inputs or weights so large that the
   *  differences cannot resolve a gradient (they would report a false error). */
  gradientCheck(X: NumberArray, Y: NumberArray, m: number, eps?: number): number;
  gradientCheckDetail(X: NumberArray, Y: NumberArray, m: number, eps?: number): GradientCheckDetail;
  /** Config, weights, optimizer with its state, regularization; Network.fromJSON restores it exactly. */
  toJSON(): string;
  /** For an all-linear network: W* (n_L × n_0) and b* (n_L), the one affine map it computes (homework Q4). */
  collapse(): { W: Float64Array; b: Float64Array };
  /** Every neuron's activation over a resolution² grid, one Float32Array, neuron-major: the n_0 input
   *  features first, then layer 1's neurons, …, layer L's; each block row-major, row 0 at the top (x2 max).
   *  resolution² × a point's forward work ≤ 640e6 and resolution² × (n_0 + neurons) ≤ 2^24 values (127 per
   *  side for the largest network; the message says the limit). Throws if a value does not fit a float. */
  neuronGrid(options?: NeuronGridOptions): Float32Array;
  /** The predicted class at each point of the same grid as neuronGrid (resolution², row 0 at the top), by the
   *  rule of classify and the trainer's accuracy. Same options and limits; touches no cache. */
  classGrid(options?: NeuronGridOptions): Int32Array;
  /** Lesson q3: replace σ' by 1 in the hidden layers' backward (a wrong derivative). */
  setBrokenDerivative(broken: boolean): void;
  brokenDerivative(): boolean;
  delete(): void;
}

export interface DatasetOptions {
  /** One of datasetNames(): circle, xor, gauss, spiral, moons, blobs3, sin, abs, step, cubic, line, plane, iris. */
  name?: string;
  /** Examples, 1..10000. Default 200. Not for iris, which always has its 150 flowers. */
  n?: number;
  /** Label-flip probability ρ in [0, 0.5] (classification) or noise σ in [0, 1] (regression). Default 0. */
  noise?: number;
  seed?: number;
  /** Held-out fraction in [0, 0.9], default 0.5. */
  validationFraction?: number;
  /** 2-D sets only: the network's inputs as features of (x1, x2). */
  features?: FeatureName[];
}

export interface DatasetInfo {
  name: string;
  task: 'classification' | 'regression';
  numClasses: number;
  features: string[];
  targets: string[];
  inputs: number;
  outputs: number;
  nTrain: number;
  nValidation: number;
  labelNoise: number;
  noiseSigma: number;
  bayesKnown: boolean;
  /** ρ for the generated classification sets; null where unknown. */
  bayesErrorRate: number | null;
  /** The smallest expected value of each loss (null where it does not apply or is unknown). */
  bayesLoss: { mse: number | null; bce: number | null; cross_entropy: number | null };
  /** Whether the raw inputs are the plane's coordinates (x1, x2). */
  twoD: boolean;
}

export class Dataset {
  constructor(options?: DatasetOptions);
  /** Header row, numeric columns, the last `targets` columns the target (classification: labels 0..k−1).
   *  validationFraction defaults to datasetInfo(…).csvValidationFraction (0.2), as bptrain --csv does. */
  static fromCSV(
    text: string,
    options?: { targets?: number; task?: 'regression' | 'classification'; validationFraction?: number; seed?: number },
  ): Dataset;
  info(): DatasetInfo;
  trainX(): Float64Array; // nTrain × inputs (the chosen features)
  trainY(): Float64Array; // nTrain × outputs
  validationX(): Float64Array;
  validationY(): Float64Array;
  trainPoints(): Float64Array; // the raw inputs (x1, x2 for 2-D sets), for drawing
  validationPoints(): Float64Array;
  features(): string[];
  /** The true class of each training (validation) point by the trainer's rule: y ≥ 0.5 for one output, else
   *  the one-hot's 1. null for regression data. */
  trainClasses(): Int32Array | null;
  validationClasses(): Int32Array | null;
  delete(): void;
}

export interface TrainerOptions {
  /** B: 1 = stochastic GD, 0 = the whole training set (batch GD), else mini-batch. Default 10. */
  batchSize?: number;
  /** Seeds the per-epoch shuffles. Default 1. */
  seed?: number;
  /** Early stopping after this many epochs without a better validation loss; 0 = off (default). */
  patience?: number;
  /** A batch or epoch loss above this, or not finite, stops training as diverged. Default 1e6. */
  divergenceBound?: number;
  /** An epoch whose training loss exceeds this many times the loss before training stops it as diverged
   *  (0 = off). Default 10. Losses from the logits stay finite at far too high learning rates. */
  divergenceFactor?: number;
}

export interface EpochRecord {
  epoch: number;
  train: number | null;
  validation: number | null;
  trainAccuracy: number | null;
  validationAccuracy: number | null;
}

/** One entry per record in every array. A long run keeps every one of its last 2,000 epochs and an evenly
 *  thinned record of the older ones (at most 4,000 records in all, however long it ran): `epoch` says which
 *  epoch each record is. */
export interface History {
  epoch: number[];
  train: (number | null)[];
  validation: (number | null)[];
  trainAccuracy?: (number | null)[];
  validationAccuracy?: (number | null)[];
}

export type TrainerStatus = 'running' | 'diverged' | 'early_stopped';

/** Keeps its network and data set alive until it is deleted itself. */
export class Trainer {
  constructor(net: Network, data: Dataset, options?: TrainerOptions);
  /** One optimizer step on the next batch; the batch's data loss before the update (null once stopped). Every
   *  step, with the evaluation of both sets that ends an epoch, is within one call's work (640e6 multiply-adds):
   *  the constructor and setBatchSize refuse a batch size (or data set) for which it would not be. */
  step(): number | null;
  /** The rest of the current epoch; refused when that is more than one call's work (a large network on a
   *  large data set: train it by step or trainFor). */
  runEpoch(): EpochRecord;
  /** Up to `epochs` epochs; returns how many ran. Refused when the epochs are more than one call's work: the
   *  message says how many fit, call it in parts. */
  run(epochs: number): number;
  /** Steps for about `milliseconds` (0..1000: a frame's time slice), at most maxEpochs epochs. */
  trainFor(milliseconds: number, maxEpochs?: number): { steps: number; epochs: number; status: TrainerStatus };
  /** Per-epoch whole-set losses (and accuracy for classification); null where a value was not finite. */
  history(): History;
  /** The same for the records of epochs after epoch k only (k = the last epoch already fetched). */
  historyFrom(k: number): History;
  /** One optimizer step on the given training-set rows (e.g. [j] for one example), outside the epoch's batches
   *  (the epoch does not advance); the same divergence checks as step(). The loss, or null once stopped. The
   *  rows are at most what one step may take for this network (all of them but for the largest networks). */
  stepRows(rows: number[] | Uint32Array): number | null;
  epoch(): number;
  stepInEpoch(): number;
  batchesPerEpoch(): number;
  status(): TrainerStatus;
  stopReason(): string;
  bestEpoch(): number;
  restoreBest(): void;
  /** Rows of the training set in the last step's batch. */
  lastBatch(): Uint32Array;
  setBatchSize(batchSize: number): void;
  setPatience(patience: number): void;
  evaluate(): {
    train: number | null;
    validation: number | null;
    trainAccuracy: number | null;
    validationAccuracy: number | null;
  };
  delete(): void;
}

export type SurfaceName = 'bowl' | 'rotated_bowl' | 'rosenbrock' | 'saddle' | 'beale' | 'rss' | 'mse';

/** The data points of the 'rss' and 'mse' surfaces (x is w1, y is w0 there); ignored by the others. */
export interface SurfaceData {
  xs?: NumberArray;
  ys?: NumberArray;
}

export interface SurfaceInfo {
  name: SurfaceName;
  /** f as the page writes it, e.g. '(1 − x)² + 100 (y − x²)²'. */
  formula: string;
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number; // the view box of contour plots
  /** Where a race starts by default. */
  start: [number, number];
  /** The known minimum, or null (the saddle has none). */
  minimum: { x: number; y: number; value: number } | null;
  /** A path stops once |x| or |y| exceeds this. */
  bound: number;
}

/** A path of an optimizer: point 0 is the start; point t holds the parameters after step t, the gradient that
 *  step used (gx, gy) and the optimizer's state after it: for each state name (v; s = E[g²]; m, v, mhat,
 *  vhat) 2·n numbers, the (x, y) entries after each step. Never holds NaN: a diverging path stops early. */
export interface Trajectory {
  t: Float64Array;
  /** minibatchPath: the epoch (1-based) of each step; 0 elsewhere. */
  epoch: Float64Array;
  x: Float64Array;
  y: Float64Array;
  value: Float64Array;
  gx: Float64Array;
  gy: Float64Array;
  state: { [name: string]: Float64Array };
  stoppedEarly: boolean;
  stopReason: string;
}

export interface BackpropModule {
  Network: typeof Network;
  Dataset: typeof Dataset;
  Trainer: typeof Trainer;
  datasetNames(): string[];
  /** What a menu needs before making a set: its task, inputs, outputs, classes, and the range of `noise`
   *  ([0, maxNoise]; iris takes 0 only). twoD: its inputs are the coordinates (x1, x2). */
  datasetInfo(name: string): {
    name: string;
    task: 'classification' | 'regression';
    inputs: number;
    outputs: number;
    numClasses: number;
    maxNoise: number;
    noiseMeaning: string;
    description: string;
    twoD: boolean;
    plane: { extent: number };
    validationFraction: number;
    csvValidationFraction: number;
  };
  /** plane.extent: the input plane drawn and gridded by default is [−extent, extent]² (1.25);
   *  validationFraction: the set's default held-out share (0.5); csvValidationFraction: Dataset.fromCSV's and
   *  bptrain --csv's (0.2). */
  /** The engine's name lists, in its order (every one defined once in the core). */
  activationNames(): (Activation | 'softmax')[];
  lossNames(): LossName[];
  optimizerNames(): OptimizerType[];
  initNames(): InitName[];
  featureNames(): FeatureName[];
  /** Where an activation may go and the range of its values: [lo, hi], null where unbounded (relu [0, null]). */
  activationInfo(name: Activation | 'softmax'): {
    name: string;
    hidden: boolean;
    output: boolean;
    range: [number | null, number | null];
  };
  /** The one pair table: for each output activation the losses it takes and the loss it gets by default (a
   *  loss alone gets the first output whose default it is). The Network constructor refuses any other pair. */
  outputPairs(): { output: OutputActivation; losses: LossName[]; defaultLoss: LossName }[];
  /** Homework bonus 1: the closed-form least-squares line and its residual sum of squares. */
  linearRegression(xs: NumberArray, ys: NumberArray): { w1: number; w0: number; rss: number };
  surfaceNames(): SurfaceName[];
  surface(name: SurfaceName, data?: SurfaceData): SurfaceInfo;
  /** f(x, y) and its gradient. */
  surfacePoint(
    name: SurfaceName,
    x: number,
    y: number,
    data?: SurfaceData,
  ): { value: number | null; gx: number | null; gy: number | null };
  /** f over an nx × ny grid spanning the view box (default 100 × 100, each 2..2048): values[j·nx + i], row 0 at ymin. */
  surfaceGrid(name: SurfaceName, options?: SurfaceData & { nx?: number; ny?: number }): Float64Array;
  /** `steps` (0..50000, default 100) optimizer steps on the surface from `start` (default the surface's). */
  trajectory(
    name: SurfaceName,
    options?: SurfaceData & { optimizer?: OptimizerOptions; start?: [number, number]; steps?: number },
  ): Trajectory;
  /** Lesson q10: (w1, w0) of linear regression trained on ½·mean squared error of seeded-shuffled batches of
   *  batchSize (0 = all: batch GD; 1: stochastic), ⌈N/B⌉ steps per epoch; value is the loss over all points. */
  minibatchPath(options: {
    xs: NumberArray;
    ys: NumberArray;
    batchSize?: number;
    seed?: number;
    epochs?: number;
    optimizer?: OptimizerOptions;
    start?: [number, number];
  }): Trajectory;
  /** For leak checks: the size of wasm memory (at most 512 MB), the bytes malloc holds for live objects, the
   *  wasm stack in use at this call (the same at every call unless stack leaked) and live Embind handles. */
  memory(): { heapBytes: number; usedBytes: number; stackBytes: number; handles: number };
  /** σ(z) and σ'(z) of an element-wise activation at each z (for plots). */
  activation(name: Activation, zs: NumberArray): { a: Float64Array; derivative: Float64Array };
}

export default function createBackprop(options?: object): Promise<BackpropModule>;
