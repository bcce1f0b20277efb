// Lesson q3 (backpropagation, and a broken derivative) end to end in Chromium: its address and SGD preset,
// the gradient check of the page's weights (≤ 1e-6 correct, above 1e-2 with σ' broken), the wiggle probe
// (ΔL/ε against dW), the graded exercise on one hidden neuron's dz (right, and σ' left out), the prediction
// prompts, the broken switch as a paired run with its label, its mark in the settings and the equation.
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

// One epoch of training on the page; the lesson's checks follow the new weights.
async function step(page) {
  const before = await page.$eval('output[data-readout="gradient-check"]', (o) => o.dataset.value);
  await page.evaluate(() => window.playground.stepEpoch());
  await page.waitForFunction(
    (b) => document.querySelector('output[data-readout="gradient-check"]').dataset.value !== b,
    before,
  );
}

const answer = (page, text) => answerExercise(page, 'q3', text);

test('q3 opens with the SGD preset; the gradient check of its weights is below 1e-6, before and after training', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q3`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await drawn(page);
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.lesson, 'q3');
  assert.equal(state.optimizer, 'sgd');
  assert.equal(state.lr, 0.1);
  assert.equal(state.broken, false);
  assert.deepEqual(state.layers, [8, 8]);
  assert.match(await page.textContent('#lesson h2'), /^q3: Backpropagation/);
  for (const name of ['broken', 'gradient-check', 'loss']) assert.equal((await readout(page, name)).visible, true);
  assert.equal((await readout(page, 'broken')).value, 'correct');
  // The switch is shown in the settings while the lesson is open, unticked.
  assert.equal(await page.getByLabel('Broken σ′ (1 instead of σ′ in the backward pass)').isChecked(), false);
  const first = Number((await readout(page, 'gradient-check')).value);
  assert.ok(first > 0 && first <= 1e-6, `gradient check at the start ${first}`);
  // Epoch counts too: the check follows the weights of the page.
  await step(page);
  const check = Number((await readout(page, 'gradient-check')).value);
  assert.ok(check > 0 && check <= 1e-6, `gradient check ${check}`);
  await screenshot(page, 'lesson-q3');
  await page.setViewportSize({ width: 390, height: 844 });
  await drawn(page);
  await screenshot(page, 'lesson-q3-phone');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the exercise chains one hidden dz: right from the numbers shown, σ′ left out is named', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q3`);
  await drawn(page);
  await step(page);
  const v = Object.fromEntries(
    await page.$$eval('#lesson .exercise-value', (o) => o.map((x) => [x.dataset.name, Number(x.dataset.value)])),
  );
  assert.deepEqual(Object.keys(v).sort(), ['a', 'dzL', 'w']);
  const dz = v.w * v.dzL * (1 - v.a * v.a);
  const left = await answer(page, (v.w * v.dzL).toPrecision(4));
  assert.equal(left.verdict, 'wrong');
  assert.match(left.text, /^Not yet\. You left out the factor σ′\(z\) = [-\d.]+\.$/);
  const slip = await answer(page, (v.w * v.dzL * (1 - v.a)).toPrecision(4));
  assert.match(slip.text, /1 − a², not 1 − a/);
  const right = await answer(page, dz.toPrecision(4));
  assert.equal(right.verdict, 'right', right.text);
  // The claim: the hand-chained dz is the engine's dZ of the step (the equation panel's backward phase).
  const shown = Number(right.text.match(/dz = ([−-]?[\d.]*\d)/)[1].replace('−', '-'));
  assert.ok(Math.abs(shown - dz) <= 5e-3 * Math.abs(dz) + 1e-6, `${shown} vs ${dz}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the wiggle probe: ΔL/ε agrees with backprop’s dW, and differs once σ′ is broken', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q3`);
  await drawn(page);
  await step(page);
  await page.selectOption('select[aria-label="probe layer"]', '2');
  await page.selectOption('select[aria-label="probe row"]', '3');
  await page.selectOption('select[aria-label="probe column"]', '5');
  await page.click('text=Wiggle it');
  const probe = page.locator('output[data-readout="wiggle"]');
  assert.equal(await probe.getAttribute('data-verdict'), 'agree');
  assert.match(await probe.textContent(), /W\[2\] row 3, column 5 .* they agree\.$/);
  await page.fill('input[aria-label="ε"]', 'big');
  await page.click('text=Wiggle it');
  assert.match(await probe.textContent(), /ε must be a number in \(0, 0\.1\]/);
  // Broken: the page starts a paired run; its step's check and the probe on layer 1 disagree.
  await page.locator('.lesson-switch input').check();
  await drawn(page);
  assert.equal((await page.evaluate(() => window.playground.getState())).broken, true);
  assert.match(await page.evaluate(() => location.hash), /(^#|&)broken=1(&|$)/);
  await step(page);
  const broken = Number((await readout(page, 'gradient-check')).value);
  assert.ok(broken > 1e-2, `broken gradient check ${broken}`);
  assert.equal((await readout(page, 'broken')).value, 'broken');
  await page.fill('input[aria-label="ε"]', '1e-4');
  await page.selectOption('select[aria-label="probe layer"]', '1');
  await page.click('text=Wiggle it');
  assert.equal(await probe.getAttribute('data-verdict'), 'differ');
  assert.match(await probe.textContent(), /the backward pass is broken/);
  // The equation panel's backward phase of a hidden layer says the 1 is not σ′.
  for (let k = 0; k < 6; k++) await page.evaluate(() => window.playground.stepPhase());
  await drawn(page);
  const phase = await page.evaluate(() => window.playground.phase());
  assert.deepEqual([phase.kind, phase.layer], ['backward', 2]);
  assert.match(await page.$eval('#equation .math annotation', (a) => a.textContent), /broken: not/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('prompts: the check and the paired training beside the guesses; the paired run is labelled on the chart', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q3`);
  await drawn(page);
  const check = await predict(page, 'check', { choice: 2 });
  assert.equal(check.verdict, 'wrong');
  assert.match(check.text, /^You said above 0\.1; the engine shows \S+ ✗/);
  // lessons.md: circle 8-8 tanh, SGD 0.1, 200 epochs: 0.013 correct vs 0.690 broken.
  const trained = await predict(page, 'broken', { choice: 2 });
  assert.equal(trained.verdict, 'right', trained.text);
  assert.match(trained.text, /the engine shows 0\.69 broken, against 0\.013 correct ✓/);
  // Its networks and trainers are deleted; its copy of the data set stays while it is open.
  assert.deepEqual(await page.evaluate(() => window.playground.lesson()), { id: 'q3', objects: 1 });
  // On the page: a few epochs correct, then broken: the correct run is kept and labelled by its own σ′.
  for (let k = 0; k < 3; k++) await page.evaluate(() => window.playground.stepEpoch());
  await page.locator('.lesson-switch input').check();
  for (let k = 0; k < 3; k++) await page.evaluate(() => window.playground.stepEpoch());
  await drawn(page);
  const labels = await page.$$eval('#loss-chart .u-legend .u-series .u-label', (ls) => ls.map((l) => l.textContent));
  assert.ok(
    labels.some((t) => /σ′ correct/.test(t)),
    labels.join(' | '),
  );
  // Reset lesson puts σ′ back.
  await page.click('.lesson-reset');
  await drawn(page);
  assert.equal((await page.evaluate(() => window.playground.getState())).broken, false);
  assert.deepEqual(errors, []);
  await page.close();
});

test('outside the lesson the switch shows only while on, and the address keeps it', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#broken=1`);
  await drawn(page);
  const box = page.getByLabel('Broken σ′ (1 instead of σ′ in the backward pass)');
  assert.equal(await box.isVisible(), true);
  assert.equal(await box.isChecked(), true);
  await box.uncheck();
  await drawn(page);
  assert.equal((await page.evaluate(() => window.playground.getState())).broken, false);
  assert.equal(await box.isVisible(), false);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /broken/);
  assert.deepEqual(errors, []);
  await page.close();
});
