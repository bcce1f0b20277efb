// Every argument error of the JS API throws an Error naming the argument and the rule, and after each one
// the module and the live objects keep working (a successful call follows every throw).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { engine } from './engine.mjs';

// Runs `call`, expects an Error whose message matches `pattern`, then proves the engine still works.
function refuses(call, pattern, stillWorks) {
  assert.throws(call, (e) => e instanceof Error && pattern.test(e.message), `expected an Error matching ${pattern}`);
  stillWorks();
}

test('Network options: each rule of sizes, activations, loss, init, seed and unknown keys', async () => {
  const bp = await engine();
  const ok = () => {
    const net = new bp.Network({ sizes: [2, 3, 1] });
    assert.equal(net.forward([0.5, 0.5], 1).length, 1);
    net.delete();
  };
  const make = (options) => () => new bp.Network(options);
  refuses(make({ sizes: [2, 0, 1] }), /^Network: sizes\[1\] must be an integer in 1\.\.64, got 0$/, ok);
  refuses(make({ sizes: [2, 65, 1] }), /sizes\[1\] must be an integer in 1\.\.64, got 65/, ok);
  refuses(make({ sizes: [2, 2.5, 1] }), /sizes\[1\] must be an integer/, ok);
  refuses(make({ sizes: [2, '3', 1] }), /sizes\[1\] must be an integer in 1\.\.64, got '3'/, ok);
  refuses(make({ sizes: [2] }), /sizes must list 2\.\.10 layer widths, got 1/, ok);
  refuses(make({ sizes: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2] }), /sizes must list 2\.\.10/, ok);
  refuses(make({ sizes: 'big' }), /sizes must be an array/, ok);
  refuses(make({}), /sizes must be an array/, ok);
  refuses(make(undefined), /sizes must be an array/, ok);
  refuses(make(42), /options must be an object/, ok);
  refuses(make({ sizes: [2, 3, 1], hidden: 'relu6' }), /hidden must be one of .*got 'relu6'/, ok);
  refuses(
    make({ sizes: [2, 3, 3, 1], hidden: ['relu'] }),
    /hidden must name one activation per hidden layer \(2\), got 1/,
    ok,
  );
  refuses(make({ sizes: [2, 3, 3, 1], hidden: ['relu', 7] }), /hidden\[1\] must be a string/, ok);
  refuses(make({ sizes: [2, 3, 2], hidden: 'softmax', output: 'softmax' }), /hidden\[0\] cannot be 'softmax'/, ok);
  refuses(make({ sizes: [2, 3, 1], output: 'gelu' }), /output must be one of/, ok);
  refuses(
    make({ sizes: [2, 3, 1], output: 'linear', loss: 'bce' }),
    /loss 'bce' needs output 'sigmoid', got 'linear'/,
    ok,
  );
  refuses(
    make({ sizes: [2, 3, 1], output: 'sigmoid', loss: 'cross_entropy' }),
    /'cross_entropy' needs output 'softmax'/,
    ok,
  );
  refuses(make({ sizes: [2, 3, 1], output: 'softmax' }), /softmax' needs at least 2 outputs/, ok);
  refuses(
    make({ sizes: [2, 3, 1], loss: 'hinge' }),
    /loss must be one of 'mse', 'bce', 'cross_entropy', got 'hinge'/,
    ok,
  );
  refuses(make({ sizes: [2, 3, 1], init: 'orthogonal' }), /init must be one of/, ok);
  refuses(
    make({ sizes: [2, 3, 1], seed: -1 }),
    /^Network: seed must be an integer in 0\.\.9007199254740991, got -1$/,
    ok,
  );
  refuses(make({ sizes: [2, 3, 1], layers: [3] }), /unknown option 'layers'/, ok);
});

