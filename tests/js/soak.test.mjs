// Soak: 1,000 networks created and deleted, 100,000 training steps and 10,000 refused calls leave the wasm
// heap where it was (malloc's bytes in use within 64 KiB, wasm memory not grown).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { engine } from './engine.mjs';

const BOUND = 64 * 1024; // bytes of heap growth allowed over the whole soak

test('1,000 networks, 100,000 steps and 10,000 errors leave the heap as it was', async () => {
  const bp = await engine();
  // Warm-up: the first network, trainer and error path make their one-time allocations.
  const warm = new bp.Network({ sizes: [2, 8, 8, 1] });
  warm.step([0.1, 0.2], [1], 1);
  warm.delete();
  const before = bp.memory();

  for (let i = 0; i < 1000; i += 1) {
    const net = new bp.Network({ sizes: [2, 1 + (i % 16), 1 + (i % 7), 1], hidden: 'relu', seed: i });
    net.forward([0.5, -0.5, 0.25, 0.75], 2);
    net.delete();
  }

  const net = new bp.Network({ sizes: [2, 8, 8, 1], hidden: 'tanh', output: 'sigmoid' });
  net.setOptimizer({ type: 'adam', lr: 0.001 });
  net.setRegularization({ l2: 1e-4, dropout: 0.1 });
  const X = new Float64Array(20);
  const Y = new Float64Array(10);
  for (let j = 0; j < 10; j += 1) {
    X[2 * j] = Math.cos(j);
    X[2 * j + 1] = Math.sin(j);
    Y[j] = j % 2;
  }
  let loss = 0;
  for (let s = 0; s < 50000; s += 1) loss = net.step(X, Y, 10);
  assert.ok(Number.isFinite(loss));

  // The other 50,000 steps through the trainer, with grids and history read along the way.
  const data = new bp.Dataset({ name: 'spiral', n: 100 });
  const trainer = new bp.Trainer(net, data, { batchSize: 5 });
  for (let s = 0; s < 50000; s += 1) {
    trainer.step();
    if (s % 5000 === 0) {
      net.neuronGrid({ resolution: 50 });
      trainer.history();
    }
  }
  assert.ok(trainer.epoch() >= 4999);

  for (let i = 0; i < 10000; i += 1) {
    assert.throws(() => net.weights(99), /l must be an integer/);
  }
  assert.equal(net.weights(1).length, 16); // still working after the throws
  trainer.delete();
  data.delete();
  net.delete();

  const after = bp.memory();
  assert.ok(
    after.usedBytes - before.usedBytes <= BOUND,
    `heap in use grew by ${after.usedBytes - before.usedBytes} bytes (bound ${BOUND})`,
  );
  assert.equal(after.heapBytes, before.heapBytes, 'wasm memory grew');
});
