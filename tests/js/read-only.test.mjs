// The evaluation calls read the engine without changing it: predict, classify, activations, neuronGrid and
// classGrid, with and without `parameters`, leave toJSON() and every cache bit-identical; the parameters
// given are the ones used; classGrid follows classify's class rule; the name lists, activationInfo and
// outputPairs say what the Network constructor accepts; sigmaPrime and the data sets' true classes.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertClose, engine } from './engine.mjs';

// Every cache of every layer, as bytes (so -0 and NaN patterns count too).
function caches(net) {
  const bytes = (a) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).join(',');
  const out = { json: net.toJSON(), a0: bytes(net.a(0)) };
  for (let l = 1; l <= net.numLayers(); l += 1) {
    out[`z${l}`] = bytes(net.z(l));
    out[`a${l}`] = bytes(net.a(l));
    out[`dz${l}`] = bytes(net.dz(l));
    out[`da${l}`] = bytes(net.da(l));
    out[`gW${l}`] = bytes(net.gradWeights(l));
    out[`gb${l}`] = bytes(net.gradBiases(l));
    try {
      out[`sp${l}`] = bytes(net.sigmaPrime(l));
    } catch (e) {
      out[`sp${l}`] = e.message; // softmax
    }
  }
  return out;
}

async function trainedNetwork(options) {
  const bp = await engine();
  const net = new bp.Network(options);
  const n0 = options.sizes[0],
    nL = options.sizes.at(-1);
  const X = Float64Array.from({ length: 5 * n0 }, (_, i) => Math.sin(i + 1));
  const Y = new Float64Array(5 * nL);
  for (let j = 0; j < 5; j += 1) Y[j * nL + (nL > 1 ? j % nL : 0)] = nL > 1 || j % 2 ? 1 : 0;
  net.setOptimizer({ type: 'adam', lr: 0.05 });
  for (let i = 0; i < 3; i += 1) net.step(X, Y, 5);
  net.forward(X, 5);
  net.backward(Y);
  return { bp, net, X, Y };
}

// Weights other than the network's: each entry shifted.
function otherParameters(net) {
  const p = net.parameters();
  return { W: p.W.map((w) => w.map((v, i) => v + 0.1 * Math.cos(i))), b: p.b.map((b) => b.map((v) => v - 0.05)) };
}

for (const options of [
  { sizes: [2, 4, 3, 1], hidden: ['relu', 'tanh'], output: 'sigmoid' },
  { sizes: [2, 5, 3], hidden: 'leaky_relu', output: 'softmax' },
  { sizes: [2, 3, 2], hidden: 'sigmoid', output: 'linear' },
]) {
  test(`evaluation calls leave toJSON() and every cache bit-identical (${options.output} output)`, async () => {
    const { net } = await trainedNetwork(options);
    const before = caches(net);
    const P = [0.3, -0.7, 1.1, 0.2, -1, -1];
    const other = otherParameters(net);
    for (const parameters of [undefined, net.parameters(), other]) {
      const extra = parameters === undefined ? [] : [parameters];
      net.predict(P, 3, ...extra);
      net.classify(P, 3, ...extra);
      net.activations(P, 3, ...extra);
      net.neuronGrid({ resolution: 7, ...(parameters ? { parameters } : {}) });
      net.classGrid({ resolution: 7, ...(parameters ? { parameters } : {}) });
      assert.deepEqual(caches(net), before);
    }
    // A refused parameters object changes nothing either.
    assert.throws(
      () => net.predict(P, 3, { W: other.W.slice(1), b: other.b }),
      /^Error: predict: parameters\.W must be an array of L = \d arrays \(layers 1\.\.L\)/,
    );
    assert.deepEqual(caches(net), before);
  });

  test(`evaluating with parameters equals a network holding them (${options.output} output)`, async () => {
    const { bp, net } = await trainedNetwork(options);
    const other = otherParameters(net);
    const copy = bp.Network.fromJSON(net.toJSON());
    for (let l = 1; l <= copy.numLayers(); l += 1) {
      copy.setWeights(l, other.W[l - 1]);
      copy.setBiases(l, other.b[l - 1]);
    }
    const P = [0.3, -0.7, 1.1, 0.2, -1, -1];
    assert.deepEqual(net.predict(P, 3, other), copy.predict(P, 3));
    assert.deepEqual(net.classify(P, 3, other), copy.classify(P, 3));
    assert.deepEqual(net.activations(P, 3, other), copy.activations(P, 3));
    assert.deepEqual(net.neuronGrid({ resolution: 5, parameters: other }), copy.neuronGrid({ resolution: 5 }));
    assert.deepEqual(net.classGrid({ resolution: 5, parameters: other }), copy.classGrid({ resolution: 5 }));
    // Own parameters as an argument are the same as none.
    assert.deepEqual(net.predict(P, 3, net.parameters()), net.predict(P, 3));
    // activations agree with forward's caches and with predict.
    const act = copy.activations(P, 3);
    copy.forward(P, 3);
    assert.equal(act.z[0], null);
    assert.deepEqual(act.a[0], copy.a(0));
    for (let l = 1; l <= copy.numLayers(); l += 1) {
      assert.deepEqual(act.z[l], copy.z(l));
      assert.deepEqual(act.a[l], copy.a(l));
    }
    copy.delete();
  });

  test(`classGrid is classify's class rule at the grid's points (${options.output} output)`, async () => {
    const { net } = await trainedNetwork(options);
    const res = 9,
      lo = -1.25,
      hi = 1.25,
      d = (hi - lo) / (res - 1);
    const X = [];
    for (let r = 0; r < res; r += 1) for (let c = 0; c < res; c += 1) X.push(lo + c * d, hi - r * d);
    const grid = net.classGrid({ resolution: res });
    assert.ok(grid instanceof Int32Array);
    assert.equal(grid.length, res * res);
    assert.deepEqual(grid, net.classify(X, res * res));
  });
}

