// The page's engine session under node with the real engine: Session.apply is all or nothing. When the
// engine refuses a change, the old Dataset / Network / Trainer stay in use, unchanged, and nothing leaks.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import createBackprop from '../../build/wasm/backprop.mjs';
import { defaults, useEngineNames } from '../../web/src/state.js';
import { Session, describeRun, taskPairs } from '../../web/src/session.js';

let bp;
before(async () => {
  bp = await createBackprop();
  useEngineNames(bp);
});

// Values the page's validation never lets through, so that the engine itself refuses them.
const refused = [
  { lr: 1000 }, // adjusts in place: setOptimizer throws
  { dataset: 'xor', lr: 1000 }, // new data set built, then the network's optimizer throws
  { layers: [8, 8, 100], act: ['tanh', 'tanh', 'tanh'] }, // new network: sizes out of range
  { dataset: 'spiral', n: 0 }, // the data set itself
];

test('a refused change keeps the old objects working and unchanged', () => {
  const session = new Session(bp);
  session.apply(defaults());
  session.stepEpoch();
  const { dataset, net, trainer, state } = session;
  const weights = net.weights(1);
  for (const change of refused) {
    assert.throws(() => session.apply({ ...session.state, ...change }), Error, JSON.stringify(change));
    assert.equal(session.dataset, dataset);
    assert.equal(session.net, net);
    assert.equal(session.trainer, trainer);
    assert.deepEqual(session.state, state);
    assert.equal(net.optimizer().lr, 0.01);
    assert.deepEqual(net.weights(1), weights);
    assert.equal(session.info.name, 'circle');
  }
  session.stepEpoch();
  assert.equal(session.epoch(), 2);
  assert.equal(session.history().train.length, 2);
  session.delete();
});

test('refused changes leak no engine memory', () => {
  const session = new Session(bp);
  session.apply(defaults());
  for (const change of refused) assert.throws(() => session.apply({ ...session.state, ...change }));
  const used = bp.memory().usedBytes;
  for (let k = 0; k < 20; k++) {
    for (const change of refused) assert.throws(() => session.apply({ ...session.state, ...change }));
  }
  assert.equal(bp.memory().usedBytes, used);
  session.delete();
});

test('iris takes no noise: clamped to its maxNoise with a notice, and no n', () => {
  const session = new Session(bp);
  const result = session.apply({ ...defaults(), dataset: 'iris', noise: 0.1, n: 500 });
  assert.equal(result.state.noise, 0);
  assert.deepEqual(result.notices, ['Noise: iris is measured data and takes no noise; using 0.']);
  // Three classes: the output pair follows the task (silently, as the user did not ask for another).
  assert.deepEqual([result.state.output, result.state.loss], ['softmax', 'cross_entropy']);
  assert.equal(session.info.nTrain + session.info.nValidation, 150);
  session.stepEpoch();
  assert.equal(session.epoch(), 1);
  session.delete();
});

test("the output + loss pairs of each task come from the engine's pair table; the first is the task's default", () => {
  const session = new Session(bp);
  const binary = { task: 'classification', numClasses: 2 };
  const multiclass = { task: 'classification', numClasses: 3 };
  const regression = { task: 'regression', numClasses: 0 };
  assert.deepEqual(session.pairs(binary), [
    ['sigmoid', 'bce'],
    ['linear', 'mse'],
    ['sigmoid', 'mse'],
    ['tanh', 'mse'],
  ]);
  assert.deepEqual(session.pairs(multiclass), [['softmax', 'cross_entropy']]);
  assert.deepEqual(session.pairs(regression), [
    ['linear', 'mse'],
    ['sigmoid', 'mse'],
    ['tanh', 'mse'],
  ]);
  // Every pair offered is one the engine builds; every pair of the engine's table is offered for some task.
  const offered = new Set();
  for (const [info, outputs] of [
    [binary, 1],
    [multiclass, 3],
    [regression, 1],
  ]) {
    for (const [output, loss] of session.pairs(info)) {
      offered.add(`${output}+${loss}`);
      new bp.Network({ sizes: [2, 3, outputs], output, loss }).delete();
    }
  }
  assert.deepEqual(
    [...offered].sort(),
    bp
      .outputPairs()
      .flatMap((p) => p.losses.map((l) => `${p.output}+${l}`))
      .sort(),
  );
  // The rule reads the table: another bounded element-wise output would be offered to both 1-output tasks.
  const table = [...bp.outputPairs(), { output: 'hardtanh', losses: ['mse'], defaultLoss: 'mse' }];
  const infoOf = (name) =>
    name === 'hardtanh' ? { name, hidden: true, output: true, range: [-1, 1] } : bp.activationInfo(name);
  assert.deepEqual(taskPairs('regression', table, infoOf).at(-1), ['hardtanh', 'mse']);
  assert.deepEqual(taskPairs('binary', table, infoOf).at(-1), ['hardtanh', 'mse']);
  assert.deepEqual(taskPairs('multiclass', table, infoOf), [['softmax', 'cross_entropy']]);
});

test('a kept run is labelled by what differs from the current run, and as such when nothing does', () => {
  const session = new Session(bp);
  const state = defaults();
  session.apply(state);
  session.stepEpoch();
  session.keepRun(); // what Reset does: the run is kept, a fresh one starts with the same settings
  const [kept] = session.pastRuns;
  const settingsNow = kept.segments[0].settings;
  assert.equal(describeRun(kept.segments, settingsNow), 'Adam η = 0.01 (the current settings)');
  assert.equal(describeRun(kept.segments, { ...settingsNow, lr: 0.1 }), 'Adam η = 0.01');
  assert.equal(describeRun(kept.segments, { ...settingsNow, dropout: 0.3 }), 'Adam η = 0.01, dropout p = 0');
  session.delete();
});
