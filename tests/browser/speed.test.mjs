// Continuous training runs on through tens of thousands of epochs with a complete history and no error (the
// page fetches only the new epochs and redraws the curves from at most 1000 points). The frame rates are
// printed as a diagnostic only: timings never fail a test (npm run bench is the place for them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openPage, screenshot } from './helpers.mjs';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

// Animation frames in one second of play.
const framesPerSecond = (page) => page.evaluate(() => new Promise((resolve) => {
  let frames = 0;
  const start = performance.now();
  const tick = (now) => {
    frames++;
    if (now - start < 1000) requestAnimationFrame(tick); else resolve(frames);
  };
  requestAnimationFrame(tick);
}));

test('30 000 epochs of continuous training keep a complete history and raise no error', async (t) => {
  // Batch gradient descent on a small set: one step per epoch, thousands of epochs per second.
  const { page, errors } = await openPage(browser.context, `${browser.url}#batch=0&n=40&layers=3&speed=max`);
  await page.evaluate(() => window.playground.play());
  await page.waitForFunction(() => window.playground.epoch() >= 300, null, { polling: 100 });
  const early = await framesPerSecond(page);
  await page.waitForFunction(() => window.playground.epoch() >= 30000, null, { timeout: 90000, polling: 250 });
  const late = await framesPerSecond(page);
  await page.evaluate(() => window.playground.pause());
  const history = await page.evaluate(() => window.playground.history());
  assert.equal(history.train.length, await page.evaluate(() => window.playground.epoch()));
  t.diagnostic(`${early} frames/s at epoch 300, ${late} at epoch 30 000`);
  for (const v of history.train) assert.ok(v === null || Number.isFinite(v));
  await screenshot(page, 'long-run');
  assert.deepEqual(errors, []);
  await page.close();
});
