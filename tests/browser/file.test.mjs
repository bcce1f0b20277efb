// The offline page: dist/playground.html opened from disk (file://) loads the engine and trains.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openBrowser, openPage, root, screenshot } from './helpers.mjs';

const file = join(root, 'dist', 'playground.html');
let browser;
before(async () => {
  browser = await openBrowser({ serve: false });
});
after(async () => {
  await browser?.close();
});

test('dist/playground.html opened from file:// trains', async () => {
  assert.ok(existsSync(file), 'dist/playground.html is built');
  const { page, errors } = await openPage(browser.context, pathToFileURL(file).href);
  assert.match(page.url(), /^file:/);
  await page.evaluate(() => window.playground.play());
  await page.waitForFunction(() => window.playground.epoch() >= 20, null, { timeout: 30000, polling: 100 });
  await page.evaluate(() => window.playground.pause());
  const history = await page.evaluate(() => window.playground.history());
  assert.ok(history.train.length >= 20);
  assert.ok(history.train.at(-1) < history.train[0], 'the training loss fell');
  await screenshot(page, 'file-url');
  assert.deepEqual(errors, []);
  await page.close();
});
