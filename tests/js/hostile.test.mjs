// The cases of issue 8 one by one, through the JS API: out of memory, hangs, silent non-finite results,
// wrong error types, text in and out. Each refusal is a plain Error with its exact message, and the module
// works after it. (The fuzzer and the refusal soaks cover the same ground at random and at scale.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { engine, modulePath } from './engine.mjs';

// A plain Error (not TypeError, BindingError, RuntimeError …) whose message is exactly `message` (a string) or
// matches it (a RegExp).
function refuses(call, message) {
  let thrown = null;
  try {
    call();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown, `expected a refusal: ${message}`);
  assert.equal(thrown.constructor, Error, `a plain Error, got ${thrown.constructor?.name}: ${thrown.message}`);
  if (typeof message === 'string') assert.equal(thrown.message, message);
  else assert.match(thrown.message, message);
}

function stillWorks(bp) {
  const net = new bp.Network({ sizes: [2, 3, 1], output: 'sigmoid', seed: 4 });
  const y = net.forward([0.1, 0.2], 1);
  net.delete();
  assert.ok(y[0] > 0 && y[0] < 1);
}

test('out of memory is a clean Error, a big string on a full heap too, and the module lives on', async () => {
  // A module of its own: this one is filled to its 512 MB cap.
  const bp = await (await import(`${pathToFileURL(modulePath).href}?oom`)).default();
  const nets = [];
  const X = new Float64Array(5000 * 64).fill(0.1);
  let full = null;
  while (!full) {
    try {
      const net = new bp.Network({ sizes: [64, 64, 64, 64, 64, 64, 64, 64, 64, 64] });
      nets.push(net);
      net.forward(X, 5000); // its caches: ~10 MB each
    } catch (e) {
      full = e;
    }
  }
  assert.equal(full.constructor, Error);
  assert.match(full.message, /^(Network|forward): out of memory \(the engine's memory is full/);
  assert.equal(bp.memory().heapBytes, 512 * 1024 * 1024);
  // A large string argument arriving now: refused cleanly too (Embind's unchecked copy used to kill it).
  const csv = `a,b\n${'1,2\n'.repeat(500000)}`; // 2 MB
  refuses(() => bp.Dataset.fromCSV(csv), /^Dataset\.fromCSV: /);
  refuses(() => bp.datasetInfo('x'.repeat(2 * 1024 * 1024)), /^datasetInfo: name is 2097152 characters long/);
  for (const net of nets) net.delete();
  stillWorks(bp);
  const d = bp.Dataset.fromCSV('a,b\n1,2\n3,4\n5,6\n');
  assert.equal(d.info().nTrain + d.info().nValidation, 3);
  d.delete();
});

test('a refused size is checked before anything is copied: memory does not grow', async () => {
  const bp = await engine();
  const before = bp.memory().heapBytes;
  refuses(
    () => bp.Dataset.fromCSV('x'.repeat(200 * 1024 * 1024)),
    'Dataset.fromCSV: text is 209715200 characters long, more than the limit of 2097152 bytes',
  );
  const big = new bp.Network({ sizes: [64, 64, 64, 64, 64, 64, 64, 64, 64, 64] });
  refuses(() => big.forward(new Float64Array(64 * 65536), 65536), /^forward: m must be at most 5120 for this network/);
  refuses(
    () => big.step(new Float64Array(64 * 65536), new Float64Array(64 * 65536), 65536),
    /^step: m must be at most 5120 for this network/,
  );
  assert.equal(bp.memory().heapBytes, before);
  big.delete();
});

test('no call within the limits hangs: Adam at t = 2^53 - 1, the largest gradient check and grid', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [2, 2, 1] });
  net.setOptimizer({ type: 'adam' });
  const saved = JSON.parse(net.toJSON());
  saved.t = 2 ** 53 - 1;
  saved.optimizer.beta2 = 1 - 2 ** -53; // β^t by a loop over t never returned
  const restored = bp.Network.fromJSON(JSON.stringify(saved));
  assert.equal(restored.optimizerState(1).t, 2 ** 53 - 1);
  restored.setOptimizer({ type: 'adam', beta1: 0.5 }); // re-configured at that t: took 8 s at t = 1e10
  assert.equal(restored.optimizer().beta1, 0.5);
  refuses(() => restored.step([0.1, 0.2], [0.3], 1), /^step: optimizer: t has reached its limit/);
  const largest = new bp.Network({ sizes: [64, 64, 64, 64, 64, 64, 64, 64, 64, 64] });
  // One example used to take 8–14 s: a stated sample of the parameters is checked.
  const check = largest.gradientCheckDetail(new Float64Array(64).fill(0.1), new Float64Array(64).fill(0.2), 1);
  assert.equal(check.checked, 1024);
  assert.equal(check.total, 9 * (64 * 64 + 64));
  assert.ok(check.maxRelativeError < 1e-4, `${check.maxRelativeError}`);
  refuses(
    () => largest.gradientCheck(new Float64Array(64 * 100), new Float64Array(64 * 100), 100),
    /^gradientCheck: m must be at most \d+ for this network/,
  );
  const wide = new bp.Network({ sizes: [2, 64, 64, 64, 64, 64, 64, 64, 64, 1] });
  refuses(
    () => wide.neuronGrid({ resolution: 256 }),
    /^neuronGrid: grid: resolution must be at most 1\d\d for this network/,
  );
  for (const n of [net, restored, largest, wide]) n.delete();
});

