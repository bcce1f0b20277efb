// The engine's JS API (api.md) through dist/backprop.mjs: every call, a 2-3-2 network against values
// computed by hand, the toJSON round trip, the trainer, data sets and the neuron grid.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertClose, engine } from './engine.mjs';

// The 2-3-2 network of the hand computation: relu hidden, linear output, mse.
//   W1 = [[0.5, −1], [1, 1], [−0.5, 0.25]], b1 = [0, −1, 0.5];  W2 = [[1, −1, 2], [0.5, 0, −1]], b2 = [0.1, −0.2]
//   two examples (rows of X): x = (1, 2) and x = (−1, 1); targets y = (0, 1) and (2, −1).
async function handNetwork() {
  const bp = await engine();
  const net = new bp.Network({ sizes: [2, 3, 2], hidden: 'relu', output: 'linear', loss: 'mse' });
  net.setWeights(1, [0.5, -1, 1, 1, -0.5, 0.25]);
  net.setBiases(1, [0, -1, 0.5]);
  net.setWeights(2, [1, -1, 2, 0.5, 0, -1]);
  net.setBiases(2, [0.1, -0.2]);
  return net;
}
const X = new Float64Array([1, 2, -1, 1]);
const Y = new Float64Array([0, 1, 2, -1]);

test('forward of the 2-3-2 network equals the hand computation', async () => {
  const net = await handNetwork();
  const yHat = net.forward(X, 2);
  // z1 = W1 x + b1: (−1.5, 2, 0.5) and (−1.5, −1, 1.25); a1 = relu: (0, 2, 0.5) and (0, 0, 1.25)
  // ŷ = W2 a1 + b2: (−2 + 1 + 0.1, −0.5 − 0.2) = (−0.9, −0.7);  (2.5 + 0.1, −1.25 − 0.2) = (2.6, −1.45)
  assertClose(assert, yHat, [-0.9, -0.7, 2.6, -1.45], 1e-15, 'Ŷ');
  // Per-layer caches are n_l × m: one column per example.
  assertClose(assert, net.z(1), [-1.5, -1.5, 2, -1, 0.5, 1.25], 1e-15, 'Z1');
  assertClose(assert, net.a(1), [0, 0, 2, 0, 0.5, 1.25], 1e-15, 'A1');
  assertClose(assert, net.a(0), [1, -1, 2, 1], 0, 'A0');
  assertClose(assert, net.z(2), [-0.9, 2.6, -0.7, -1.45], 1e-15, 'Z2');
  net.delete();
});

test('backward of the 2-3-2 network equals the hand computation', async () => {
  const net = await handNetwork();
  net.forward(X, 2);
  // e = ŷ − y: (−0.9, −1.7) and (0.6, −0.45); loss = ½ (0.81 + 2.89 + 0.36 + 0.2025) / 2 = 1.065625
  assert.ok(Math.abs(net.backward(Y) - 1.065625) < 1e-15);
  // dZ2 = e / m (n_L × m)
  assertClose(assert, net.dz(2), [-0.45, 0.3, -0.85, -0.225], 1e-15, 'dZ2');
  assertClose(assert, net.da(2), [-0.45, 0.3, -0.85, -0.225], 1e-15, 'dA2 (linear output)');
  // dW2 = dZ2 A1ᵀ: [[0, −0.9, −0.225 + 0.375], [0, −1.7, −0.425 − 0.28125]];  db2 = (−0.15, −1.075)
  assertClose(assert, net.gradWeights(2), [0, -0.9, 0.15, 0, -1.7, -0.70625], 1e-15, 'dW2');
  assertClose(assert, net.gradBiases(2), [-0.15, -1.075], 1e-15, 'db2');
  // dA1 = W2ᵀ dZ2: (−0.875, 0.45, −0.05) and (0.1875, −0.3, 0.825)
  assertClose(assert, net.da(1), [-0.875, 0.1875, 0.45, -0.3, -0.05, 0.825], 1e-15, 'dA1');
  // dZ1 = dA1 ⊙ relu'(Z1): only z > 0 passes: (0, 0.45, −0.05) and (0, 0, 0.825)
  assertClose(assert, net.dz(1), [0, 0, 0.45, 0, -0.05, 0.825], 1e-15, 'dZ1');
  // dW1 = dZ1 Xᵀ: [[0, 0], [0.45, 0.9], [−0.05 − 0.825, −0.1 + 0.825]];  db1 = (0, 0.45, 0.775)
  assertClose(assert, net.gradWeights(1), [0, 0, 0.45, 0.9, -0.875, 0.725], 1e-15, 'dW1');
  assertClose(assert, net.gradBiases(1), [0, 0.45, 0.775], 1e-15, 'db1');
  assert.ok(net.gradientCheck(X, Y, 2) < 1e-6);
  const detail = net.gradientCheckDetail(X, Y, 2, 1e-5);
  assert.ok(detail.maxRelativeError < 1e-6);
  assert.ok(['W', 'b'].includes(detail.parameter));
  net.delete();
});