test('layer indices, array lengths and non-finite numbers', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [2, 3, 1], hidden: 'tanh', output: 'sigmoid' });
  const ok = () => assert.equal(net.forward([0.1, 0.2], 1).length, 1);
  for (const name of ['weights', 'biases', 'gradWeights', 'gradBiases', 'optimizerState', 'dropoutMask']) {
    refuses(() => net[name](0), new RegExp(`^${name}: l must be an integer in 1\\.\\.2, got 0$`), ok);
    refuses(() => net[name](3), /l must be an integer in 1\.\.2, got 3/, ok);
    refuses(() => net[name]('1'), /l must be an integer/, ok);
  }
  net.forward([0.1, 0.2], 1);
  for (const name of ['z', 'dz', 'da']) refuses(() => net[name](5), /l must be an integer in 1\.\.2, got 5/, ok);
  refuses(() => net.a(-1), /a: l must be an integer in 0\.\.2, got -1/, ok);
  refuses(() => net.setWeights(1, [1, 2, 3]), /setWeights: values must hold n_l · n_\{l-1\} = 6 numbers, got 3/, ok);
  refuses(() => net.setBiases(2, [1, 2]), /setBiases: values must hold n_l = 1 numbers, got 2/, ok);
  refuses(() => net.setWeights(1, [1, 2, 3, NaN, 5, 6]), /values\[3\] must be a finite number, got NaN/, ok);
  refuses(() => net.setWeights(1, 'abc'), /values must be an array/, ok);
  refuses(() => net.forward([1, 2, 3], 1), /forward: X must hold m × 2 = 2 numbers, got 3/, ok);
  refuses(() => net.forward([1, 2], 0), /forward: m must be an integer in 1\.\.65536, got 0/, ok);
  refuses(() => net.forward([1, Infinity], 1), /X\[1\] must be a finite number, got Infinity/, ok);
  refuses(() => net.forward([1, 'x'], 1), /X\[1\] must be a finite number, got 'x'/, ok);
  refuses(() => net.step([1, 2], [1, 0], 1), /step: Y must hold m × 1 = 1 numbers, got 2/, ok);
  refuses(() => net.step([1, 2], [2], 1), /targets for 'bce' must lie in \[0, 1\], got 2/, ok);
  net.delete();
});

test('backward before forward, and targets that break the loss rules', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [2, 3, 3], hidden: 'relu', output: 'softmax' });
  const ok = () => assert.equal(net.forward([0.1, 0.2], 1).length, 3);
  refuses(() => net.backward([1, 0, 0]), /^backward: call forward \(or step\) before backward$/, ok);
  refuses(
    () => net.backward([0.5, 0.5, 0]),
    /backward: Y: targets for 'cross_entropy' must be one-hot .* example 0 is not/,
    ok,
  );
  refuses(() => net.backward([1, 0]), /backward: Y must hold m × 3 = 3 numbers, got 2/, ok);
  refuses(() => net.step([0.1, 0.2], [0, 2, 0], 1), /one-hot/, ok);
  assert.ok(Number.isFinite(net.backward([0, 1, 0])));
  const fresh = new bp.Network({ sizes: [2, 3, 1] });
  refuses(() => fresh.z(1), /z: call forward \(or step\) first/, ok);
  fresh.delete();
  net.delete();
});

test('optimizer and regularization settings', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [2, 3, 1] });
  const ok = () => assert.ok(Number.isFinite(net.step([0.1, 0.2], [1], 1)));
  refuses(
    () => net.setOptimizer({ type: 'adagrad' }),
    /optimizer: type must be one of 'sgd', 'momentum', 'rmsprop', 'adam', got 'adagrad'/,
    ok,
  );
  refuses(
    () => net.setOptimizer({ lr: 0 }),
    /^setOptimizer: optimizer: lr must be a finite number in \(0, 100\], got 0$/,
    ok,
  );
  refuses(
    () => net.setOptimizer({ lr: 1000 }),
    /^setOptimizer: optimizer: lr must be a finite number in \(0, 100\], got 1000$/,
    ok,
  );
  refuses(() => net.setOptimizer({ lr: NaN }), /setOptimizer: lr must be a finite number, got NaN/, ok);
  refuses(() => net.setOptimizer({ lr: '0.1' }), /lr must be a finite number, got '0.1'/, ok);
  refuses(() => net.setOptimizer({ type: 'momentum', momentum: 1 }), /momentum must be a finite number in \[0/, ok);
  refuses(() => net.setOptimizer({ type: 'rmsprop', gamma: -0.1 }), /gamma must be/, ok);
  refuses(() => net.setOptimizer({ type: 'adam', beta1: 1.5 }), /beta1 must be/, ok);
  refuses(() => net.setOptimizer({ type: 'adam', beta2: 1 }), /beta2 must be/, ok);
  refuses(() => net.setOptimizer({ type: 'adam', eps: 0 }), /eps must be/, ok);
  refuses(() => net.setOptimizer({ learningRate: 0.1 }), /unknown option 'learningRate'/, ok);
  refuses(() => net.setRegularization({ l1: -1 }), /regularization: l1 must be a number in \[0, 10\], got -1/, ok);
  refuses(() => net.setRegularization({ l2: 11 }), /l2 must be a number in \[0, 10\]/, ok);
  refuses(() => net.setRegularization({ dropout: 1 }), /dropout must be a probability in \[0, 1\), got 1/, ok);
  refuses(() => net.setRegularization({ dropuot: 0.5 }), /unknown option 'dropuot'/, ok);
  refuses(() => net.gradientCheck([0.1, 0.2], [1], 1, 0), /gradientCheck: eps must be a number in \(0, 0.1\]/, ok);
  refuses(() => net.setBrokenDerivative('yes'), /broken must be true or false/, ok);
  net.delete();
});

