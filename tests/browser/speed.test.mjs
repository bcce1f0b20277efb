// Continuous training runs on through tens of thousands of epochs with a bounded history and no error (the
// engine keeps every recent epoch and an evenly thinned record of older ones; the page redraws the curves
// from at most 1000 points, drawn to the last epoch). The frame rates are printed as a diagnostic only:
// timings never fail a test (npm run bench is the place for them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openPage, screenshot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

// Animation frames in one second of play.
const framesPerSecond = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve) => {
        let frames = 0;
        const start = performance.now();
        const tick = (now) => {
          frames++;
          if (now - start < 1000) requestAnimationFrame(tick);
          else resolve(frames);
        };
        requestAnimationFrame(tick);
      }),
  );

// How far right (0..1 of the canvas width) the training-loss stroke (#1967d2) reaches in the loss chart.
const rightmostLossStroke = (page) =>
  page.$eval('#loss-chart canvas', (c) => {
    const { data, width, height } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let right = 0;
    for (let y = 0; y < height; y++) {
      for (let x = right; x < width; x++) {
        const i = 4 * (y * width + x);
        if (Math.abs(data[i] - 0x19) < 24 && Math.abs(data[i + 1] - 0x67) < 24 && Math.abs(data[i + 2] - 0xd2) < 24)
          right = x;
      }
    }
    return right / width;
  });

test('30 000 epochs of continuous training keep a bounded history, drawn to the last epoch, and raise no error', async (t) => {
  // Batch gradient descent on a small set: one step per epoch, thousands of epochs per second.
  const { page, errors } = await openPage(browser.context, `${browser.url}#batch=0&n=40&layers=3&speed=max`);
  await page.evaluate(() => window.playground.play());
  await page.waitForFunction(() => window.playground.epoch() >= 300, null, { polling: 100 });
  const early = await framesPerSecond(page);
  await page.waitForFunction(() => window.playground.epoch() >= 30000, null, { timeout: 90000, polling: 250 });
  const late = await framesPerSecond(page);
  await page.evaluate(() => window.playground.pause());
  const history = await page.evaluate(() => window.playground.history());
  const epoch = await page.evaluate(() => window.playground.epoch());
  t.diagnostic(`${early} frames/s at epoch 300, ${late} at epoch 30 000; ${history.train.length} records kept`);
  // Bounded: at most 4,000 records, the last 2,000 epochs all there, epoch 1 kept, older ones evenly thinned.
  assert.ok(history.train.length <= 4000 && history.train.length > 2000, `${history.train.length} records`);
  assert.equal(history.epoch.length, history.train.length);
  assert.equal(history.epoch[0], 1);
  assert.equal(history.epoch.at(-1), epoch);
  assert.equal(history.epoch.at(-2000), epoch - 1999);
  for (let i = 1; i < history.epoch.length; i++) {
    assert.ok(history.epoch[i] > history.epoch[i - 1] && history.epoch[i] - history.epoch[i - 1] <= epoch / 750);
  }
  for (const v of history.train) assert.ok(v === null || Number.isFinite(v));
  // The curve is drawn across the whole chart, to the last epoch (the plot area ends near the right edge).
  assert.ok((await rightmostLossStroke(page)) > 0.9, 'the training-loss curve reaches the right end of the chart');
  await screenshot(page, 'long-run');
  assert.deepEqual(errors, []);
  await page.close();
});