test('an sgd step moves each weight by −η·dW, and the returned loss is the one before it', async () => {
  const net = await handNetwork();
  net.setOptimizer({ type: 'sgd', lr: 0.1 });
  assert.ok(Math.abs(net.step(X, Y, 2) - 1.065625) < 1e-15);
  assertClose(assert, net.weights(2), [1, -1 + 0.09, 2 - 0.015, 0.5, 0.17, -1 + 0.070625], 1e-15, 'W2 after');
  assertClose(assert, net.biases(1), [0, -1 - 0.045, 0.5 - 0.0775], 1e-15, 'b1 after');
  assert.deepEqual(net.optimizerState(1), { b: {}, t: 1 });
  net.delete();
});

test('the network reports its shape, config, optimizer and regularization', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [4, 6, 4, 3], hidden: ['relu', 'tanh'], output: 'softmax', seed: 42 });
  assert.equal(net.numLayers(), 3);
  assert.deepEqual(net.sizes(), [4, 6, 4, 3]);
  assert.deepEqual(net.config(), {
    sizes: [4, 6, 4, 3],
    hidden: ['relu', 'tanh'],
    output: 'softmax',
    loss: 'cross_entropy',
    init: 'xavier',
    seed: 42,
  });
  assert.equal(net.weights(1).length, 24); // W^[1] is 6 × 4
  assert.equal(net.weights(3).length, 12); // W^[3] is 3 × 4
  assert.equal(net.biases(2).length, 4);
  assert.deepEqual(net.optimizer(), {
    type: 'sgd',
    lr: 0.01,
    momentum: 0.9,
    gamma: 0.9,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
  });
  net.setOptimizer({ type: 'adam', lr: 0.002 });
  assert.equal(net.optimizer().type, 'adam');
  net.setRegularization({ l2: 0.01, dropout: 0.2 });
  assert.deepEqual(net.regularization(), { l1: 0, l2: 0.01, dropout: 0.2 });
  let sq = 0;
  for (let l = 1; l <= 3; l += 1) for (const w of net.weights(l)) sq += w * w;
  assert.ok(Math.abs(net.regularizationLoss() - 0.005 * sq) < 1e-14);
  // Same seed, same weights; the copies are independent of the engine's memory.
  const twin = new bp.Network({ sizes: [4, 6, 4, 3], hidden: ['relu', 'tanh'], output: 'softmax', seed: 42 });
  const w = net.weights(1);
  assert.deepEqual(twin.weights(1), w);
  w[0] = 99;
  assert.notEqual(net.weights(1)[0], 99);
  twin.delete();
  net.delete();
});

test('optimizer state has the course names per layer, W at the top and b under b', async () => {
  const bp = await engine();
  const X4 = [0.1, 0.2, 0.3, 0.4, -1, 0.5, 0.2, 0.1];
  const Y3 = [1, 0, 0, 0, 0, 1];
  for (const [type, names] of [
    ['sgd', []],
    ['momentum', ['v']],
    ['rmsprop', ['s']],
    ['adam', ['m', 'v', 'mhat', 'vhat']],
  ]) {
    const net = new bp.Network({ sizes: [4, 6, 4, 3], hidden: 'relu', output: 'softmax', seed: 42 });
    net.setOptimizer({ type, lr: 0.01 });
    net.step(X4, Y3, 2);
    net.step(X4, Y3, 2);
    const state = net.optimizerState(2);
    assert.equal(state.t, 2, type);
    assert.deepEqual(
      Object.keys(state)
        .filter((k) => k !== 't' && k !== 'b')
        .sort(),
      [...names].sort(),
      type,
    );
    for (const name of names) {
      assert.equal(state[name].length, 24, `${type}.${name} of W^[2] (4 × 6)`);
      assert.equal(state.b[name].length, 4, `${type}.${name} of b^[2]`);
    }
    if (type === 'adam') {
      // m̂ = m / (1 − β1^t) at t = 2
      for (let i = 0; i < 24; i += 1)
        assert.ok(Math.abs(state.mhat[i] - state.m[i] / (1 - 0.9 ** 2)) <= 1e-15 * Math.abs(state.mhat[i]) + 1e-300);
    }
    net.delete();
  }
});