test('every result is finite or the call says why; an impossible saved state is refused when loaded', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [2, 3, 1], output: 'sigmoid', seed: 2 });
  net.setOptimizer({ type: 'rmsprop' });
  net.step([0.1, 0.2], [1], 1);
  const saved = JSON.parse(net.toJSON());
  saved.state[0].s[0] = -1; // a negative second moment: the next step wrote NaN weights
  refuses(
    () => bp.Network.fromJSON(JSON.stringify(saved)),
    "Network.fromJSON: optimizer state: 's' of parameter tensor 0 must be finite and >= 0, got -1 at index 0",
  );
  const lin = new bp.Network({ sizes: [2, 1], output: 'linear', loss: 'mse', seed: 1 });
  const w = lin.weights(1);
  refuses(
    () => lin.forward([1e308, 1e308], 1),
    /^forward: Z\^\[1\] is not finite \(the inputs or weights are too large: \|x\| up to 1e\+308/,
  );
  refuses(() => lin.predict([1e308, 1e308], 1), /^predict: .* is not finite/);
  refuses(
    () => lin.step([1e300, 1e300], [1], 1),
    /^step: the loss is not finite \(the inputs, targets or weights are too large: \|x\| up to 1e\+300, \|y\| up to 1,/,
  );
  assert.deepEqual(lin.weights(1), w, 'a refused step leaves the weights');
  refuses(() => lin.gradWeights(1), /^gradWeights: call backward/); // no half-valid caches left behind
  lin.setWeights(1, [1e300, 1e300]);
  lin.setRegularization({ l2: 1 });
  refuses(
    () => lin.regularizationLoss(),
    'regularizationLoss: the term is not finite (the weights are too large: |W| up to 1e+300)',
  );
  refuses(() => lin.neuronGrid({ x1: [-1e300, 1e300] }), /^neuronGrid: /);
  stillWorks(bp);
  net.delete();
  lin.delete();
});