test('parameters() copies the weights; refused parameters name the rule', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [2, 3, 1], output: 'sigmoid' });
  const p = net.parameters();
  assert.deepEqual(p.W, [net.weights(1), net.weights(2)]);
  assert.deepEqual(p.b, [net.biases(1), net.biases(2)]);
  p.W[0][0] = 99;
  assert.notEqual(net.weights(1)[0], 99);
  const bad = net.parameters();
  bad.W[1] = [1, 2];
  assert.throws(() => net.predict([0, 0], 1, bad), {
    message: 'predict: parameters.W[1] must hold n_l · n_{l-1} = 3 numbers (layer 2), got 2',
  });
  bad.W[1] = [1, 2, NaN];
  assert.throws(() => net.classify([0, 0], 1, bad), {
    message: 'classify: parameters.W[1][2] must be a finite number, got NaN',
  });
  assert.throws(() => net.activations([0, 0], 1, 5), {
    message: 'activations: parameters must be an object {W, b} (as parameters() returns), got 5',
  });
  assert.throws(
    () => net.neuronGrid({ parameters: { W: net.parameters().W } }),
    /^Error: neuronGrid: parameters\.b must be an array of L = 2 arrays \(layers 1\.\.L\), got undefined$/,
  );
  net.delete();
});

test("sigmaPrime is σ'(Z) of the last forward, as bp.activation computes it", async () => {
  const { bp, net } = await trainedNetwork({ sizes: [2, 4, 3, 1], hidden: ['relu', 'tanh'], output: 'sigmoid' });
  for (let l = 1; l <= 3; l += 1) {
    const name = l === 1 ? 'relu' : l === 2 ? 'tanh' : 'sigmoid';
    assert.deepEqual(net.sigmaPrime(l), bp.activation(name, net.z(l)).derivative);
  }
  // Hand values: relu' is 1 or 0 exactly.
  assert.ok(net.sigmaPrime(1).every((v, i) => v === (net.z(1)[i] > 0 ? 1 : 0)));
  const soft = new bp.Network({ sizes: [2, 3], output: 'softmax' });
  soft.forward([1, 2], 1);
  assert.throws(() => soft.sigmaPrime(1), /^Error: sigmaPrime: softmax has no element-wise derivative/);
  assert.throws(() => new bp.Network({ sizes: [2, 1] }).sigmaPrime(1), {
    message: 'sigmaPrime: call forward (or step) first',
  });
  soft.delete();
});