test('toJSON and fromJSON round-trip exactly, optimizer state included', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [2, 5, 3, 1], hidden: ['tanh', 'leaky_relu'], output: 'sigmoid', seed: 7 });
  net.setOptimizer({ type: 'adam', lr: 0.03, beta2: 0.99 });
  net.setRegularization({ l1: 0.001, l2: 0.002, dropout: 0.1 });
  const Xs = [0.3, -0.7, 1.1, 0.2, -0.4, -0.9];
  const Ys = [1, 0, 1];
  for (let i = 0; i < 5; i += 1) net.step(Xs, Ys, 3);
  const text = net.toJSON();
  const copy = bp.Network.fromJSON(text);
  assert.equal(copy.toJSON(), text);
  for (let l = 1; l <= 3; l += 1) {
    assert.deepEqual(copy.weights(l), net.weights(l));
    assert.deepEqual(copy.optimizerState(l), net.optimizerState(l));
  }
  // Both continue identically (no dropout in forward; the optimizer state carries on).
  net.setRegularization({ l1: 0.001, l2: 0.002 });
  copy.setRegularization({ l1: 0.001, l2: 0.002 });
  assert.equal(copy.step(Xs, Ys, 3), net.step(Xs, Ys, 3));
  assert.deepEqual(copy.weights(2), net.weights(2));
  copy.delete();
  net.delete();
});

test('collapse of an all-linear network is the single affine map (homework Q4)', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [3, 4, 4, 2], hidden: 'linear', output: 'linear', init: 'uniform', seed: 3 });
  net.setBiases(1, [0.1, -0.2, 0.3, 0.4]);
  const { W, b } = net.collapse();
  assert.equal(W.length, 6);
  assert.equal(b.length, 2);
  const x = [0.5, -1.5, 2];
  const y = net.forward(x, 1);
  for (let i = 0; i < 2; i += 1) {
    const affine = b[i] + W[i * 3] * x[0] + W[i * 3 + 1] * x[1] + W[i * 3 + 2] * x[2];
    assert.ok(Math.abs(y[i] - affine) < 1e-12);
  }
  net.delete();
});

test('contributions: the scaled hidden neurons sum to the output (homework Q1)', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [1, 2, 1], hidden: 'tanh', output: 'linear', loss: 'mse' });
  net.setWeights(1, [1, 2]);
  net.setBiases(1, [0, 0.5]);
  net.setWeights(2, [3, -1]);
  net.setBiases(2, [0.25]);
  const terms = net.contributions([0.5, -1], 2); // n_1 × m, row j = neuron j
  assert.equal(terms.length, 4);
  assert.ok(Math.abs(terms[0] - 3 * Math.tanh(0.5)) < 1e-15);
  assert.ok(Math.abs(terms[2] + Math.tanh(1.5)) < 1e-15);
  const y = net.predict([0.5, -1], 2);
  for (let e = 0; e < 2; e += 1) assert.ok(Math.abs(terms[e] + terms[2 + e] + 0.25 - y[e]) < 1e-15);
  assert.throws(() => net.contributions([0.5], 1, 1), {
    message: /contributions: output must be an integer in 0\.\.0, got 1/,
  });
  assert.throws(() => net.contributions([0.5], 0), { message: /contributions: m must be an integer/ });
  net.delete();
});

