// The lesson API (web/src/lesson-api.js) under node with the real engine: a lesson's own engine objects are
// tracked and all deleted when it closes (malloc back to the byte), it cannot hand the page's objects to its
// own, the page's network is reachable through getters only, and its switches are read and written as
// rows of the page's state.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import createBackprop from '../../build/wasm/backprop.mjs';
import { createLessonApi } from '../../web/src/lesson-api.js';

let bp;
before(async () => {
  bp = await createBackprop();
});

const lesson = { id: 'qx', title: 'test', switches: { level: { type: 'int', min: 0, max: 3, default: 1 } } };

function open(pageNet) {
  const state = { 'qx.level': 1 };
  const listeners = new Set();
  const playground = {
    getState: () => structuredClone(state),
    setState: (partial) => {
      Object.assign(state, partial);
      return { state: structuredClone(state), notices: [] };
    },
    on: (event, fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
  let resets = 0;
  const handle = createLessonApi({
    lesson,
    bp,
    playground: () => playground,
    network: () => pageNet,
    reset: () => {
      resets++;
    },
  });
  return { handle, api: handle.api, state, listeners, resets: () => resets };
}

test('closing a lesson deletes every engine object it made, newest first, and malloc is back to the byte', () => {
  const pageNet = new bp.Network({ sizes: [2, 3, 1], seed: 1 });
  const { handle, api, listeners } = open(pageNet);
  const start = bp.memory();
  const net = api.engine.Network({ sizes: [2, 4, 1], seed: 3 });
  const data = api.engine.Dataset({ name: 'xor', n: 40, seed: 2 });
  const trainer = api.engine.Trainer(net, data, { batchSize: 8 });
  const spare = api.engine.Network({ sizes: [1, 1], seed: 1 });
  trainer.run(2);
  api.on('epoch', () => {});
  assert.equal(listeners.size, 1);
  assert.equal(handle.objects(), 4);
  api.engine.delete(spare);
  assert.equal(spare.isDeleted(), true);
  assert.equal(handle.objects(), 3);
  assert.ok(bp.memory().usedBytes > start.usedBytes);
  assert.equal(handle.close(), 3);
  for (const o of [net, data, trainer]) assert.equal(o.isDeleted(), true);
  assert.deepEqual(bp.memory(), start);
  assert.equal(listeners.size, 0, 'page listeners dropped');
  assert.equal(handle.objects(), 0);
  // A closed lesson makes nothing more; the page's own network is untouched.
  assert.throws(() => api.engine.Network({ sizes: [1, 1] }), /^Error: lesson qx: the lesson is closed$/);
  assert.throws(() => api.engine.activation('tanh', [0]), /the lesson is closed/);
  assert.equal(pageNet.isDeleted(), false);
  assert.deepEqual(api.network.sizes(), [2, 3, 1]);
  pageNet.delete();
});

test("a lesson cannot train the page's objects or delete them, and reads the page's network through getters only", () => {
  const pageNet = new bp.Network({ sizes: [2, 3, 1], seed: 1 });
  const pageData = new bp.Dataset({ name: 'circle', n: 40 });
  const { handle, api } = open(pageNet);
  const own = api.engine.Dataset({ name: 'circle', n: 40 });
  assert.throws(
    () => api.engine.Trainer(pageNet, own),
    /^Error: lesson qx: the network must be an object this lesson made$/,
  );
  assert.throws(
    () => api.engine.Trainer(api.engine.Network({ sizes: [2, 1] }), pageData),
    /the data set must be an object this lesson made/,
  );
  assert.throws(() => api.engine.delete(pageNet), /what is deleted must be an object this lesson made/);
  assert.equal(pageNet.isDeleted(), false);
  const before = pageNet.toJSON();
  assert.deepEqual(Object.keys(api.network).sort(), [
    'activations',
    'biases',
    'brokenDerivative',
    'classify',
    'config',
    'contributions',
    'dropoutMask',
    'numLayers',
    'optimizer',
    'optimizerState',
    'predict',
    'regularization',
    'sizes',
    'toJSON',
    'weights',
  ]);
  // A copy from the page network's JSON is the lesson's own: same weights, deleted with the lesson.
  const copy = api.engine.NetworkFromJSON(api.network.toJSON());
  assert.deepEqual(Array.from(copy.weights(1)), Array.from(pageNet.weights(1)));
  copy.setWeights(1, new Float64Array(copy.weights(1).length));
  assert.notDeepEqual(Array.from(copy.weights(1)), Array.from(pageNet.weights(1)), 'the copy is not the page’s');
  api.engine.delete(copy);
  assert.equal(copy.isDeleted(), true);
  assert.deepEqual(Array.from(api.network.weights(1)), Array.from(pageNet.weights(1)));
  assert.equal(api.network.predict([0.5, -0.5], 1).length, 1);
  assert.equal(api.network.setWeights, undefined);
  assert.throws(() => {
    api.network.setWeights = () => {};
  }, TypeError);
  assert.throws(() => {
    api.engine.Network = null;
  }, TypeError);
  assert.equal(pageNet.toJSON(), before);
  assert.equal(handle.close(), 2);
  pageNet.delete();
  pageData.delete();
});

test('switches are the page state\'s rows "<lesson>.<name>"; reset is the page\'s', () => {
  const pageNet = new bp.Network({ sizes: [2, 1] });
  const { handle, api, state, resets } = open(pageNet);
  assert.equal(api.switch('level'), 1);
  api.setSwitch('level', 3);
  assert.equal(state['qx.level'], 3);
  assert.equal(api.switch('level'), 3);
  api.reset();
  assert.equal(resets(), 1);
  assert.equal(api.grade('0.2491', 0.249).verdict, 'right');
  assert.equal(api.plain(1.5e-4), '1.5×10⁻⁴');
  // The settings panel's keys: hyperparameters, never a view key or a lesson switch.
  assert.ok(api.settings().includes('lr') && api.settings().includes('broken'));
  assert.ok(!api.settings().includes('speed') && !api.settings().includes('lesson'));
  handle.close();
  assert.throws(() => api.setSwitch('level', 2), /the lesson is closed/);
  pageNet.delete();
});

test("runOptions: the page's way of building and training a run, for a lesson's own networks", () => {
  const pageNet = new bp.Network({ sizes: [1, 4, 1], output: 'linear', loss: 'mse' });
  const { handle, api } = open(pageNet);
  const state = {
    ...{ dataset: 'sin', n: 200, noise: 0, seed: 3, split: 0.5, features: ['x1', 'x2'] },
    ...{ act: ['tanh'], output: 'linear', loss: 'mse', init: 'xavier', broken: false },
    ...{ optimizer: 'adam', lr: 0.02, mu: 0.9, gamma: 0.9, beta1: 0.9, beta2: 0.999 },
    ...{ l1: 0, l2: 0.001, dropout: 0, batch: 500, patience: 0 },
  };
  const data = api.engine.Dataset(api.datasetOptions(state));
  const run = api.runOptions(state, data);
  assert.deepEqual(run.network, { hidden: ['tanh'], output: 'linear', loss: 'mse', init: 'xavier', seed: 3 });
  assert.equal(run.optimizer.type, 'adam');
  assert.equal(run.optimizer.lr, 0.02);
  assert.deepEqual(run.regularization, { l1: 0, l2: 0.001, dropout: 0 });
  // The batch is capped at the training set, as the page caps it (100 of the 200 examples train).
  assert.deepEqual(run.trainer, { batchSize: 100, seed: 3, patience: 0 });
  const net = api.engine.Network({ sizes: [1, 4, 1], ...run.network });
  net.setOptimizer(run.optimizer);
  const trainer = api.engine.Trainer(net, data, run.trainer);
  assert.equal(trainer.batchesPerEpoch(), 1);
  assert.equal(handle.close(), 3);
  pageNet.delete();
});
