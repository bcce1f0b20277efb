// The fuzzing loop, in a worker thread so that the main thread's watchdog can stop a call that never returns.
// It publishes the call under way in shared memory, new finding groups as they appear, and counts each second.
import { parentPort, workerData } from 'node:worker_threads';

import { Generator, POOL } from './calls.mjs';
import { loadFactory } from './classify.mjs';
import { Executor } from './executor.mjs';

const { seed, startAt, calls, deadline, probeEvery, modulePath, skip, progress, slowMs, verySlowMs } = workerData;
const state = new Int32Array(progress, 0, 2); // [call index, 1 while a call runs]
const started = new Float64Array(progress, 8, 1); // Date.now() when it started

const factory = await loadFactory(modulePath);
const generator = new Generator(seed, { probeEvery });
const onGroup = (group) => parentPort.postMessage({ type: 'group', group });
const executor = new Executor(factory, { seed, slowMs, verySlowMs, skip, onGroup });
await executor.start();

// After a stopped call: the sequence goes on from `startAt`, the pools made again by their last creation calls.
for (let i = 0; i < startAt; i += 1) generator.next();
if (startAt > 0) {
  for (const cls of ['data', 'net', 'trainer']) {
    for (let slot = 0; slot < POOL[cls]; slot += 1)
      if (generator.made[cls][slot]) executor.rebuild(generator.made[cls][slot]);
  }
}

const counts = () => ({
  counts: [...executor.groups.values()].map((g) => [g.key, g.count, g.samples]),
  stats: executor.stats,
});
let lastPost = Date.now();
for (let i = startAt; i < calls; i += 1) {
  const now = Date.now();
  if (now >= deadline) break;
  if (now - lastPost > 1000) {
    parentPort.postMessage({ type: 'counts', next: i, ...counts() });
    lastPost = now;
  }
  const call = generator.next();
  state[0] = call.i;
  started[0] = Date.now();
  Atomics.store(state, 1, 1);
  await executor.run(call);
  Atomics.store(state, 1, 0);
}
parentPort.postMessage({ type: 'done', ...counts() });
