// Lesson q6 (underfitting, overfitting and the Bayes error) end to end in Chromium: the underfit case
// reads "high bias", the overfit case "high variance" with the below-Bayes flag, early stopping keeps the
// best validation epoch, the exercise on the avoidable bias is graded right and wrong, and the gauge shows
// the losses against the Bayes mark.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openPage, screenshot, drawn, predict, readout } from './helpers.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

test('q6: the underfit case reads high bias, the overfit case high variance below Bayes', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q6`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await drawn(page);
  assert.match(await page.textContent('#lesson h2'), /^q6: Underfitting, overfitting/);
  assert.equal((await readout(page, 'diagnosis')).text, '— (train first)');
  for (const name of ['diagnosis', 'bias', 'variance', 'bayes', 'best-epoch'])
    assert.equal((await readout(page, name)).visible, true, name);
  // One neuron on the spiral (Bayes loss 0.325): training and validation both near 0.66.
  const under = await predict(page, 'underfit', { choice: 1 }, { timeout: 120000 });
  assert.equal(under.verdict, 'wrong');
  assert.match(under.text, /the engine shows high bias \(training 0\.6\d+, validation 0\.6\d+, Bayes 0\.325\) ✗/);
  assert.equal((await readout(page, 'diagnosis')).value, 'high bias');
  assert.equal(await page.evaluate(() => window.playground.epoch()), 300);
  assert.deepEqual((await page.evaluate(() => window.playground.getState())).layers, [1]);
  // 16-16-16 on 40 noisy points: the training loss far below the Bayes loss (0.5), the validation loss high.
  const over = await predict(page, 'overfit', { choice: 1 }, { timeout: 120000 });
  assert.equal(over.verdict, 'right', over.text);
  assert.equal((await readout(page, 'diagnosis')).value, 'high variance|memorising');
  assert.match((await readout(page, 'diagnosis')).text, /below Bayes: memorising noise/);
  assert.equal(Number((await readout(page, 'bayes')).value).toFixed(3), '0.500');
  const h = await page.evaluate(() => window.playground.history());
  assert.ok(h.train.at(-1) < 0.01 && h.validation.at(-1) > 1, `${h.train.at(-1)} / ${h.validation.at(-1)}`);
  // The gauge draws both losses and the Bayes mark.
  assert.deepEqual(await page.$$eval('#lesson .lesson-gauge .gauge-label', (ls) => ls.map((l) => l.textContent)), [
    'training loss',
    'validation loss',
  ]);
  await screenshot(page, 'lesson-q6');
  await page.setViewportSize({ width: 390, height: 844 });
  await drawn(page);
  await screenshot(page, 'lesson-q6-phone');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the exercise: the avoidable bias from the losses shown; the gaps hidden until answered', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q6`);
  await drawn(page);
  assert.match(await page.textContent('#lesson .exercise-question'), /Choose a case and train it/);
  for (let k = 0; k < 20; k++) await page.evaluate(() => window.playground.stepEpoch());
  await drawn(page);
  const v = Object.fromEntries(
    await page.$$eval('#lesson .exercise-value', (o) => o.map((x) => [x.dataset.name, Number(x.dataset.value)])),
  );
  assert.deepEqual(Object.keys(v), ['train', 'validation', 'bayes']);
  assert.equal((await readout(page, 'bias')).value, '');
  const check = async (text) => {
    await page.fill('#q6-answer', text);
    await page.click('.lesson-exercise button[type="submit"]');
    return page.$eval('.lesson-exercise .verdict', (e) => ({ verdict: e.dataset.verdict, text: e.textContent }));
  };
  assert.match((await check((v.validation - v.bayes).toPrecision(4))).text, /starts from the validation loss/);
  assert.match((await check((v.validation - v.train).toPrecision(4))).text, /That is the variance/);
  const right = await check((v.train - v.bayes).toPrecision(4));
  assert.equal(right.verdict, 'right', right.text);
  const bias = Number((await readout(page, 'bias')).value);
  const variance = Number((await readout(page, 'variance')).value);
  assert.ok(Math.abs(bias - (v.train - v.bayes)) < 2e-4, `${bias}`);
  assert.ok(Math.abs(variance - (v.validation - v.train)) < 2e-4, `${variance}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('early stopping keeps the best validation epoch; reset lesson puts the preset back', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q6`);
  await drawn(page);
  const stop = await predict(page, 'stop', 300, { timeout: 120000 });
  assert.equal(stop.verdict, 'wrong');
  const best = Number((await readout(page, 'best-epoch')).value);
  const stopped = await page.evaluate(() => window.playground.epoch());
  assert.equal(stopped, best + 30, `stopped at ${stopped}, best ${best}`);
  assert.match(stop.text, new RegExp(`the engine shows epoch ${best} \\(training stopped at epoch ${stopped}`));
  // The weights are the best epoch's again: the gauge and the exercise show that epoch's losses, not the
  // last epoch's.
  const history = await page.evaluate(() => window.playground.history());
  const k = history.epoch ? history.epoch.indexOf(best) : best - 1;
  assert.ok(k >= 0);
  assert.notEqual(history.validation[k], history.validation.at(-1));
  const shown = await page.$$eval('#lesson .exercise-value', (o) =>
    Object.fromEntries(o.map((x) => [x.dataset.name, Number(x.dataset.value)])),
  );
  assert.ok(Math.abs(shown.train - history.train[k]) <= 6e-4 * history.train[k], `${shown.train}`);
  assert.ok(Math.abs(shown.validation - history.validation[k]) <= 6e-4 * history.validation[k], `${shown.validation}`);
  assert.match((await readout(page, 'best-epoch')).text, new RegExp(`^${best} \\(of ${stopped}; its weights restored`));
  assert.match(
    await page.textContent('.lesson-exercise p'),
    new RegExp(`After epoch ${best} \\(restored by early stopping\\)`),
  );
  await page.click('.lesson-reset');
  await drawn(page);
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.patience, 0);
  assert.deepEqual(state.layers, [16, 16, 16]);
  assert.equal(await page.evaluate(() => window.playground.epoch()), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
