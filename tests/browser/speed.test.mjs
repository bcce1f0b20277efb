// Continuous training stays as fast after tens of thousands of epochs as at the start: the page fetches
// only the new epochs and redraws the curves a few times a second from at most 1000 points.
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

test('frames per second do not fall as the epochs pile up', async (t) => {
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
  assert.ok(late >= 0.8 * early, `${early} frames/s at the start, ${late} after 30 000 epochs`);
  await screenshot(page, 'long-run');
  assert.deepEqual(errors, []);
  await page.close();
});
