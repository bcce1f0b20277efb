// `npm run bench`: the workloads of bench/workloads.md on the wasm engine (dist/backprop.mjs, under node) and
// on the native core (build/native/bench_native), side by side with TF Playground's reference figures.
// Benchmarks, not tests: nothing here can fail the test suite.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { default: createBackprop } = await import(pathToFileURL(path.join(root, 'dist/backprop.mjs')).href);
const bp = await createBackprop();

const W1 = { features: ['x1', 'x2'], hidden: 2 };
const W2 = { features: ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'], hidden: 6 };

function network(w) {
  return new bp.Network({
    sizes: [w.features.length, ...Array(w.hidden).fill(8), 1],
    hidden: 'tanh',
    output: 'tanh',
    loss: 'mse',
  });
}
function data(w) {
  return new bp.Dataset({ name: 'spiral', n: 500, features: w.features });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function trainingThroughput(w, epochs) {
  const d = data(w);
  const rates = [];
  for (let run = 0; run < 5; run += 1) {
    const net = network(w);
    net.setOptimizer({ type: 'sgd', lr: 0.03 });
    const trainer = new bp.Trainer(net, d, { batchSize: 10 });
    const start = performance.now();
    trainer.run(epochs);
    rates.push((epochs * d.info().nTrain) / ((performance.now() - start) / 1000));
    trainer.delete();
    net.delete();
  }
  d.delete();
  return median(rates);
}

function gridMilliseconds(w, repeats) {
  const net = network(w);
  const options = { features: w.features, x1: [-6, 6], x2: [-6, 6], resolution: 100 };
  net.neuronGrid(options);
  const start = performance.now();
  for (let i = 0; i < repeats; i += 1) net.neuronGrid(options);
  const ms = (performance.now() - start) / repeats;
  net.delete();
  return ms;
}

function visualStepMilliseconds(w, repeats) {
  const d = data(w);
  const net = network(w);
  net.setOptimizer({ type: 'sgd', lr: 0.03 });
  const trainer = new bp.Trainer(net, d, { batchSize: 10 });
  const options = { features: w.features, x1: [-6, 6], x2: [-6, 6], resolution: 100 };
  const start = performance.now();
  for (let i = 0; i < repeats; i += 1) {
    trainer.runEpoch();
    net.neuronGrid(options);
  }
  const ms = (performance.now() - start) / repeats;
  for (const o of [trainer, net, d]) o.delete();
  return ms;
}

const wasm = {
  'W1 training': trainingThroughput(W1, 400),
  'W2 training': trainingThroughput(W2, 200),
  'W3 heatmap': gridMilliseconds(W1, 200),
  'visual step W1': visualStepMilliseconds(W1, 200),
  'visual step W2': visualStepMilliseconds(W2, 100),
};
const native = {};
for (const lineText of execFileSync(path.join(root, 'build/native/bench_native'), { encoding: 'utf8' })
  .trim()
  .split('\n')) {
  const { workload, value } = JSON.parse(lineText);
  native[workload] = value;
}
// TF Playground, measured on this kind of machine (shared/design/benchmarks.md).
const reference = {
  'W1 training': 822000,
  'W2 training': 209000,
  'W3 heatmap': 9.0,
  'visual step W1': 11.1,
  'visual step W2': 39.1,
};
const goal = {
  'W1 training': '≥ 4× TFP, ≥ 0.7× native',
  'W2 training': '≥ 4× TFP',
  'W3 heatmap': '≥ 8× TFP',
  'visual step W1': '≥ 10× TFP',
  'visual step W2': '≥ 10× TFP',
};

const fmt = (v, unit) => (unit === 'ms' ? `${v.toFixed(2)} ms` : `${Math.round(v).toLocaleString('en')} ex/s`);
console.log('| workload | wasm (node) | native | wasm/native | TF Playground | vs TFP | goal |');
console.log('|---|---|---|---|---|---|---|');
for (const name of Object.keys(wasm)) {
  const unit = name.includes('training') ? 'ex/s' : 'ms';
  const speedup = unit === 'ms' ? reference[name] / wasm[name] : wasm[name] / reference[name];
  const ratio = unit === 'ms' ? native[name] / wasm[name] : wasm[name] / native[name];
  console.log(
    `| ${name} | ${fmt(wasm[name], unit)} | ${fmt(native[name], unit)} | ${ratio.toFixed(2)} | ` +
      `${fmt(reference[name], unit)} | ${speedup.toFixed(1)}× | ${goal[name]} |`,
  );
}
