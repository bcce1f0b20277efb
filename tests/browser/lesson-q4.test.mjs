// Lesson q4 (without activations, one linear map) end to end in Chromium: its address and the all-linear
// 2-8-8-1 preset, σ and σ' of every activation, the collapse card (W* of shape 1 × 2, the network's output
// equal to σ(W* x + b*) to 1e-9 over the validation points, before and after training, and not once the
// hidden layers are tanh), the paired runs (linear ≈ 0.40, tanh 1.00, linear on x1², x2² 1.00), the
// prediction prompts, the graded exercise on the logit, and reset lesson.
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

const answer = (page, text) => answerExercise(page, 'q4', text);

test('q4 opens from its address: all-linear preset, σ and σ′ of every activation, the collapse card', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q4`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await drawn(page);
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.lesson, 'q4');
  assert.equal(state.dataset, 'circle');
  assert.deepEqual(state.layers, [8, 8]);
  assert.deepEqual(state.act, ['linear', 'linear']);
  assert.equal(state.output, 'sigmoid');
  assert.match(await page.textContent('#lesson h2'), /^q4: Without activations, one linear map/);
  // The menu in course order: q4 after q2 and before q5 (other lessons may sit between them).
  const ids = await page.$$eval('#ctl-lesson option', (o) => o.map((x) => x.value).filter(Boolean));
  assert.ok(ids.indexOf('q2') < ids.indexOf('q4') && ids.indexOf('q4') < ids.indexOf('q5'), ids.join());
  assert.equal(await page.locator('#lesson form.prediction').count(), 3);
  // Five activations, each with its σ curve and σ′ band drawn (no NaN in a path).
  assert.deepEqual(await page.$$eval('#lesson .q4-activation', (f) => f.map((x) => x.dataset.activation)), [
    'linear',
    'relu',
    'leaky_relu',
    'sigmoid',
    'tanh',
  ]);
  const paths = await page.$$eval(
    '#lesson .q4-activation path.lesson-total, #lesson .q4-activation path.lesson-series',
    (p) => p.map((x) => x.getAttribute('d') ?? ''),
  );
  assert.equal(paths.length, 10);
  for (const d of paths) assert.ok(d.length > 20 && !d.includes('NaN'), d.slice(0, 40));
  // The collapse card at epoch 0: W* is 1 × 2, and the network is that one map.
  assert.deepEqual(await readout(page, 'w-star-shape'), { text: '1 × 2 (n_L × n_0)', value: '1x2', visible: true });
  const diff = await readout(page, 'collapse-max-diff');
  assert.equal(diff.visible, true);
  assert.ok(Number(diff.value) <= 1e-9, diff.value);
  assert.ok(Number((await readout(page, 'collapse-logit-diff')).value) <= 1e-9);
  assert.equal(await page.$eval('#lesson .lesson-matrix', (m) => m.dataset.shape), '1x2');
  assert.match(await page.textContent('#lesson .q4-status'), /Every hidden layer is linear/);
  assert.match(await page.textContent('#lesson .lesson-note'), /logistic regression/);
  assert.equal(await page.isVisible('#lesson .q4-example .katex'), true);
  await screenshot(page, 'lesson-q4');
  await page.locator('#lesson').screenshot({ path: 'build/screenshots/lesson-q4-box.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await drawn(page);
  await screenshot(page, 'lesson-q4-phone');
  await page.screenshot({ path: 'build/screenshots/lesson-q4-phone-view.png' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the claim: after training the collapsed map still equals the network to 1e-9; with tanh it does not', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q4`);
  await drawn(page);
  const before = (await readout(page, 'collapse-max-diff')).value;
  for (let k = 0; k < 5; k++) await page.evaluate(() => window.playground.stepEpoch());
  await drawn(page);
  const trained = await readout(page, 'collapse-max-diff');
  assert.notEqual(trained.value, '');
  assert.ok(Number(trained.value) <= 1e-9, trained.value);
  // W* moved with the weights.
  const cells = await page.$$eval('#lesson .lesson-matrix .matrix-cell', (c) => c.map((x) => x.textContent));
  assert.equal(cells.length, 3, 'W* 1 × 2 and b* 1 × 1');
  assert.ok(
    cells.every((t) => t !== '' && !t.includes('NaN')),
    cells.join(),
  );
  assert.ok(Number(before) <= 1e-9, `at epoch 0: ${before}`);
  await page.evaluate(() => window.playground.setState({ act: ['tanh', 'tanh'] }));
  await drawn(page);
  const tanh = await readout(page, 'collapse-max-diff');
  assert.ok(Number(tanh.value) > 1e-3, `a tanh network is not its linear copy: ${tanh.value}`);
  assert.match(await page.textContent('#lesson .q4-status'), /not all linear/);
  assert.match(await page.textContent('#lesson .exercise-question'), /needs an all-linear network/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('prompts: the three paired runs give 0.40, 1.00 and 1.00; W* holds 2 numbers', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q4`);
  await drawn(page);
  const shape = await predict(page, 'shape', 105);
  assert.equal(shape.verdict, 'wrong');
  assert.equal(
    shape.text.startsWith('You said 105; the engine shows 2 (W* is 1 × 2, outputs × inputs) ✗'),
    true,
    shape.text,
  );
  const acc = await predict(page, 'accuracy', { choice: 2 });
  assert.equal(acc.verdict, 'wrong', acc.text);
  assert.match(acc.text, /the engine shows 0\.\d\d \(tanh, same shape: 1\.00\)/);
  const linear = Number((await readout(page, 'accuracy-linear')).value);
  assert.ok(linear >= 0.3 && linear <= 0.5, `all linear: ${linear}`);
  // lessons.md's numbers for this preset: 0.40 all linear, 1.00 with tanh, 1.00 linear on x1², x2².
  assert.equal((await readout(page, 'accuracy-linear')).text, '0.40');
  assert.equal((await readout(page, 'accuracy-tanh')).text, '1.00');
  const squares = await predict(page, 'squares', { choice: 0 });
  assert.equal(squares.verdict, 'right', squares.text);
  assert.equal((await readout(page, 'accuracy-squares')).text, '1.00');
  // The page's own run is untouched, and the lesson's training objects are deleted.
  assert.equal(await page.evaluate(() => window.playground.epoch()), 0);
  const objects = await page.evaluate(() => window.playground.lesson().objects);
  assert.ok(objects <= 3, `the card's data set and two networks at most: ${objects}`);
  // A changed setting makes the runs stale: their readouts are cleared, not left beside the new settings.
  await page.evaluate(() => window.playground.setState({ lr: 0.03 }));
  await drawn(page);
  assert.equal((await readout(page, 'accuracy-linear')).value, '');
  assert.match(await page.textContent('#lesson .q4-runs .lesson-progress'), /train again/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the exercise: the logit from W*, b* is right and is the network’s z; slips are named; reset lesson', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q4`);
  await drawn(page);
  for (let k = 0; k < 3; k++) await page.evaluate(() => window.playground.stepEpoch());
  await drawn(page);
  // The formula's numbers: W*1,1, x1, W*1,2, x2, b*.
  const tex = await page.$eval('#lesson .exercise-formula annotation', (a) => a.textContent);
  const nums = [...tex.matchAll(/\(([−\d.e+-]+)\)/g)].map((m) => Number(m[1].replace('−', '-')));
  assert.equal(nums.length, 5, tex);
  const z = nums[0] * nums[1] + nums[2] * nums[3] + nums[4];
  const sigma = 1 / (1 + Math.exp(-z));
  const noBias = await answer(page, (z - nums[4]).toPrecision(4));
  if (Math.abs(nums[4]) > 0.01 * Math.abs(z)) {
    assert.equal(noBias.verdict, 'wrong');
    assert.match(noBias.text, /You left out the bias b\* = /);
  }
  const yhat = await answer(page, sigma.toPrecision(4));
  assert.equal(yhat.verdict, 'wrong');
  assert.match(yhat.text, /That is ŷ = σ\(z\)/);
  assert.equal((await readout(page, 'logit')).value, '', 'hidden until answered');
  const right = await answer(page, z.toPrecision(4));
  assert.equal(right.verdict, 'right', right.text);
  const engineZ = Number((await readout(page, 'logit')).value);
  assert.ok(Math.abs(engineZ - z) < 2e-3 * Math.max(1, Math.abs(z)), `${engineZ} vs ${z}`);
  // Reset lesson: the preset again, a fresh run.
  await page.evaluate(() => window.playground.setState({ act: ['relu', 'relu'], layers: [3, 3] }));
  await drawn(page);
  await page.click('.lesson-reset');
  await drawn(page);
  const state = await page.evaluate(() => window.playground.getState());
  assert.deepEqual(state.act, ['linear', 'linear']);
  assert.deepEqual(state.layers, [8, 8]);
  assert.equal(await page.evaluate(() => window.playground.epoch()), 0);
  assert.ok(Number((await readout(page, 'collapse-max-diff')).value) <= 1e-9);
  // Embedded, the lesson works the same.
  const embedded = await openPage(browser.context, `${browser.url}#lesson=q4&embed=1`);
  await drawn(embedded.page);
  assert.equal((await readout(embedded.page, 'collapse-max-diff')).visible, true);
  assert.notEqual((await readout(embedded.page, 'collapse-max-diff')).value, '');
  assert.deepEqual([...errors, ...embedded.errors], []);
  await Promise.all([page.close(), embedded.page.close()]);
});
