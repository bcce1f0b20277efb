// Lesson b2 (sigmoid and cross-entropy: dL/dz = ŷ − y) end to end in Chromium: its address and the
// homework's 2-4-1 sigmoid preset, the derivation ladder (nine lines, each ✓ against the engine, the
// sigmoid's slope cancelled on screen), the readouts (ŷ = 0.64536, y = 1, dz2 = −0.35464 = ŷ − y, gradient
// check ≈ 1.5e-9 on the first training example at epoch 0), the prompts, the exercise on dz[1] and reset.
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

const answer = (page, text) => answerExercise(page, 'b2', text);

const marks = (page) =>
  page.$$eval('#lesson .b2-line', (l) =>
    l.map((x) => ({ id: x.dataset.line, check: x.querySelector('.b2-mark').dataset.check, hidden: x.hidden })),
  );

test('b2 opens from its address: the 2-4-1 sigmoid network, the readouts, the ladder ✓ line by line', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=b2`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await drawn(page);
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.lesson, 'b2');
  assert.deepEqual(state.layers, [4]);
  assert.deepEqual(state.act, ['sigmoid']);
  assert.equal(state.output, 'sigmoid');
  assert.equal(state.loss, 'bce');
  // The menu in course order: the bonus after every question.
  const ids = await page.$$eval('#ctl-lesson option', (o) => o.map((x) => x.value).filter(Boolean));
  assert.equal(ids.at(-1), 'b2', ids.join());
  assert.ok(ids.indexOf('q4') < ids.indexOf('q9'), ids.join());
  assert.equal(await page.locator('#lesson form.prediction').count(), 3);
  // Prediction first: the ladder, dz[2]'s readout and the exercise hold prompts 1 and 2's answers, so they
  // stay closed until the student commits (or asks to see them).
  assert.equal(await page.isVisible('#lesson .b2-ladder'), false);
  assert.equal((await readout(page, 'dz2')).visible, false);
  assert.equal(await page.isVisible('#lesson .lesson-exercise'), false);
  assert.doesNotMatch(await page.innerText('#lesson'), /dL\/dŷ\s*=|−0\.35464/);
  await page.getByRole('button', { name: 'show the ladder now' }).click();
  // lessons.md's numbers: the first training example at epoch 0.
  const yhat = await readout(page, 'yhat');
  const y = await readout(page, 'y');
  const dz2 = await readout(page, 'dz2');
  assert.equal(yhat.text, '0.64536');
  assert.equal(y.value, '1');
  assert.equal(dz2.text, '−0.35464');
  for (const r of [yhat, y, dz2, await readout(page, 'gradient-check')]) assert.equal(r.visible, true);
  // The claim: dz[2] is ŷ − y.
  assert.ok(Math.abs(Number(dz2.value) - (Number(yhat.value) - Number(y.value))) <= 1e-15);
  const check = Number((await readout(page, 'gradient-check')).value);
  assert.ok(check > 0 && check < 1e-8, `gradient check ${check}`);
  // Nine lines, every one ✓; the hidden layer's three wait for the exercise.
  const m = await marks(page);
  assert.deepEqual(
    m.map((x) => x.id),
    ['yhat', 'dyhat', 'sigma', 'dz2', 'dW2', 'db2', 'da1', 'dz1', 'dW1'],
  );
  assert.ok(
    m.every((x) => x.check === 'ok'),
    JSON.stringify(m),
  );
  assert.deepEqual(
    m.filter((x) => x.hidden).map((x) => x.id),
    ['da1', 'dz1', 'dW1'],
  );
  // The cancellation is on screen: the slope ŷ(1 − ŷ) struck out above and below.
  const tex = await page.$eval('#lesson .b2-line[data-line="dz2"] annotation', (a) => a.textContent);
  assert.match(tex, /\\cancel\{\\hat y\(1-\\hat y\)\}.*\\cancel\{\\hat y\(1-\\hat y\)\}/);
  assert.match(tex, /\\cancel\{0\.22887\}.*\\cancel\{0\.22887\}.*= \\hat y - y = −0\.35464/);
  assert.match(await page.textContent('#lesson .lesson-note'), /W\[2\]ᵀ dz\[2\]/);
  await screenshot(page, 'lesson-b2');
  await page.locator('#lesson').screenshot({ path: 'build/screenshots/lesson-b2-box.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await drawn(page);
  await screenshot(page, 'lesson-b2-phone');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the exercise: dz[1] of one neuron, right from the numbers shown; a for a(1 − a) and a missing factor are named', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=b2`);
  await drawn(page);
  await page.getByRole('button', { name: 'show the ladder now' }).click();
  const tex = await page.$eval('#lesson .exercise-formula annotation', (a) => a.textContent);
  const nums = [...tex.matchAll(/&= (−?[\d.]+(?:e[−-]?\d+)?)/g)].map((x) => Number(x[1].replace('−', '-')));
  assert.equal(nums.length, 3, tex);
  const [w, dz2, a] = nums;
  const truth = w * dz2 * a * (1 - a);
  const noSlope = await answer(page, (w * dz2).toPrecision(4));
  assert.equal(noSlope.verdict, 'wrong');
  assert.match(noSlope.text, /You left out the factor σ′\(z\[1\]1\) = a\(1 − a\)/);
  const aNotSlope = await answer(page, (w * dz2 * a).toPrecision(4));
  assert.equal(aNotSlope.verdict, 'wrong');
  assert.match(aNotSlope.text, /instead of the slope a\(1 − a\)/);
  const right = await answer(page, truth.toPrecision(4));
  assert.equal(right.verdict, 'right', right.text);
  // The hidden layer's lines open, each ✓ against the engine.
  const m = await marks(page);
  assert.ok(
    m.every((x) => !x.hidden && x.check === 'ok'),
    JSON.stringify(m),
  );
  // Another example, after training: still every line ✓ and dz2 = ŷ − y.
  await page.click('text=Next example');
  for (let k = 0; k < 2; k++) await page.evaluate(() => window.playground.stepEpoch());
  await drawn(page);
  const yhat = Number((await readout(page, 'yhat')).value);
  const y = Number((await readout(page, 'y')).value);
  assert.notEqual(yhat, 0.6453606712528944);
  assert.ok(Math.abs(Number((await readout(page, 'dz2')).value) - (yhat - y)) <= 1e-15);
  assert.ok((await marks(page)).every((x) => x.check === 'ok'));
  assert.match(await page.textContent('#lesson .b2-which'), /training example 2 of/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('prompts beside the engine, reset lesson, and nothing breaks with another network', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=b2`);
  await drawn(page);
  const dz2 = await predict(page, 'dz2', -0.355);
  assert.equal(dz2.verdict, 'right', dz2.text);
  assert.match(dz2.text, /the engine shows −0\.35464 = ŷ − y = 0\.64536 − 1/);
  assert.equal(await page.isVisible('#lesson .b2-ladder'), false, 'one prompt committed: still closed');
  const dyhat = await predict(page, 'dyhat', { choice: 2 });
  assert.equal(dyhat.verdict, 'wrong');
  assert.equal(await page.isVisible('#lesson .b2-ladder'), true, 'both committed: the ladder opens');
  assert.equal(await page.isVisible('#lesson .b2-gate'), false);
  assert.match(dyhat.text, /\|dL\/dŷ\| = 1\.5495, \|dL\/dz\[2\]\| = 0\.35464/);
  const batch = await predict(page, 'batch', { choice: 1 });
  assert.equal(batch.verdict, 'right', batch.text);
  assert.match(batch.text, /the mean: .*\(×0\.1\)/);
  // The ladder is drawn again for its example after the batch.
  assert.equal((await readout(page, 'yhat')).text, '0.64536');
  assert.ok((await marks(page)).every((x) => x.check === 'ok'));
  // A network the ladder is not written for: a message, no error; reset brings the homework's back.
  await page.evaluate(() => window.playground.setState({ layers: [3, 3], act: ['relu', 'relu'] }));
  await drawn(page);
  assert.match(await page.textContent('#lesson .b2-status'), /written for one hidden layer/);
  await page.click('.lesson-reset');
  await drawn(page);
  const state = await page.evaluate(() => window.playground.getState());
  assert.deepEqual(state.layers, [4]);
  assert.equal(await page.evaluate(() => window.playground.epoch()), 0);
  assert.equal((await readout(page, 'dz2')).text, '−0.35464');
  // Embedded, the lesson works the same.
  const embedded = await openPage(browser.context, `${browser.url}#lesson=b2&embed=1`);
  await drawn(embedded.page);
  assert.equal((await readout(embedded.page, 'dz2')).visible, false, 'prediction first there too');
  await embedded.page.getByRole('button', { name: 'show the ladder now' }).click();
  assert.equal((await readout(embedded.page, 'dz2')).visible, true);
  assert.notEqual((await readout(embedded.page, 'dz2')).value, '');
  assert.deepEqual([...errors, ...embedded.errors], []);
  await Promise.all([page.close(), embedded.page.close()]);
});
