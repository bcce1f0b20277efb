// The engine module works in Chromium under the Content-Security-Policy
// `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'` (no eval, no new Function, no inline script).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';

import { openBrowser } from '../browser/helpers.mjs';
import { modulePath, root } from './engine.mjs';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const files = {
  '/csp.html': [path.join(root, 'tests/js/fixtures/csp.html'), 'text/html'],
  '/csp-check.mjs': [path.join(root, 'tests/js/fixtures/csp-check.mjs'), 'text/javascript'],
  '/backprop.mjs': [modulePath, 'text/javascript'],
};

test('the engine loads, computes and throws cleanly under a strict CSP in Chromium', async () => {
  // A fixed table of three files with the CSP header: the test's own fixture, not a general server.
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url, 'http://localhost').pathname;
    const entry = files[pathname];
    if (pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (!entry) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': entry[1], 'Content-Security-Policy': CSP });
    res.end(readFileSync(entry[0]));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await openBrowser({ serve: false });
  try {
    const page = await browser.context.newPage();
    const consoleErrors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/csp.html`);
    await page.waitForFunction(() => window.engineResult !== undefined, null, { timeout: 30000 });
    const result = await page.evaluate(() => window.engineResult);
    assert.equal(result.failure, undefined, result.failure);
    assert.deepEqual(result.violations, []);
    assert.deepEqual(consoleErrors, []);
    const expected = [-0.9, -0.7, 2.6, -1.45]; // the hand computation of tests/js/api.test.mjs
    result.yHat.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-15, `Ŷ[${i}] = ${v}`));
    assert.ok(Math.abs(result.loss - 1.065625) < 1e-15);
    assert.equal(result.error, 'weights: l must be an integer in 1..2, got 9');
    assert.equal(result.grid, (2 + 3 + 2) * 100);
  } finally {
    await browser.close();
    server.close();
  }
});
