// The README's example of scripting the engine from node runs as written and trains iris.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { modulePath, root } from './engine.mjs';

test('the README example runs and reaches a trained iris network', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Scripting the engine from node'));
  const code = section.match(/```js\n([\s\S]*?)```/)[1];
  assert.ok(code.split('\n').filter(Boolean).length <= 10, 'the example is at most ten lines');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bp-readme-'));
  try {
    const script = path.join(dir, 'example.mjs');
    writeFileSync(
      script,
      code
        .replace("'./dist/backprop.mjs'", `'${pathToFileURL(modulePath).href}'`)
        .replace('console.log(', 'console.log(JSON.stringify([')
        .replace(', net.weights(1));', ', net.weights(1).length]));'),
    );
    const [accuracy, weights] = JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8' }));
    assert.ok(accuracy > 0.9, `iris validation accuracy ${accuracy}`);
    assert.equal(weights, 24);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