test('collapse, toJSON/fromJSON and neuronGrid refusals', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [2, 3, 1], hidden: 'relu', output: 'linear' });
  const ok = () => assert.equal(net.neuronGrid({ resolution: 4 }).length, 6 * 16);
  refuses(() => net.collapse(), /collapse: every activation must be 'linear' .* layer 1 is 'relu'/, ok);
  refuses(() => bp.Network.fromJSON('{oops'), /Network.fromJSON: text is not valid JSON/, ok);
  refuses(() => bp.Network.fromJSON('{"format": "other"}'), /not a network saved by toJSON/, ok);
  refuses(() => bp.Network.fromJSON(42), /text must be a string/, ok);
  const saved = JSON.parse(net.toJSON());
  saved.layers[0].W = [1, 2];
  refuses(() => bp.Network.fromJSON(JSON.stringify(saved)), /layers\[0\] has the wrong number of entries/, ok);
  saved.config.sizes = [2, 0, 1];
  refuses(() => bp.Network.fromJSON(JSON.stringify(saved)), /sizes\[1\] must be an integer in 1\.\.64, got 0/, ok);
  refuses(() => net.neuronGrid({ resolution: 1 }), /neuronGrid: resolution must be an integer in 2\.\.256, got 1/, ok);
  refuses(() => net.neuronGrid({ x1: [1, -1] }), /grid: x1 range must be two finite numbers with min < max/, ok);
  refuses(() => net.neuronGrid({ x2: [0] }), /x2 must be \[min, max\]/, ok);
  refuses(() => net.neuronGrid({ features: ['x1'] }), /the network takes n_0 = 2 inputs but 1 features were given/, ok);
  refuses(() => net.neuronGrid({ features: ['x1', 'y'] }), /features\[1\] must be one of/, ok);
  refuses(() => net.neuronGrid({ size: 3 }), /unknown option 'size'/, ok);
  net.delete();
});