test('linearRegression gives the closed form of homework bonus 1', async () => {
  const bp = await engine();
  // (0, 1), (1, 3), (2, 5) lie on y = 2x + 1 exactly.
  assert.deepEqual(bp.linearRegression([0, 1, 2], [1, 3, 5]), { w1: 2, w0: 1, rss: 0 });
  // (0, 0), (1, 1), (2, 1): x̄ = 1, ȳ = 2/3, w1 = (0·… + (−1)(−2/3) + 1·(1/3)) / 2 = 0.5, w0 = 1/6,
  // residuals (−1/6, 1/3, −1/6): rss = 1/36 + 1/9 + 1/36 = 1/6
  const fit = bp.linearRegression(new Float64Array([0, 1, 2]), new Float64Array([0, 1, 1]));
  assert.ok(Math.abs(fit.w1 - 0.5) < 1e-15);
  assert.ok(Math.abs(fit.w0 - 1 / 6) < 1e-15);
  assert.ok(Math.abs(fit.rss - 1 / 6) < 1e-15);
});

test('activation values and derivatives for plots', async () => {
  const bp = await engine();
  const { a, derivative } = bp.activation('sigmoid', [0, Math.log(3)]);
  assertClose(assert, a, [0.5, 0.75], 1e-15, 'σ');
  assertClose(assert, derivative, [0.25, 0.1875], 1e-15, "σ'");
  const relu = bp.activation('relu', [-1, 0, 2]);
  assert.deepEqual([...relu.a], [0, 0, 2]);
  assert.deepEqual([...relu.derivative], [0, 0, 1]);
  assert.deepEqual([...bp.activation('leaky_relu', [-2]).a], [-0.02]);
});

test('data sets: names, info with the Bayes error, split sizes and features', async () => {
  const bp = await engine();
  const names = bp.datasetNames();
  for (const n of [
    'circle',
    'xor',
    'gauss',
    'spiral',
    'moons',
    'blobs3',
    'sin',
    'abs',
    'step',
    'cubic',
    'line',
    'plane',
    'iris',
  ]) {
    assert.ok(names.includes(n), n);
  }
  const d = new bp.Dataset({
    name: 'circle',
    n: 200,
    noise: 0.1,
    seed: 4,
    validationFraction: 0.25,
    features: ['x1', 'x2', 'x1sq', 'x2sq'],
  });
  const info = d.info();
  assert.equal(info.task, 'classification');
  assert.equal(info.nTrain, 150);
  assert.equal(info.nValidation, 50);
  assert.equal(info.inputs, 4);
  assert.equal(info.bayesErrorRate, 0.1);
  // H(0.1) = −0.1 ln 0.1 − 0.9 ln 0.9
  assert.ok(Math.abs(info.bayesLoss.bce - (-0.1 * Math.log(0.1) - 0.9 * Math.log(0.9))) < 1e-14);
  assert.equal(info.bayesLoss.cross_entropy, null);
  assert.deepEqual(d.features(), ['x1', 'x2', 'x1sq', 'x2sq']);
  const X4 = d.trainX();
  const P = d.trainPoints();
  assert.equal(X4.length, 600);
  for (let j = 0; j < 150; j += 1) {
    assert.equal(X4[4 * j], P[2 * j]);
    assert.equal(X4[4 * j + 2], P[2 * j] * P[2 * j]);
  }
  assert.equal(d.trainY().length, 150);
  assert.equal(d.validationX().length, 200);
  assert.equal(d.validationY().length, 50);
  assert.equal(d.validationPoints().length, 100);
  const iris = new bp.Dataset({ name: 'iris' });
  assert.equal(iris.info().inputs, 4);
  assert.equal(iris.info().outputs, 3);
  assert.equal(iris.info().nTrain + iris.info().nValidation, 150);
  const csv = bp.Dataset.fromCSV('a,b,y\n1,2,0\n2,3,1\n3,4,2\n4,5,1\n5,6,0\n', {
    targets: 1,
    task: 'classification',
    validationFraction: 0.2,
  });
  assert.equal(csv.info().outputs, 3);
  assert.equal(csv.info().nTrain, 4);
  for (const o of [d, iris, csv]) o.delete();
});

