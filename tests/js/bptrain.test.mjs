// The native command-line trainer and the wasm engine give the same numbers to the last bit for the same
// run (issue 3): bptrain prints %.17g, which reads back to the exact double.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { engine, root } from './engine.mjs';

const bptrain = path.join(root, 'build', 'native', 'bptrain');

function nativeRun(flags) {
  const out = execFileSync(bptrain, flags, { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(' ').map(Number));
}

test('bptrain and the JS API train the same run to identical losses and accuracies', async () => {
  const native = nativeRun([
    '--dataset',
    'spiral',
    '--n',
    '200',
    '--noise',
    '0.1',
    '--validation',
    '0.3',
    '--features',
    'x1,x2,x1sq,sinx2',
    '--layers',
    '6,4',
    '--hidden',
    'relu,tanh',
    '--optimizer',
    'adam',
    '--lr',
    '0.02',
    '--batch',
    '7',
    '--l2',
    '0.001',
    '--dropout',
    '0.1',
    '--epochs',
    '30',
    '--seed',
    '5',
  ]);
  assert.equal(native.length, 30);

  const bp = await engine();
  const data = new bp.Dataset({
    name: 'spiral',
    n: 200,
    noise: 0.1,
    validationFraction: 0.3,
    seed: 5,
    features: ['x1', 'x2', 'x1sq', 'sinx2'],
  });
  const net = new bp.Network({
    sizes: [4, 6, 4, 1],
    hidden: ['relu', 'tanh'],
    output: 'sigmoid',
    loss: 'bce',
    seed: 5,
  });
  net.setOptimizer({ type: 'adam', lr: 0.02 });
  net.setRegularization({ l2: 0.001, dropout: 0.1 });
  const trainer = new bp.Trainer(net, data, { batchSize: 7, seed: 5 });
  trainer.run(30);
  const h = trainer.history();
  for (let e = 0; e < 30; e += 1) {
    assert.deepEqual(
      [e + 1, h.train[e], h.validation[e], h.trainAccuracy[e], h.validationAccuracy[e]],
      native[e],
      `epoch ${e + 1}`,
    );
  }
  for (const o of [trainer, net, data]) o.delete();
});

test('bptrain --help lists every flag, and a bad flag or value is one clear line and a non-zero exit', () => {
  const help = execFileSync(bptrain, ['--help'], { encoding: 'utf8' });
  for (const flag of [
    '--dataset',
    '--csv',
    '--features',
    '--layers',
    '--hidden',
    '--output',
    '--loss',
    '--init',
    '--optimizer',
    '--lr',
    '--momentum',
    '--gamma',
    '--beta1',
    '--beta2',
    '--eps',
    '--batch',
    '--l1',
    '--l2',
    '--dropout',
    '--patience',
    '--epochs',
    '--seed',
    '--noise',
    '--n',
    '--validation',
  ]) {
    assert.ok(help.includes(flag), flag);
  }
  for (const [flags, message] of [
    [['--lr', 'fast'], /^bptrain: --lr must be a number, got 'fast'/],
    [['--bogus', '1'], /^bptrain: unknown flag --bogus/],
    [['--layers', '8,0'], /sizes\[2\] must be an integer in 1\.\.64, got 0/],
    [['--dataset', 'nope'], /dataset: name must be one of/],
    [['--epochs'], /--epochs needs a value/],
  ]) {
    let failed = false;
    try {
      execFileSync(bptrain, flags, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      failed = true;
      assert.notEqual(e.status, 0);
      const lines = e.stderr.trim().split('\n');
      assert.equal(lines.length, 1, e.stderr);
      assert.match(lines[0], message);
    }
    assert.ok(failed, `bptrain ${flags.join(' ')} should fail`);
  }
});

test('bptrain takes its name lists, pair defaults and CSV validation fraction from the core', async () => {
  const bp = await engine();
  const help = execFileSync(bptrain, ['--help'], { encoding: 'utf8' });
  const line = (flag) => help.split('\n').find((l) => l.trimStart().startsWith(`--${flag} `));
  assert.ok(line('dataset').includes(bp.datasetNames().join(', ')));
  assert.ok(line('features').includes(bp.featureNames().join(',')));
  const hidden = bp.activationNames().filter((a) => bp.activationInfo(a).hidden);
  const output = bp.activationNames().filter((a) => bp.activationInfo(a).output);
  assert.ok(line('hidden').includes(hidden.join(', ')));
  assert.ok(line('output').includes(output.join(', ')));
  assert.ok(line('loss').includes(`${bp.lossNames().slice(0, -1).join(', ')} or ${bp.lossNames().at(-1)}`));
  assert.ok(
    line('optimizer').includes(`${bp.optimizerNames().slice(0, -1).join(', ')} or ${bp.optimizerNames().at(-1)}`),
  );
  assert.ok(line('init').includes(`${bp.initNames().slice(0, -1).join(', ')} or ${bp.initNames().at(-1)}`));
  const info = bp.datasetInfo('circle');
  assert.ok(
    line('validation').includes(`(default ${info.validationFraction}, ${info.csvValidationFraction} with --csv)`),
  );
  // A --csv run without --validation holds out csvValidationFraction, as Dataset.fromCSV does.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bptrain-csv-'));
  const file = path.join(dir, 'd.csv');
  fs.writeFileSync(
    file,
    'a,b,y\n' + Array.from({ length: 20 }, (_, i) => `${Math.sin(i)},${Math.cos(i)},${(i % 3) / 2}`).join('\n') + '\n',
  );
  const run = (extra) => execFileSync(bptrain, ['--csv', file, '--epochs', '3', ...extra], { encoding: 'utf8' });
  assert.equal(run([]), run(['--validation', String(info.csvValidationFraction)]));
  assert.notEqual(run([]), run(['--validation', String(info.validationFraction)]));
  // A generated set without --validation holds out validationFraction.
  const gen = (extra) => execFileSync(bptrain, ['--epochs', '2', ...extra], { encoding: 'utf8' });
  assert.equal(gen([]), gen(['--validation', String(info.validationFraction)]));
  fs.rmSync(dir, { recursive: true });
});