test('data set, CSV, trainer and helper refusals', async () => {
  const bp = await engine();
  const ok = () => {
    const d = new bp.Dataset({ name: 'xor', n: 20 });
    assert.equal(d.info().nTrain, 10);
    d.delete();
  };
  refuses(() => new bp.Dataset({ name: 'swiss_roll' }), /dataset: name must be one of/, ok);
  refuses(() => new bp.Dataset({ name: 'circle', n: 0 }), /Dataset: n must be an integer in 1\.\.10000, got 0/, ok);
  refuses(() => new bp.Dataset({ name: 'circle', noise: 0.6 }), /noise must be/, ok);
  refuses(
    () => new bp.Dataset({ name: 'circle', validationFraction: 0.95 }),
    /^Dataset: split: validationFraction must be a number in \[0, 0.9\], got 0.95$/,
    ok,
  );
  refuses(() => new bp.Dataset({ name: 'sin', features: ['x1'] }), /derived features apply to 2-D data/, ok);
  refuses(() => new bp.Dataset({ nmae: 'circle' }), /unknown option 'nmae'/, ok);
  refuses(() => bp.Dataset.fromCSV(''), /empty|no header/i, ok);
  refuses(() => bp.Dataset.fromCSV('a,b\n1,2\n3\n'), /line 3/, ok);
  refuses(() => bp.Dataset.fromCSV('a,b\n1,x\n'), /line 2.*column 2|column 2.*line 2/, ok);
  refuses(
    () => bp.Dataset.fromCSV('a,b\n1,2\n', { task: 'ranking' }),
    /task must be 'regression' or 'classification'/,
    ok,
  );

  const data = new bp.Dataset({ name: 'circle', n: 40 });
  const net = new bp.Network({ sizes: [3, 4, 1] });
  const good = new bp.Network({ sizes: [2, 4, 1] });
  const trainerWorks = () => {
    const t = new bp.Trainer(good, data, { batchSize: 5 });
    assert.ok(Number.isFinite(t.step()));
    t.delete();
  };
  refuses(
    () => new bp.Trainer(net, data),
    /trainer: the training set has 2 features but the network takes n_0 = 3/,
    trainerWorks,
  );
  refuses(
    () => new bp.Trainer(good, data, { batchSize: -1 }),
    /Trainer: batchSize must be an integer in 0\.\.65536, got -1/,
    trainerWorks,
  );
  refuses(
    () => new bp.Trainer(good, data, { patience: 1.5 }),
    /^Trainer: patience must be an integer in 0\.\.100000, got 1\.5$/,
    trainerWorks,
  );
  refuses(
    () => new bp.Trainer(good, data, { divergenceBound: -5 }),
    /^Trainer: trainer: divergenceBound must be a positive number, got -5$/,
    trainerWorks,
  );
  refuses(() => new bp.Trainer(good, data, { epochs: 5 }), /unknown option 'epochs'/, trainerWorks);
  const mse = new bp.Network({ sizes: [2, 4, 3], output: 'softmax' });
  refuses(() => new bp.Trainer(mse, data), /network outputs n_L = 3/, trainerWorks);
  const trainer = new bp.Trainer(good, data);
  refuses(() => trainer.run(-1), /^run: epochs must be an integer in 0\.\.1000000, got -1$/, trainerWorks);
  refuses(() => trainer.trainFor(-1), /trainFor: milliseconds must be in 0\.\.1000,/, trainerWorks);
  refuses(() => trainer.trainFor(1001), /trainFor: milliseconds must be in 0\.\.1000, got 1001/, trainerWorks);
  refuses(() => trainer.setBatchSize(1e9), /setBatchSize: batchSize must be an integer in 0\.\.65536/, trainerWorks);

  const lrWorks = () => assert.equal(bp.linearRegression([0, 1], [0, 1]).w1, 1);
  refuses(() => bp.linearRegression([0, 1, 2], [0, 1]), /xs.*ys|ys.*xs/, lrWorks);
  refuses(() => bp.linearRegression([1, 1, 1], [0, 1, 2]), /x/, lrWorks);
  refuses(() => bp.linearRegression([1], [1]), /2/, lrWorks);
  refuses(() => bp.activation('swish', [0]), /activation: name must be one of/, lrWorks);
  refuses(() => bp.activation('softmax', [0]), /element-wise/, lrWorks);
  for (const o of [trainer, mse, good, net, data]) o.delete();
});

test('stale gradients, non-number entries, malformed saved networks and iris options are refused', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [2, 3, 1] });
  const ok = () => assert.equal(net.forward([0.1, 0.2], 1).length, 1);
  net.forward([0.1, 0.2], 1);
  refuses(() => net.dz(1), /dz: call backward \(or step\) after the last forward first/, ok);
  refuses(() => net.gradWeights(1), /gradWeights: call backward \(or step\) after the last forward first/, ok);
  net.backward([1]);
  assert.equal(net.dz(1).length, 3);
  net.forward([0.1, 0.2, 0.3, 0.4], 2); // a new forward makes the old gradients stale
  refuses(() => net.da(2), /da: call backward/, ok);
  refuses(
    () => net.setWeights(1, [1, 2, null, 4, 5, 6]),
    /setWeights: values\[2\] must be a finite number, got null/,
    ok,
  );
  refuses(() => net.forward(['1', 2], 1), /forward: X\[0\] must be a finite number, got '1'/, ok);
  refuses(() => net.step([0, 0], [[1]], 1), /step: Y\[0\] must be a finite number/, ok);
  refuses(() => net.forward([true, 2], 1), /X\[0\] must be a finite number, got true/, ok);
  const saved = JSON.parse(net.toJSON());
  saved.layers[1] = null;
  refuses(
    () => bp.Network.fromJSON(JSON.stringify(saved)),
    /Network.fromJSON: layers\[1\] must be an object \{W, b\}, got null/,
    ok,
  );
  const saved2 = JSON.parse(net.toJSON());
  saved2.state[0] = null;
  refuses(
    () => bp.Network.fromJSON(JSON.stringify(saved2)),
    /state\[0\] must be an object of named arrays, got null/,
    ok,
  );
  refuses(() => bp.Network.fromJSON('[1, 2]'), /not a network saved by toJSON/, ok);
  refuses(() => new bp.Dataset({ name: 'iris', n: 50 }), /Dataset: n does not apply to 'iris'/, ok);
  refuses(() => new bp.Dataset({ name: 'iris', noise: 0.1 }), /noise must be 0 for 'iris'|noise/, ok);
  net.delete();
});
