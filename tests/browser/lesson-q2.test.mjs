// Lesson q2 (forward propagation, layer by layer) end to end in Chromium: its address and preset, the
// prediction prompts (no reveal before a guess, the guess beside the engine's number), the graded exercise
// on one neuron's z for a training example no view shows (right from the numbers shown, wrong with the bias
// left out or with a typed for z), the claim that the student's z is the engine's z[1], reset and embedding.
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

const answer = (page, text) => answerExercise(page, 'q2', text);

// The exercise's numbers as shown: [W1, a1, W2, a2, …, b].
const shown = (page) => page.$$eval('#lesson .exercise-value', (o) => o.map((x) => Number(x.dataset.value)));
const zOf = (v) => {
  let z = v.at(-1);
  for (let k = 0; k + 1 < v.length - 1; k += 2) z += v[k] * v[k + 1];
  return z;
};

// The reveals of q2 are immediate: Playwright's default wait.
const Q2 = { timeout: 30000 };

// Five epochs of training, then a task whose bias is not 0.
async function start(page) {
  const before = await page.evaluate(() => window.playground.epoch());
  await page.click('text=Train 5 epochs, then a new task');
  await page.waitForFunction((e) => window.playground.epoch() >= e + 5, before);
  await page.waitForFunction(() => {
    const q = document.querySelector('#lesson .exercise-question')?.textContent ?? '';
    return q.includes('Training example') && !q.includes('still 0');
  });
  await drawn(page);
}

test('q2 opens from its address with the 2-8-8-1 tanh network, its prompts and readouts, no console error', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q2`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await drawn(page);
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.lesson, 'q2');
  assert.equal(state.dataset, 'circle');
  assert.deepEqual(state.layers, [8, 8]);
  assert.deepEqual(state.act, ['tanh', 'tanh']);
  assert.match(await page.textContent('#lesson h2'), /^q2: Forward propagation, layer by layer/);
  assert.ok(await page.$eval('#ctl-lesson', (s) => [...s.options].some((o) => o.value === 'q2')));
  assert.equal(await page.locator('#lesson form.prediction').count(), 3);
  assert.equal((await readout(page, 'z')).visible, true);
  assert.equal((await readout(page, 'a')).visible, true);
  // A task from the start: at epoch 0 its bias is still 0, and the question says so.
  assert.match(await page.textContent('#lesson .exercise-question'), /Its bias is still 0/);
  assert.match(await page.textContent('#lesson .lesson-note'), /softmax/);
  await start(page);
  await screenshot(page, 'lesson-q2');
  await page.setViewportSize({ width: 390, height: 844 });
  await drawn(page);
  await screenshot(page, 'lesson-q2-phone');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the exercise: z from the numbers shown is right and is the engine’s z[1]; slips are named', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q2`);
  await drawn(page);
  await start(page);
  assert.ok((await page.evaluate(() => window.playground.epoch())) >= 5);
  assert.match(await page.textContent('#lesson .exercise-question'), /neuron \d+ of layer 1/);
  assert.equal((await readout(page, 'z')).value, '', 'the engine’s z is hidden until an answer');
  const values = await shown(page);
  assert.equal(values.length, 5, 'two weights, two inputs and the bias');
  const bias = values.at(-1);
  assert.notEqual(bias, 0, 'after 5 epochs the bias has moved from 0');
  const z = zOf(values);
  const withoutBias = await answer(page, (z - bias).toPrecision(4));
  assert.equal(withoutBias.verdict, 'wrong');
  assert.match(withoutBias.text, /You left out the bias b\[1\]\d+ = /);
  const tanh = await answer(page, Math.tanh(z).toPrecision(4));
  if (Math.abs(Math.tanh(z) - z) > 0.01 * Math.abs(z))
    assert.match(tanh.text, /That is a = tanh\(z\)/, 'typing a for z is named');
  assert.equal((await answer(page, 'z')).verdict, 'unreadable');
  const right = await answer(page, z.toPrecision(4));
  assert.equal(right.verdict, 'right', right.text);
  // The claim: the student's z is the engine's z[1] of this step, and a is its tanh.
  const engineZ = Number((await readout(page, 'z')).value);
  const engineA = Number((await readout(page, 'a')).value);
  assert.ok(Math.abs(engineZ - z) < 2e-3, `${engineZ} vs ${z}`);
  assert.ok(Math.abs(engineA - Math.tanh(engineZ)) < 1e-12);
  // The task is frozen: a phase of the page (its weights move on) leaves it as it was.
  await page.evaluate(() => window.playground.stepPhase());
  await drawn(page);
  assert.equal((await readout(page, 'z')).value, String(engineZ));
  assert.deepEqual(await shown(page), values);
  // "New task": the next neuron and example.
  await page.getByRole('button', { name: 'New task', exact: true }).click();
  await drawn(page);
  assert.equal((await readout(page, 'z')).value, '');
  assert.notDeepEqual(await shown(page), values);
  assert.deepEqual(errors, []);
  await page.close();
});

