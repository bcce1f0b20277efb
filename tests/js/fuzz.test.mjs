// The fuzzer's short run (a fixed seed, a few seconds): every outcome must be a finite result or a plain
// Error naming the call; plus checks that the fuzzer covers the whole declared API and judges as it should.
// The long run is `npm run fuzz` (tests/js/fuzz/run.mjs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { engine, root } from './engine.mjs';
import { CALLS, DATASETS, FEATURES, Generator, SURFACES } from './fuzz/calls.mjs';
import { errorProblems, nonFinitePath } from './fuzz/classify.mjs';
import { describeCall } from './fuzz/executor.mjs';
import { formatReport, runFuzz } from './fuzz/fuzz.mjs';

const SEED = 20251202;
const CALL_COUNT = 40000;

test(`${CALL_COUNT} fuzzed calls (seed ${SEED}) give only finite results and well-formed refusals`, async () => {
  const result = await runFuzz({ seed: SEED, calls: CALL_COUNT, probeEvery: 0, hangSeconds: 10 });
  // A call of 2-5 s is reported but does not fail the short run (timings are the long run's business).
  const failing = result.groups.filter((g) => g.kind !== 'slow');
  assert.equal(
    result.stats.calls + result.stats.skipped + result.stats.stopped >= CALL_COUNT - 1,
    true,
    `the run ended early: ${JSON.stringify(result.stats)}`,
  );
  assert.equal(failing.length, 0, formatReport(result));
});

// The names of the calls a .d.ts block declares ('constructor' included).
function declared(text, header) {
  const start = text.indexOf(header);
  assert.notEqual(start, -1, `backprop.d.ts declares ${header}`);
  const body = text.slice(start, text.indexOf('\n}', start));
  return [...body.matchAll(/^\s+(?:static\s+)?(\w+)\??\(/gm)].map((m) => m[1]);
}

test('the fuzzer calls everything backprop.d.ts declares', () => {
  const dts = readFileSync(path.join(root, 'wasm', 'backprop.d.ts'), 'utf8');
  const owners = {
    'export class Network': 'Network',
    'export class Dataset': 'Dataset',
    'export class Trainer': 'Trainer',
  };
  const pool = { Network: 'net', Dataset: 'data', Trainer: 'trainer' };
  const missing = [];
  for (const [header, cls] of Object.entries(owners)) {
    for (const name of declared(dts, header)) {
      if (name === 'delete') continue; // every class: the fuzzer's delete calls
      const covered =
        name === 'constructor'
          ? CALLS.some((c) => c.owner === cls && c.fn === cls)
          : CALLS.some((c) => (c.owner === cls || c.owner === pool[cls]) && c.fn === name);
      if (!covered) missing.push(`${cls}.${name}`);
    }
  }
  for (const name of declared(dts, 'export interface BackpropModule')) {
    const classes = ['Network', 'Dataset', 'Trainer'];
    if (!CALLS.some((c) => c.owner === 'module' && c.fn === name) && !classes.includes(name)) missing.push(name);
  }
  assert.deepEqual(missing, [], 'calls declared in wasm/backprop.d.ts that tests/js/fuzz/calls.mjs does not make');
});

test("the fuzzer's vocabulary matches the module (data sets, surfaces, features)", async () => {
  const bp = await engine();
  assert.deepEqual([...bp.datasetNames()].sort(), DATASETS.map((d) => d.name).sort());
  for (const d of DATASETS) {
    const info = bp.datasetInfo(d.name);
    assert.deepEqual(
      [info.inputs, info.outputs, info.task, info.numClasses, info.maxNoise, info.twoD],
      [d.inputs, d.outputs, d.task, d.classes, d.maxNoise, d.twoD],
      d.name,
    );
  }
  assert.deepEqual([...bp.surfaceNames()], SURFACES);
  const data = new bp.Dataset({ name: 'circle', n: 10, features: FEATURES });
  assert.deepEqual([...data.features()], FEATURES);
  data.delete();
});

test('a seed gives the same call sequence every time, another seed another one', () => {
  const sequence = (seed) => {
    const g = new Generator(seed, { probeEvery: 500 });
    return Array.from({ length: 1500 }, () => {
      const call = g.next();
      return `${call.tag} ${describeCall(call).slice(0, 300)}`;
    });
  };
  assert.deepEqual(sequence(7), sequence(7));
  assert.notDeepEqual(sequence(7), sequence(8));
});

test('the judge: what counts as a well-formed refusal and a finite result', () => {
  // What is wrong with an Error of `message` thrown by a call whose messages may start with `prefixes`.
  const judged = (message, prefixes, Type = Error) =>
    errorProblems(new Type(message), prefixes).map((p) => `${p.kind} ${p.detail}`);
  assert.deepEqual(judged('forward: m must be an integer in 1..65536, got 0', ['forward']), []);
  assert.deepEqual(judged("optimizer: type must be one of 'sgd', got 'x'", ['setOptimizer', 'optimizer']), []);
  assert.deepEqual(judged("hidden must be one of 'relu', got 'it's'", ['Network']), ['no-prefix (none)']);
  assert.deepEqual(judged('surface: name must be one of …', ['surfacePoint']), ['no-prefix surface']);
  assert.deepEqual(judged('m must be 1', ['forward'], TypeError), ['exception-type TypeError']);
  assert.deepEqual(
    errorProblems('a string', ['forward']).map((p) => p.kind),
    ['exception-type'],
  );
  assert.deepEqual(judged('setOptimizer: lr must be in (0, 100], got -0.000000', ['setOptimizer']), [
    'message-number %f',
  ]);
  assert.deepEqual(judged('Dataset: n must be at most 10000, got 9.0072e+15', ['Dataset']), ['message-number %g']);
  assert.deepEqual(judged('forward: |x| up to 1e+308, got 5e-324 or -2e3', ['forward']), []);
  assert.deepEqual(judged('forward: |W| up to 16281099674.927637', ['forward']), []);
  assert.deepEqual(judged('Dataset: validation_fraction must be …', ['Dataset']), [
    'message-cpp-name validation_fraction',
  ]);
  assert.deepEqual(judged("Dataset: unknown option 'validation_fraction'", ['Dataset']), []); // the caller's own key
  assert.deepEqual(judged("Network: hidden must be one of 'relu', got 'relu", ['Network']), ['message-cut ']);
  assert.deepEqual(judged("Network: hidden must be a string, got '\\\\'", ['Network']), []);
  assert.deepEqual(judged(`datasetInfo: got '${'x'.repeat(2000)}'`, ['datasetInfo']), ['message-long ']);
  assert.equal(nonFinitePath({ a: [1, 2], b: { c: new Float32Array([0, NaN]) } }), '.b.c[1]');
  assert.equal(nonFinitePath(Infinity), '(the result)');
  assert.equal(nonFinitePath({ v: null, w: new Int32Array([1]), history: [null, 0.5] }), null);
});