test('odd objects are refusals naming the call, never TypeError or SyntaxError, and leak no handle', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [2, 3, 1], output: 'sigmoid' });
  // A null-prototype options object is a fine options object.
  net.setOptimizer(Object.assign(Object.create(null), { type: 'sgd', lr: 0.5 }));
  assert.equal(net.optimizer().lr, 0.5);
  refuses(
    () => net.forward(new BigInt64Array(2), 1),
    'forward: X must hold numbers, got a BigInt64Array of 2 entries (convert BigInts to numbers first)',
  );
  refuses(
    () =>
      net.setOptimizer({
        get lr() {
          throw new TypeError('boom');
        },
      }),
    'setOptimizer: argument 1 cannot be used (boom)',
  );
  refuses(
    () =>
      net.setOptimizer(
        new Proxy(
          {},
          {
            ownKeys() {
              throw new RangeError('no keys');
            },
          },
        ),
      ),
    'setOptimizer: argument 1 cannot be used (no keys)',
  );
  const handles = bp.memory().handles;
  for (let i = 0; i < 100; i++)
    refuses(() => bp.Network.fromJSON(`${net.toJSON()}\0`), /^Network\.fromJSON: text is not valid JSON/);
  assert.equal(bp.memory().handles, handles, 'a refused fromJSON keeps no handle');
  const forward = net.forward;
  refuses(() => forward([0.1, 0.2], 1), 'forward: call it on a Network, as network.forward(…)');
  refuses(() => net.forward([0.1, 0.2]), 'forward: takes 2 arguments, got 1');
  const data = new bp.Dataset({ name: 'xor', n: 20 });
  refuses(
    () => new bp.Trainer(data, data),
    /^Trainer: Expected null or instance of Network, got an instance of Dataset/,
  );
  const gone = new bp.Network({ sizes: [2, 1] });
  gone.delete();
  refuses(() => gone.forward([1, 2], 1), 'forward: this Network has been deleted');
  refuses(() => gone.delete(), 'delete: this Network has already been deleted');
  refuses(() => new bp.Trainer(gone, data), 'Trainer: argument 1 cannot be used (it is a deleted Network)');
  const detached = new Float64Array(2);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  refuses(() => net.forward(detached, 1), 'forward: X must hold m × 2 = 2 numbers, got 0');
  refuses(
    () => bp.activation('relu', detached),
    'activation: zs cannot be read: its buffer was detached (transferred elsewhere)',
  );
  stillWorks(bp);
  net.delete();
  data.delete();
});

test("text in and out: surrogates, NULs, long fields, numbers as JS writes them, the API's option names", async () => {
  const bp = await engine();
  // A lone surrogate no longer swallows the next character: two columns, the feature and the target.
  const d = bp.Dataset.fromCSV('a\uD800,b\n1,2\n3,4\n5,6\n');
  assert.deepEqual(d.info().features, ['a\uFFFD']);
  assert.deepEqual(d.info().targets, ['b']);
  d.delete();
  const net = new bp.Network({ sizes: [2, 3, 1], output: 'sigmoid' });
  refuses(
    () => net.setOptimizer({ type: 'a\0b' }),
    "setOptimizer: optimizer: type must be one of 'sgd', 'momentum', 'rmsprop', 'adam', got 'a\\u0000b'",
  );
  refuses(
    () => net.setOptimizer({ lr: -1e-9 }),
    'setOptimizer: optimizer: lr must be a finite number in (0, 100], got -1e-9',
  );
  refuses(
    () => net.step([0.1, 0.2], [1.0000001], 1),
    "step: Y: targets for 'bce' must lie in [0, 1], got 1.0000001 at example 0",
  );
  refuses(
    () => bp.Dataset.fromCSV(`a,b\n${'x'.repeat(2000000)},1\n`),
    `Dataset.fromCSV: csv: line 2, column 1 ('a'): expected a finite decimal number such as 1.5 or -2e3, got '${'x'.repeat(40)}…' (2000000 bytes)`,
  );
  refuses(
    () => bp.Dataset.fromCSV(`a,b\n${'7'.repeat(2000000)},1\n`),
    `Dataset.fromCSV: csv: line 2, column 1 ('a'): the number '${'7'.repeat(40)}…' (2000000 bytes) is out of range`,
  );
  refuses(
    () => bp.Dataset.fromCSV('a\n1\n'),
    "Dataset.fromCSV: csv: line 1: the header has one column ('a'); a data set needs at least two: the features, then the targets",
  );
  refuses(
    () => new bp.Dataset({ validationFraction: 2 }),
    'Dataset: split: validationFraction must be a number in [0, 0.9], got 2',
  );
  refuses(
    () => bp.Dataset.fromCSV('a,b\n1,2\n', { targets: 2 }),
    'Dataset.fromCSV: csv: targets must be in 1..1 (at least one feature column) for a header of 2 columns, got 2',
  );
  refuses(
    () => bp.surface('x'.repeat(3e6)),
    'surface: name is 3000000 characters long, more than the limit of 1000 bytes',
  );
  refuses(
    () => net.setOptimizer({ type: 'x'.repeat(500) }),
    `setOptimizer: optimizer: type must be one of 'sgd', 'momentum', 'rmsprop', 'adam', got '${'x'.repeat(40)}…' (500 bytes)`,
  );
  net.delete();
});