test('prediction prompts: a guess first, then the engine’s answer beside it, and again', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q2`);
  await drawn(page);
  assert.deepEqual(
    await predict(page, 'size', null, Q2),
    {
      verdict: 'missing',
      text: 'Make your guess first: the point is to commit before you see.',
    },
    { timeout: 30000 },
  );
  // The batch of 10: Z[2] is 8 × 10 (not on screen as a count: the equation writes 8 × m).
  assert.deepEqual(await predict(page, 'size', 8, Q2), {
    verdict: 'wrong',
    text: 'You said 8; the engine shows 80 (8 neurons × m = 10 examples) ✗. One column per example of the batch, one row per neuron: the equation panel writes it Z[2] of n₂ × m.',
  });
  const form = page.locator('form.prediction[data-prompt="size"]');
  assert.equal(await form.locator('input').isDisabled(), true, 'the guess is locked once shown');
  await form.getByRole('button', { name: 'Guess again' }).click();
  assert.equal(await form.locator('input').isDisabled(), false);
  assert.equal((await predict(page, 'size', 80, Q2)).verdict, 'right');
  // At epoch 0 every bias is 0: doubling W[1] doubles z[1] exactly, yet "always" is wrong (z = W a + b).
  const early = await predict(page, 'double', { choice: 0 }, Q2);
  assert.equal(early.verdict, 'wrong', early.text);
  assert.match(early.text, /×2, ×2, ×2, ×2/);
  assert.match(early.text, /every bias of layer 1 is still 0/);
  await page.locator('form.prediction[data-prompt="double"]').getByRole('button', { name: 'Guess again' }).click();
  assert.equal((await predict(page, 'double', { choice: 1 }, Q2)).verdict, 'right');
  await start(page);
  const squash = await predict(page, 'squash', { choice: 0 }, Q2);
  assert.equal(squash.verdict, 'right', squash.text);
  assert.match(squash.text, /^You said smaller; the engine shows \|a\| < \|z\| for 8 of the 8 neurons of layer 1/);
  // After 5 epochs the biases are not 0: doubling W[1] does not double z[1].
  await page.locator('form.prediction[data-prompt="double"]').getByRole('button', { name: 'Guess again' }).click();
  const doubled = await predict(page, 'double', { choice: 1 }, Q2);
  assert.equal(doubled.verdict, 'right', doubled.text);
  assert.match(doubled.text, /z\[1\] of training example \d+ changes by ×/);
  assert.doesNotMatch(doubled.text, /by ×2, ×2, ×2, ×2/);
  // The lesson holds one object of its own: its copy of the page's data set.
  assert.deepEqual(await page.evaluate(() => window.playground.lesson()), { id: 'q2', objects: 1 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('reset lesson puts back the preset and a fresh run; the lesson works embedded', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q2`);
  await drawn(page);
  await start(page);
  await page.evaluate(() => window.playground.setState({ layers: [3], act: ['relu'] }));
  await drawn(page);
  await page.click('.lesson-reset');
  await drawn(page);
  const state = await page.evaluate(() => window.playground.getState());
  assert.deepEqual(state.layers, [8, 8]);
  assert.deepEqual(state.act, ['tanh', 'tanh']);
  assert.equal(await page.evaluate(() => window.playground.epoch()), 0);
  assert.match(await page.textContent('#lesson .exercise-question'), /Its bias is still 0/);
  const embedded = await openPage(browser.context, `${browser.url}#lesson=q2&embed=1`);
  await drawn(embedded.page);
  assert.equal(await embedded.page.isVisible('#lesson form.prediction[data-prompt="size"]'), true);
  assert.deepEqual([...errors, ...embedded.errors], []);
  await Promise.all([page.close(), embedded.page.close()]);
});