test('the trainer runs epochs, keeps history and learns the circle', async () => {
  const bp = await engine();
  const data = new bp.Dataset({ name: 'circle', n: 200, seed: 1 });
  const net = new bp.Network({ sizes: [2, 8, 8, 1], hidden: 'tanh', output: 'sigmoid', seed: 1 });
  net.setOptimizer({ type: 'adam', lr: 0.01 });
  const trainer = new bp.Trainer(net, data, { batchSize: 10, seed: 1 });
  assert.equal(trainer.batchesPerEpoch(), 10);
  const loss = trainer.step();
  assert.ok(Number.isFinite(loss));
  assert.equal(trainer.stepInEpoch(), 1);
  assert.equal(trainer.lastBatch().length, 10);
  assert.equal(net.optimizerState(1).t, 1);
  const record = trainer.runEpoch();
  assert.equal(record.epoch, 1);
  assert.equal(trainer.run(99), 99);
  const history = trainer.history();
  assert.equal(history.train.length, 100);
  assert.equal(history.validation.length, 100);
  assert.ok(history.validationAccuracy[99] > 0.9, `validation accuracy ${history.validationAccuracy[99]}`);
  assert.ok(history.train[99] < history.train[0]);
  assert.deepEqual(
    history.epoch,
    Array.from({ length: 100 }, (_, i) => i + 1),
  );
  // historyFrom(k): the records after epoch k, the same values.
  const tail = trainer.historyFrom(97);
  assert.deepEqual(tail.epoch, [98, 99, 100]);
  assert.deepEqual(tail.train, history.train.slice(97));
  assert.deepEqual(tail.validationAccuracy, history.validationAccuracy.slice(97));
  assert.deepEqual(trainer.historyFrom(100).epoch, []);
  assert.equal(trainer.status(), 'running');
  assert.equal(trainer.bestEpoch() >= 1, true);
  const evaluation = trainer.evaluate();
  assert.equal(evaluation.train, history.train[99]);
  const slice = trainer.trainFor(5, 3);
  assert.ok(slice.epochs <= 3);
  assert.equal(slice.status, 'running');
  // The trainer keeps its network alive even when the JS handle is deleted first.
  net.delete();
  assert.ok(Number.isFinite(trainer.step()));
  trainer.delete();
  data.delete();
});

test('a learning rate of 10 on regression diverges with a reason, no NaN anywhere', async () => {
  const bp = await engine();
  const data = new bp.Dataset({ name: 'cubic', n: 100, noise: 0.1 });
  const net = new bp.Network({ sizes: [1, 16, 16, 1], hidden: 'relu', output: 'linear' });
  net.setOptimizer({ type: 'sgd', lr: 10 });
  const trainer = new bp.Trainer(net, data, { batchSize: 10 });
  trainer.run(50);
  assert.equal(trainer.status(), 'diverged');
  assert.match(trainer.stopReason(), /^diverged/);
  for (let l = 1; l <= 3; l += 1) for (const w of net.weights(l)) assert.ok(Number.isFinite(w));
  for (const v of trainer.history().train) assert.ok(v === null || Number.isFinite(v));
  assert.equal(trainer.step(), null);
  for (const o of [trainer, net, data]) o.delete();
});

test('neuronGrid returns every neuron over the grid in one Float32Array, neuron-major', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [3, 4, 1], hidden: 'tanh', output: 'sigmoid', seed: 2 });
  const grid = net.neuronGrid({ features: ['x1', 'x2', 'x1x2'], x1: [-1, 1], x2: [-1, 1], resolution: 3 });
  assert.ok(grid instanceof Float32Array);
  assert.equal(grid.length, (3 + 4 + 1) * 9);
  // Row 0 is the top (x2 = 1); column 2 is x1 = 1: the point (1, 1) is index 2 of each block.
  assert.equal(grid[0 * 9 + 2], 1);
  assert.equal(grid[1 * 9 + 2], 1);
  assert.equal(grid[2 * 9 + 2], 1);
  assert.equal(grid[1 * 9 + 6], -1); // row 2 (x2 = −1)
  const out = net.forward([1, 1, 1], 1);
  assert.equal(grid[7 * 9 + 2], Math.fround(out[0]));
  net.delete();
});

test('the broken-derivative switch of lesson q3 makes the gradient check fail', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [2, 4, 1], hidden: 'sigmoid', output: 'sigmoid', seed: 3 });
  const Xs = [0.3, -0.7, 1.1, 0.2];
  const Ys = [1, 0];
  assert.ok(net.gradientCheck(Xs, Ys, 2) < 1e-6);
  net.setBrokenDerivative(true);
  assert.equal(net.brokenDerivative(), true);
  assert.ok(net.gradientCheck(Xs, Ys, 2) > 0.1);
  net.delete();
});