test("trainClasses and validationClasses give the trainer's true class of every point", async () => {
  const bp = await engine();
  const circle = new bp.Dataset({ name: 'circle', n: 40, noise: 0.2 });
  const y = circle.trainY();
  assert.deepEqual(
    circle.trainClasses(),
    Int32Array.from(y, (v) => (v >= 0.5 ? 1 : 0)),
  );
  const blobs = new bp.Dataset({ name: 'blobs3', n: 30 });
  const Y = blobs.validationY(),
    classes = blobs.validationClasses();
  assert.equal(classes.length, Y.length / 3);
  for (let j = 0; j < classes.length; j += 1) assert.equal(Y[3 * j + classes[j]], 1);
  assert.equal(new bp.Dataset({ name: 'sin', n: 10 }).trainClasses(), null);
  for (const d of [circle, blobs]) d.delete();
});

test('the name lists, activationInfo and outputPairs say what the Network constructor accepts', async () => {
  const bp = await engine();
  assert.deepEqual(bp.activationNames(), ['linear', 'relu', 'leaky_relu', 'sigmoid', 'tanh', 'softmax']);
  assert.deepEqual(bp.lossNames(), ['mse', 'bce', 'cross_entropy']);
  assert.deepEqual(bp.optimizerNames(), ['sgd', 'momentum', 'rmsprop', 'adam']);
  assert.deepEqual(bp.initNames(), ['xavier', 'he', 'uniform', 'zeros']);
  assert.deepEqual(bp.featureNames(), ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2']);
  assert.deepEqual(bp.activationInfo('tanh'), { name: 'tanh', hidden: true, output: true, range: [-1, 1] });
  assert.deepEqual(bp.activationInfo('relu'), { name: 'relu', hidden: true, output: false, range: [0, null] });
  assert.deepEqual(bp.activationInfo('linear').range, [null, null]);
  assert.deepEqual(bp.activationInfo('softmax'), { name: 'softmax', hidden: false, output: true, range: [0, 1] });
  assert.throws(() => bp.activationInfo('elu'), /^Error: activationInfo: name must be one of 'linear', /);
  const pairs = bp.outputPairs();
  assert.deepEqual(
    pairs.map((p) => p.output),
    bp.activationNames().filter((a) => bp.activationInfo(a).output),
  );
  for (const output of bp.activationNames()) {
    const pair = pairs.find((p) => p.output === output);
    for (const loss of bp.lossNames()) {
      const sizes = [2, 3, output === 'softmax' ? 2 : 1];
      const make = () => new bp.Network({ sizes, output, loss }).delete();
      if (pair && pair.losses.includes(loss)) make();
      else assert.throws(make, /^Error: Network: loss '/, `${output} + ${loss}`);
    }
    if (!pair) continue;
    const net = new bp.Network({ sizes: [2, 3, output === 'softmax' ? 2 : 1], output });
    assert.equal(net.config().loss, pair.defaultLoss, output);
    net.delete();
  }
  // A loss alone gets the first output whose default it is.
  for (const loss of bp.lossNames()) {
    const net = new bp.Network({ sizes: [2, 3, 2], loss });
    assert.equal(net.config().output, pairs.find((p) => p.defaultLoss === loss).output);
    net.delete();
  }
  for (const hidden of bp.activationNames()) {
    const make = () => new bp.Network({ sizes: [2, 3, 1], hidden }).delete();
    if (bp.activationInfo(hidden).hidden) make();
    else assert.throws(make, /^Error: Network: hidden\[0\] cannot be 'softmax'/);
  }
  const info = bp.datasetInfo('circle');
  assert.deepEqual(info.plane, { extent: 1.25 });
  assert.equal(info.validationFraction, 0.5);
  assert.equal(info.csvValidationFraction, 0.2);
  // fromCSV's default split is that fraction: 10 rows, 2 held out.
  const csv = bp.Dataset.fromCSV('a,y\n' + Array.from({ length: 10 }, (_, i) => `${i},${i % 2}`).join('\n'));
  assert.equal(csv.info().nValidation, 10 * info.csvValidationFraction);
  csv.delete();
  // neuronGrid's default range is the plane's: the x1 block's first and last columns.
  const net = new bp.Network({ sizes: [2, 1] });
  const g = net.neuronGrid({ resolution: 3 });
  assertClose(assert, [g[0], g[2]], [-info.plane.extent, info.plane.extent], 0, 'x1');
  net.delete();
});
