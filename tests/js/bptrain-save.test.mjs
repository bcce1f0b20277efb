// bptrain --save / --load and the JS API's toJSON / fromJSON share one save format (core/serialize): a
// network saved by either loads in the other and goes on training to the same bits.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { engine, root } from './engine.mjs';

const bptrain = path.join(root, 'build', 'native', 'bptrain');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bptrain-save-'));

function nativeRun(flags) {
  const out = execFileSync(bptrain, flags, { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(' ').map(Number));
}

const dataFlags = ['--dataset', 'xor', '--n', '120', '--noise', '0.1', '--validation', '0.25', '--seed', '3'];
const dataOptions = { name: 'xor', n: 120, noise: 0.1, validationFraction: 0.25, seed: 3 };

test('a network saved by toJSON loads in bptrain and trains on to the bits the wasm engine gives', async () => {
  const bp = await engine();
  const data = new bp.Dataset(dataOptions);
  const net = new bp.Network({ sizes: [2, 5, 1], hidden: 'tanh', output: 'sigmoid', loss: 'bce', seed: 3 });
  net.setOptimizer({ type: 'adam', lr: 0.02 });
  net.setRegularization({ l2: 0.001 });
  const first = new bp.Trainer(net, data, { batchSize: 8, seed: 3 });
  first.run(4);
  const file = path.join(dir, 'from-wasm.json');
  fs.writeFileSync(file, net.toJSON());
  // Both go on from the saved network with a fresh trainer of the same seed.
  const copy = bp.Network.fromJSON(net.toJSON());
  const second = new bp.Trainer(copy, data, { batchSize: 8, seed: 3 });
  second.run(5);
  const h = second.history();
  const saved = path.join(dir, 'after-native.json');
  const native = nativeRun([...dataFlags, '--load', file, '--batch', '8', '--epochs', '5', '--save', saved]);
  assert.equal(native.length, 5);
  for (let e = 0; e < 5; e += 1)
    assert.deepEqual(
      [e + 1, h.train[e], h.validation[e], h.trainAccuracy[e], h.validationAccuracy[e]],
      native[e],
      `epoch ${e + 1}`,
    );
  // And what bptrain saved is, byte for byte, what the engine's network says after the same training.
  assert.equal(fs.readFileSync(saved, 'utf8'), copy.toJSON());
  for (const o of [first, second, copy, net, data]) o.delete();
});

test('a network saved by bptrain loads with fromJSON and predicts and trains to the same bits', async () => {
  const bp = await engine();
  const file = path.join(dir, 'from-native.json');
  nativeRun([
    ...dataFlags,
    '--layers',
    '4',
    '--optimizer',
    'rmsprop',
    '--lr',
    '0.01',
    '--batch',
    '6',
    '--epochs',
    '3',
    '--save',
    file,
  ]);
  const text = fs.readFileSync(file, 'utf8');
  const net = bp.Network.fromJSON(text);
  assert.equal(net.toJSON(), text);
  assert.deepEqual(Array.from(net.sizes()), [2, 4, 1]);
  assert.equal(net.optimizer().type, 'rmsprop');
  const data = new bp.Dataset(dataOptions);
  const trainer = new bp.Trainer(net, data, { batchSize: 6, seed: 3 });
  trainer.run(2);
  const native = nativeRun([...dataFlags, '--load', file, '--batch', '6', '--epochs', '2']);
  const h = trainer.history();
  for (let e = 0; e < 2; e += 1)
    assert.deepEqual(
      [e + 1, h.train[e], h.validation[e], h.trainAccuracy[e], h.validationAccuracy[e]],
      native[e],
      `epoch ${e + 1}`,
    );
  for (const o of [trainer, net, data]) o.delete();
});

test('a malformed or mismatched --load file is one clear line naming the problem and exit 2', () => {
  const refuse = (text, flags, message) => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, text);
    const r = spawnSync(bptrain, [...dataFlags, '--load', file, ...flags], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.ok(r.stderr.includes(message), r.stderr);
  };
  execFileSync(bptrain, [...dataFlags, '--epochs', '0', '--save', path.join(dir, 'good.json')]);
  const good = fs.readFileSync(path.join(dir, 'good.json'), 'utf8');
  refuse(
    '{"format":1',
    [],
    `--load '${path.join(dir, 'bad.json')}': text is not valid JSON (expected ',' or '}' at byte 11)`,
  );
  refuse('{"format": "other"}', [], "text is not a network saved by toJSON (format 'backprop-playground/network@1')");
  refuse(good.replace('"b":[', '"b":[1,'), [], 'layers[0] has the wrong number of entries');
  execFileSync(bptrain, [
    ...dataFlags,
    '--features',
    'x1,x2,x1sq',
    '--epochs',
    '0',
    '--save',
    path.join(dir, 'three.json'),
  ]);
  refuse(
    fs.readFileSync(path.join(dir, 'three.json'), 'utf8'),
    [],
    'the network takes 3 inputs and gives 1 outputs, the data has 2 and 1',
  );
  refuse(good, ['--lr', '0.1'], 'bptrain: --lr sets the network; --load gives it');
  const missing = spawnSync(bptrain, [...dataFlags, '--load', path.join(dir, 'none.json')], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^bptrain: cannot read --load file '.*none\.json': No such file or directory/);
});
