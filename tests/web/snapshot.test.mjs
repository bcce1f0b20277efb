// Drawing never changes the engine (issue 9, point 3): the page's session and snapshot modules under node
// with the built engine (dist/backprop.mjs). For data sets of every kind of view (2-D with heatmaps, 1-D
// with the fitted curve, iris with predicted classes, dropout and L1/L2 on), a step is animated phase by
// phase and at every phase every view's snapshot is built, heavy and light, at both grid resolutions, with
// a neuron and a link inspected. Before and after, the network's toJSON() and every cache it keeps (Z, A,
// σ'(Z), dZ, dA, gradients, dropout masks, optimizer state) and the trainer's counters are bit-identical.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import createBackprop from '../../dist/backprop.mjs';
import { defaults, useEngineNames, validate } from '../../web/src/state.js';
import { Session } from '../../web/src/session.js';
import { Timeline } from '../../web/src/timeline.js';
import { buildSnapshot } from '../../web/src/snapshot.js';

let bp;
before(async () => {
  bp = await createBackprop();
  useEngineNames(bp);
});

// The bytes of a typed array (NaN-exact), or the JSON of anything else.
function bits(value) {
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${k}:${bits(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

// Everything the engine holds that drawing could disturb.
function engineState(session) {
  const { net, trainer } = session;
  const config = net.config();
  const out = {
    json: net.toJSON(),
    a0: bits(net.a(0)),
    regularization: bits(net.regularization()),
    optimizer: bits(net.optimizer()),
    epoch: trainer.epoch(),
    step: trainer.stepInEpoch(),
    status: trainer.status(),
    lastBatch: bits(trainer.lastBatch()),
    history: bits(trainer.history()),
    layers: [],
  };
  for (let l = 1; l <= net.numLayers(); l++) {
    out.layers.push({
      W: bits(net.weights(l)),
      b: bits(net.biases(l)),
      z: bits(net.z(l)),
      a: bits(net.a(l)),
      dz: bits(net.dz(l)),
      da: bits(net.da(l)),
      dW: bits(net.gradWeights(l)),
      db: bits(net.gradBiases(l)),
      mask: bits(net.dropoutMask(l)),
      // (A softmax output has no element-wise σ'.)
      sigmaPrime: bp.activationInfo(l === net.numLayers() ? config.output : config.hidden[l - 1]).hidden
        ? bits(net.sigmaPrime(l))
        : null,
      optimizerState: bits(net.optimizerState(l)),
    });
  }
  return out;
}

const NETWORK_WRITES = [
  'setWeights',
  'setBiases',
  'forward',
  'backward',
  'step',
  'setOptimizer',
  'setRegularization',
  'setBrokenDerivative',
  'gradientCheck',
  'gradientCheckDetail',
];
const TRAINER_WRITES = [
  'step',
  'runEpoch',
  'run',
  'trainFor',
  'stepRows',
  'restoreBest',
  'setBatchSize',
  'setPatience',
];

const cases = {
  'circle (2-D, heatmaps)': {},
  'xor with dropout, L1 and L2, momentum': {
    dataset: 'xor',
    dropout: 0.3,
    l1: 0.001,
    l2: 0.01,
    optimizer: 'momentum',
    lr: 0.05,
  },
  'blobs3 (2-D, three classes)': {
    dataset: 'blobs3',
    output: 'softmax',
    loss: 'cross_entropy',
    layers: [5],
    act: ['relu'],
  },
  'sin (1-D regression curve)': { dataset: 'sin', output: 'linear', loss: 'mse', layers: [6, 3] },
  'iris (predicted classes)': {
    dataset: 'iris',
    layers: [6, 4],
    act: ['relu', 'relu'],
    output: 'softmax',
    loss: 'cross_entropy',
  },
};

for (const [name, change] of Object.entries(cases)) {
  test(`building every view's snapshot at every phase leaves the engine bit-identical: ${name}`, () => {
    const session = new Session(bp);
    const { state, notices } = validate(change, defaults());
    assert.deepEqual(notices, []);
    session.apply(state, Object.keys(change));
    session.stepEpoch();
    const timeline = new Timeline();
    const snap = (options) => buildSnapshot({ session, timeline, state: session.state, example: 1, ...options });
    const L = session.net.numLayers();
    const inspected = [
      { type: 'neuron', l: L, i: 0 },
      { type: 'neuron', l: 1, i: 1 },
      { type: 'link', l: 1, i: 0, k: 1 },
      { type: 'neuron', l: 0, i: 0 },
      null,
    ];
    // Idle before any animated step, then every phase of one, then idle again after a batch taken in one go.
    const phases = [];
    const build = () => {
      for (const target of inspected) {
        for (const light of [false, true]) {
          for (const resolution of [44, 72]) snap({ inspected: target, light, resolution });
        }
      }
    };
    // While snapshots are built, every call that changes the engine throws: drawing may only read.
    const sealed = (work) => {
      const objects = [
        [session.net, NETWORK_WRITES],
        [session.trainer, TRAINER_WRITES],
        [session.dataset, []],
      ];
      for (const [object, names] of objects) {
        for (const name of names)
          object[name] = () => {
            throw new Error(`drawing called ${name}`);
          };
      }
      try {
        work();
      } finally {
        for (const [object, names] of objects) for (const name of names) delete object[name];
      }
    };
    const check = (label) => {
      const before = engineState(session);
      session.caches = []; // the page's cache of grids: computed afresh at every phase, never served stale
      sealed(build);
      assert.deepEqual(engineState(session), before, label);
    };
    check('idle');
    timeline.begin(session.stepBatch());
    do {
      phases.push(`${timeline.current().kind}${timeline.current().layer ?? ''}`);
      check(phases.at(-1));
    } while (timeline.advance());
    assert.equal(phases.length, 2 * L + 2);
    timeline.finish(session.stepExample());
    check('after stepExample');
    // The snapshots really drew something of each kind.
    const s = snap({ inspected: inspected[1] });
    if (s.twoD) assert.ok(s.grid.values.length > 0);
    if (s.oneD) assert.equal(s.line.xs.length, 121);
    if (!s.twoD && !s.oneD) assert.equal(s.predictedClass.length, session.info.nValidation);
    assert.ok(s.detail.rows.length > 2);
    session.delete();
  });
}