test('surfaces: info, value and gradient, grid, and optimizer paths with their state', async () => {
  const bp = await engine();
  assert.deepEqual(bp.surfaceNames(), ['bowl', 'rotated_bowl', 'rosenbrock', 'saddle', 'beale', 'rss', 'mse']);
  const rosen = bp.surface('rosenbrock');
  assert.deepEqual(rosen.minimum, { x: 1, y: 1, value: 0 });
  assert.equal(bp.surface('saddle').minimum, null);
  // Rosenbrock at (0, 0): f = 1, ∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²)) = (−2, 0)
  assert.deepEqual(bp.surfacePoint('rosenbrock', 0, 0), { value: 1, gx: -2, gy: 0 });
  const grid = bp.surfaceGrid('rosenbrock', { nx: 5, ny: 3 });
  assert.equal(grid.length, 15);
  assert.equal(grid[0], bp.surfacePoint('rosenbrock', rosen.xmin, rosen.ymin).value);
  // Adam's first step moves each coordinate by η·m̂/√(v̂ + ε) = η·g/√(g² + ε) ≈ η·sign(g).
  const path = bp.trajectory('rosenbrock', { optimizer: { type: 'adam', lr: 0.01 }, start: [0, 0], steps: 2 });
  assert.equal(path.x.length, 3);
  assert.ok(Math.abs(path.x[1] - (0.01 * 2) / Math.sqrt(4 + 1e-8)) < 1e-15);
  assert.equal(path.y[1], 0);
  assert.deepEqual([...path.state.mhat.slice(2, 4)], [-2, 0]); // m̂ after step 1 = g
  assert.equal(path.stoppedEarly, false);
  const wild = bp.trajectory('bowl', { optimizer: { type: 'sgd', lr: 5 }, steps: 1000 });
  assert.equal(wild.stoppedEarly, true);
  assert.match(wild.stopReason, /bound|finite/);
  for (const v of wild.value) assert.ok(Number.isFinite(v));
  // Linear regression on y = 2x + 1: RSS is 0 at the closed-form point.
  const xs = [0, 1, 2, 3];
  const ys = [1, 3, 5, 7];
  assert.deepEqual(bp.surface('rss', { xs, ys }).minimum, { x: 2, y: 1, value: 0 });
  const batch = bp.minibatchPath({
    xs,
    ys,
    batchSize: 0,
    epochs: 3,
    optimizer: { type: 'sgd', lr: 0.1 },
    start: [0, 0],
  });
  const sgd = bp.minibatchPath({ xs, ys, batchSize: 1, epochs: 3, optimizer: { type: 'sgd', lr: 0.1 }, start: [0, 0] });
  assert.equal(batch.x.length, 1 + 3); // one update per epoch
  assert.equal(sgd.x.length, 1 + 3 * 4); // n updates per epoch
  assert.deepEqual([...sgd.epoch.slice(1, 6)], [1, 1, 1, 1, 2]);
  // Batch GD's first step from (0, 0): ∇J = (−mean(x·y), −mean(y)) = (−8.5, −4).
  assert.ok(Math.abs(batch.x[1] - 0.85) < 1e-15);
  assert.ok(Math.abs(batch.y[1] - 0.4) < 1e-15);
  assert.throws(() => bp.surface('torus'), /must be one of/);
  assert.throws(() => bp.trajectory('bowl', { steps: -1 }), /trajectory: steps must be an integer in 0\.\.50000/);
  assert.throws(() => bp.minibatchPath({ xs }), /xs and ys .* are required/);
  assert.throws(() => bp.surfaceGrid('bowl', { nx: 1 }), /surfaceGrid: nx must be an integer in 2\.\.2048, got 1/);
  assert.equal(bp.surfaceGrid('bowl', { nx: 2 }).length, 4);
});

