// Lesson q9 (what is set and what is learned) end to end in Chromium: its address and preset, training 100
// epochs moves the parameters and changes no setting (the readouts), the prediction prompts beside the
// engine's answers, the card sort graded card by card, and the exercise on Adam's own numbers graded
// against the engine's optimizer state.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openPage, screenshot, drawn, predict, readout, answerExercise } from './helpers.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

const check = (page, text) => answerExercise(page, 'q9', text, '.lesson-exercise[aria-label="Exercise"]');

test('q9 opens from its address; 100 epochs move every parameter and change no setting', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q9`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await drawn(page);
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.lesson, 'q9');
  assert.equal(state.optimizer, 'adam');
  assert.deepEqual(state.layers, [8, 8]);
  assert.match(await page.textContent('#lesson h2'), /^q9: What is set and what is learned/);
  assert.equal(await page.locator('#lesson form.prediction').count(), 3);
  assert.equal(await page.locator('#lesson .card select').count(), 9);
  assert.equal((await readout(page, 'changed-parameters')).visible, true);
  // The prediction first, then the page trains and shows the truth beside it.
  const settings = await predict(page, 'settings', 3);
  assert.equal(settings.verdict, 'wrong');
  assert.equal(settings.text, 'You said 3; the engine shows 0 of 23 ✗.');
  assert.equal(await page.evaluate(() => window.playground.epoch()), 100);
  // 2-8-8-1: 2·8 + 8 + 8·8 + 8 + 8 + 1 = 105 parameters, every one moved by Adam's 100 epochs of steps;
  // 23 settings: data 6, network 6 (layers, activations, output, loss, init, lesson q3's σ′ switch),
  // optimizer 6, regularization 3, trainer 2.
  assert.deepEqual(await readout(page, 'changed-parameters'), { text: '105 of 105', value: '105', visible: true });
  assert.deepEqual(await readout(page, 'changed-settings'), { text: '0 of 23', value: '0', visible: true });
  // The second prompt trains another 100 epochs: the parameters moved again.
  const parameters = await predict(page, 'parameters', { choice: 2 });
  assert.deepEqual(parameters, { verdict: 'right', text: 'You said nearly all; the engine shows 105 of 105 moved ✓.' });
  assert.equal(await page.evaluate(() => window.playground.epoch()), 200);
  assert.deepEqual(await page.evaluate(() => window.playground.getState()), state, 'no setting changed');
  await screenshot(page, 'lesson-q9');
  assert.deepEqual(errors, []);
  await page.close();
});

test('changing η mid-run keeps the run (the prompt checks the page itself)', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q9`);
  await drawn(page);
  for (let k = 0; k < 3; k++) await page.evaluate(() => window.playground.stepEpoch());
  const lr = await predict(page, 'lr', { choice: 1 });
  assert.equal(lr.verdict, 'wrong');
  assert.match(
    lr.text,
    /^You said no, the run starts over; the engine shows η is now 0\.03; the run is still at epoch 3/,
  );
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.lr, 0.03);
  assert.equal(await page.evaluate(() => window.playground.epoch()), 3);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the card sort is graded card by card, and asks for every card first', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q9`);
  await drawn(page);
  const submit = () => page.click('.card-sort button[type="submit"]');
  const verdict = () =>
    page.$eval('.card-sort > .verdict', (v) => ({ verdict: v.dataset.verdict, text: v.textContent }));
  await page.selectOption('#q9-card-W', { label: 'learned by training' });
  await submit();
  assert.deepEqual(await verdict(), { verdict: 'unreadable', text: 'Place every card first (8 still to choose).' });
  const right = {
    W: 'learned by training',
    b: 'learned by training',
    lr: 'set by you',
    batch: 'set by you',
    loss: 'set by you',
    seed: 'set by you',
    dropout: 'set by you',
    mhat: 'optimizer state',
    layers: 'set by you',
  };
  // Two misplaced: m̂ as learned, the seed as learned.
  for (const [id, bin] of Object.entries({ ...right, mhat: 'learned by training', seed: 'learned by training' }))
    await page.selectOption(`#q9-card-${id}`, { label: bin });
  await submit();
  assert.deepEqual(await verdict(), {
    verdict: 'wrong',
    text: '7 of 9 right; look again at the seed, Adam’s m̂.',
  });
  assert.match(await page.textContent('.card[data-card="mhat"] .card-mark'), /✗ optimizer state: /);
  assert.equal(await page.textContent('.card[data-card="W"] .card-mark'), ' ✓');
  for (const [id, bin] of Object.entries(right)) await page.selectOption(`#q9-card-${id}`, { label: bin });
  await submit();
  assert.deepEqual(await verdict(), { verdict: 'right', text: 'All 9 right.' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the exercise: Adam’s m and v counted by the engine, slips named, another optimizer said plainly', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q9`);
  await drawn(page);
  assert.match(await page.textContent('.lesson-exercise[aria-label="Exercise"] p'), /2-8-8-1 network/);
  // Before any step Adam has no m and v: the check takes the first step itself, then grades the count.
  assert.equal(await page.evaluate(() => window.playground.epoch()), 0);
  assert.deepEqual(await check(page, '210'), {
    verdict: 'right',
    text: 'Right: 210 numbers, an m and a v for each of the 105 parameters. (Adam makes its m and v at its first step, so the page took one to count them.)',
  });
  await page.evaluate(() => window.playground.stepEpoch());
  assert.deepEqual(await check(page, '105'), {
    verdict: 'wrong',
    text: 'Not yet. That is the parameters themselves; Adam keeps two numbers for each.',
  });
  // The weights only: 2·(16 + 64 + 8) = 176.
  assert.deepEqual(await check(page, '176'), {
    verdict: 'wrong',
    text: 'Not yet. That counts the weights only: the biases have their m and v too.',
  });
  assert.equal((await check(page, 'lots')).verdict, 'unreadable');
  assert.deepEqual(await check(page, '210'), {
    verdict: 'right',
    text: 'Right: 210 numbers, an m and a v for each of the 105 parameters.',
  });
  // Another architecture: a new question with the engine's new count (2-3-1: 13 parameters, 26 numbers).
  await page.evaluate(() => window.playground.setState({ layers: [3], act: ['tanh'] }));
  await drawn(page);
  await page.evaluate(() => window.playground.stepEpoch());
  assert.match(await page.textContent('.lesson-exercise[aria-label="Exercise"] p'), /2-3-1 network/);
  assert.equal((await check(page, '26')).verdict, 'right');
  await page.evaluate(() => window.playground.setState({ optimizer: 'sgd' }));
  await drawn(page);
  assert.match((await check(page, '26')).text, /about Adam/);
  // Reset lesson: the preset again.
  await page.click('.lesson-reset');
  await drawn(page);
  assert.equal((await page.evaluate(() => window.playground.getState())).optimizer, 'adam');
  assert.deepEqual(errors, []);
  await page.close();
});
