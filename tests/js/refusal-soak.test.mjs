// Refused calls cost nothing: a million of them (a bad option, a bad array length, a bad string, a refused
// CSV) and 10,000 refused CSV texts (one of 200 MB) leave the wasm stack, malloc's heap, wasm memory and the
// live Embind handles exactly as they were, and the module computes as before.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { modulePath } from './engine.mjs';
import { prefixesOf } from './fuzz/calls.mjs';
import { loadFactory, memorySnapshot, messagePrefix } from './fuzz/classify.mjs';

// Each soak gets a module of its own (one that dies must not take the other test with it).
const factory = await loadFactory(modulePath);

// kinds: [{what, name (the call, as its messages start), call}]. Each must be refused by a plain Error starting
// with the call's name, the same message every time; `rounds` rounds of all kinds follow a warm-up. Returns the
// memory figures before the first call (start), after the warm-up (before) and at the end (after).
function soak(bp, kinds, rounds) {
  const start = memorySnapshot(bp);
  for (const kind of kinds) {
    try {
      kind.call();
    } catch (e) {
      kind.message = e.message;
      assert.ok(
        e.constructor === Error && prefixesOf(kind.name).includes(messagePrefix(e.message)),
        `${kind.what} must be refused by a plain Error naming ${kind.name}, got ${e.constructor.name}: ${e.message}`,
      );
    }
    assert.ok('message' in kind, `${kind.what} was not refused`);
    for (let k = 0; k < 10; k += 1)
      try {
        kind.call();
      } catch {
        /* warm-up: one-time allocations */
      }
  }
  const before = memorySnapshot(bp);
  for (let r = 0; r < rounds; r += 1) {
    for (const kind of kinds) {
      let outcome = 'returned normally';
      try {
        kind.call();
      } catch (e) {
        if (e.constructor === Error && e.message === kind.message) continue;
        outcome = `threw ${e?.constructor?.name}: ${String(e?.message ?? e).slice(0, 300)}`;
      }
      assert.fail(
        `after ${r * kinds.length} refused calls, ${kind.what} ${outcome} instead of refusing as before ` +
          `(${kind.message})`,
      );
    }
  }
  return { start, before, after: memorySnapshot(bp) };
}

// Wasm memory must not grow from the first refusal on (a refused input is not copied in); the rest must be
// where they were after the warm-up (a first call may allocate for good).
function assertUnchanged({ start, before, after }, what) {
  const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;
  assert.equal(after.heap, start.heap, `${what}: wasm memory grew from ${mb(start.heap)} to ${mb(after.heap)}`);
  assert.equal(after.used, before.used, `${what}: malloc's bytes in use went from ${before.used} to ${after.used}`);
  assert.equal(typeof before.handles, 'number', 'bp.memory() reports handles (live Embind handles)');
  assert.equal(
    after.handles,
    before.handles,
    `${what}: live Embind handles went from ${before.handles} to ${after.handles}`,
  );
  assert.equal(typeof before.stack, 'number', 'bp.memory() reports stackBytes (the wasm stack in use)');
  assert.equal(
    after.stack,
    before.stack,
    `${what}: the wasm stack in use went from ${before.stack} to ${after.stack} bytes`,
  );
}

// The network computes exactly what it did, and new objects train.
function stillWorks(bp, net, X, expected) {
  assert.deepEqual(Array.from(net.forward(X, 1)), expected);
  const csv = 'a,b,y\n0.1,0.2,0\n0.3,0.1,1\n-0.2,0.5,0\n0.4,-0.4,1\n';
  const data = bp.Dataset.fromCSV(csv, { task: 'classification', validationFraction: 0 });
  assert.equal(data.info().nTrain, 4);
  const fresh = new bp.Network({ sizes: [2, 4, 1], seed: 5 });
  const trainer = new bp.Trainer(fresh, data, { batchSize: 2 });
  assert.ok(Number.isFinite(trainer.step()));
  for (const o of [trainer, fresh, data]) o.delete();
}

test('a million refused calls leave the stack, heap, memory and handles as they were', async () => {
  const bp = await factory();
  const net = new bp.Network({ sizes: [2, 3, 1], seed: 3 });
  const X = [0.25, -0.5];
  const expected = Array.from(net.forward(X, 1));
  const kinds = [
    { what: 'a bad option', name: 'setOptimizer', call: () => net.setOptimizer({ type: 'adagrad' }) },
    { what: 'a bad array length', name: 'forward', call: () => net.forward([1, 2, 3], 1) },
    { what: 'a bad string', name: 'Network', call: () => new bp.Network({ sizes: [2, 3, 1], hidden: 'relu6' }) },
    { what: 'a refused CSV', name: 'Dataset.fromCSV', call: () => bp.Dataset.fromCSV('a,b\n1,x\n') },
  ];
  assertUnchanged(soak(bp, kinds, 250000), '1,000,000 refused calls');
  stillWorks(bp, net, X, expected);
  net.delete();
});

test('10,000 refused CSV texts, one of 200 MB, leave the stack, heap, memory and handles as they were', async () => {
  const bp = await factory();
  const net = new bp.Network({ sizes: [2, 3, 1], seed: 3 });
  const X = [0.25, -0.5];
  const expected = Array.from(net.forward(X, 1));
  const texts = [
    ['a bad number', 'a,b\n1,x\n'],
    ['a short row', 'a,b\n1,2\n3\n'],
    ['a long row', 'a,b\n1,2,3\n'],
    ['no text', ''],
    ['one column', 'a\n1\n'],
    ['a number out of range', 'a,b\n1e309,2\n'],
    ['a NUL', 'a,b\n1,2\0\n'],
    ['only a BOM', '\uFEFF'],
    ['a lone surrogate', 'a\uD800,b\n1,x\n'],
    ['hex', 'a,b\n1,0x10\n'],
    ['no rows', 'a,b\n'],
    ['an empty name', ',b\n1,2\n'],
    ['a missing class', 'a,b,c\n1,2,0\n3,4,5\n', { task: 'classification' }],
    ['too many targets', 'a,b\n1,2\n', { targets: 2 }],
    ['2 MB + 1 characters', 'x'.repeat(2 * 1024 * 1024 + 1)],
    ['2.4 MB of rows', `a,b\n${'1,2\n'.repeat(600000)}`],
  ];
  // 200 MB first, on a module that has seen no big text: refused by its size before it is copied into wasm.
  const huge = `a,b\n${'1,2\n'.repeat(50000000)}`;
  assertUnchanged(
    soak(bp, [{ what: 'a CSV of 200 MB', name: 'Dataset.fromCSV', call: () => bp.Dataset.fromCSV(huge) }], 3),
    'a refused CSV of 200 MB',
  );
  const kinds = texts.map(([what, text, options]) => ({
    what: `a CSV with ${what}`,
    name: 'Dataset.fromCSV',
    call: () => bp.Dataset.fromCSV(text, options),
  }));
  assertUnchanged(soak(bp, kinds, Math.ceil(10000 / kinds.length)), '10,000 refused CSV texts');
  stillWorks(bp, net, X, expected);
  net.delete();
});