test('dropout masks, batch size changes, early stopping with restore of the best epoch', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [2, 16, 1], hidden: 'relu', output: 'sigmoid', seed: 4 });
  net.setRegularization({ dropout: 0.5 });
  assert.equal(net.dropoutMask(1), null); // before any training step
  net.step([0.1, 0.2, 0.3, -0.4], [1, 0], 2);
  const mask = net.dropoutMask(1);
  assert.equal(mask.length, 32);
  assert.ok(mask.every((v) => v === 0 || v === 1));
  const A = net.a(1);
  mask.forEach((keep, i) => {
    if (keep === 0) assert.equal(A[i], 0);
  });
  assert.equal(net.dropoutMask(2), null); // never on the output layer
  net.forward([0.1, 0.2], 1);
  assert.equal(net.dropoutMask(1), null); // evaluation never drops
  net.delete();

  // Few noisy points, a big network: the validation loss turns up and early stopping restores the best.
  const data = new bp.Dataset({ name: 'circle', n: 40, noise: 0.2, seed: 3 });
  const big = new bp.Network({ sizes: [2, 32, 32, 1], hidden: 'relu', output: 'sigmoid', seed: 9 });
  big.setOptimizer({ type: 'adam', lr: 0.02 });
  const trainer = new bp.Trainer(big, data, { batchSize: 10 });
  trainer.setBatchSize(0); // before the first step: batch gradient descent from the start
  assert.equal(trainer.batchesPerEpoch(), 1);
  trainer.setPatience(10);
  trainer.run(3000);
  assert.equal(trainer.status(), 'early_stopped');
  const best = trainer.bestEpoch();
  const history = trainer.history();
  assert.equal(trainer.epoch(), best + 10);
  assert.equal(history.validation[best - 1], Math.min(...history.validation));
  assert.equal(trainer.evaluate().validation, history.validation[best - 1]); // restored
  trainer.restoreBest(); // idempotent
  assert.equal(trainer.evaluate().validation, history.validation[best - 1]);
  assert.match(trainer.stopReason(), new RegExp(`epoch ${best}`));
  for (const o of [trainer, big, data]) o.delete();
});

test('predict and classify leave the step caches alone; stepRows, historyFrom and datasetInfo', async () => {
  const bp = await engine();
  const data = new bp.Dataset({ name: 'blobs3', n: 60, seed: 2 });
  const net = new bp.Network({ sizes: [2, 6, 3], hidden: 'tanh', output: 'softmax', seed: 3 });
  const trainer = new bp.Trainer(net, data, { batchSize: 6 });
  trainer.step();
  const z1 = net.z(1);
  const dz2 = net.dz(2);
  const X = data.validationX();
  const yHat = net.predict(X, 30);
  assert.deepEqual(net.z(1), z1); // the step's caches survive predict
  assert.deepEqual(net.dz(2), dz2);
  const classes = net.classify(X, 30);
  assert.ok(classes instanceof Int32Array);
  for (let j = 0; j < 30; j += 1) {
    const row = Array.from(yHat.slice(3 * j, 3 * j + 3));
    assert.equal(classes[j], row.indexOf(Math.max(...row)));
  }
  // Accuracy from classify equals the trainer's.
  const Y = data.validationY();
  let correct = 0;
  for (let j = 0; j < 30; j += 1) correct += Y[3 * j + classes[j]] === 1 ? 1 : 0;
  assert.equal(trainer.evaluate().validationAccuracy, correct / 30);
  // One example outside the epoch's batches.
  const t = net.optimizerState(1).t;
  assert.ok(Number.isFinite(trainer.stepRows([4])));
  assert.deepEqual([...trainer.lastBatch()], [4]);
  assert.equal(net.optimizerState(1).t, t + 1);
  assert.equal(trainer.stepInEpoch(), 1);
  assert.throws(() => trainer.stepRows([30]), /stepRows: rows\[0\] must be a training row in 0\.\.29, got 30/);
  assert.throws(() => trainer.stepRows([]), /rows must name 1\.\.30 training examples, got 0/);
  trainer.run(5);
  const all = trainer.history();
  const tail = trainer.historyFrom(3);
  assert.deepEqual(tail.train, all.train.slice(3));
  assert.deepEqual(tail.validationAccuracy, all.validationAccuracy.slice(3));
  assert.deepEqual(trainer.historyFrom(5).train, []);
  const info = bp.datasetInfo('iris');
  assert.deepEqual(
    [info.task, info.inputs, info.outputs, info.numClasses, info.maxNoise, info.twoD],
    ['classification', 4, 3, 3, 0, false],
  );
  assert.equal(bp.datasetInfo('spiral').twoD, true);
  assert.equal(bp.datasetInfo('sin').task, 'regression');
  assert.throws(() => bp.datasetInfo('nope'), /must be one of/);
  for (const o of [trainer, net, data]) o.delete();
});
