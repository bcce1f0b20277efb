// Lesson q5 (the shapes of a network) through the lesson door, end to end in Chromium: its address, menu
// entry and preset, the readouts with the engine's numbers, the graded exercise right and wrong, the shapes
// regenerated on + and −, the shape quiz and its switch in the URL, "reset lesson", and closing the lesson
// deleting the engine objects it made.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openPage, screenshot, drawn, readout, predict, answerExercise } from './helpers.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

const answer = (page, text) => answerExercise(page, 'q5', text);

test('q5 opens from its address with the 4-6-4-3 iris network, its readouts and no console error', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q5`);
  await drawn(page);
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.lesson, 'q5');
  assert.equal(state.dataset, 'iris');
  assert.deepEqual(state.layers, [6, 4]);
  assert.equal(state.output, 'softmax');
  assert.equal(state['q5.quiz'], true);
  assert.equal(await page.$eval('#ctl-lesson', (s) => s.value), 'q5');
  assert.ok(
    await page.$eval('#ctl-lesson', (s) => [...s.options].some((o) => o.value === 'q5' && /shapes/.test(o.text))),
  );
  assert.match(await page.textContent('#lesson h2'), /^q5: The shapes of a network/);
  assert.deepEqual(await readout(page, 'parameters'), { text: '73', value: '73', visible: true });
  assert.deepEqual(await readout(page, 'shapes'), {
    text: 'W[1] 6×4, b[1] 6×1 · W[2] 4×6, b[2] 4×1 · W[3] 3×4, b[3] 3×1',
    value: 'W1 6x4, b1 6x1, W2 4x6, b2 4x1, W3 3x4, b3 3x1',
    visible: true,
  });
  // The softmax outputs of one example add up to 1 (the honest note's evidence).
  assert.ok(Math.abs(Number((await readout(page, 'softmax-sum')).value) - 1) < 1e-12);
  // Every shape, batch shapes included (batch 10 of 75 training examples: m = 10).
  const tex = await page.$eval('#lesson .lesson-math annotation', (a) => a.textContent);
  for (const part of [
    'm = 10',
    'Z^{[1]}_{6\\times m}',
    'W^{[2]}_{4\\times 6}',
    'A^{[1]}_{6\\times m}',
    'W^{[3]}_{3\\times 4}',
    'dA^{[2]}_{4\\times m} = W^{[3]}{}^{\\top}_{4\\times 3}',
    '= 73\\ \\text{parameters}',
    '\\operatorname{softmax}',
  ]) {
    assert.ok(tex.includes(part), part);
  }
  assert.deepEqual(await page.$$eval('#lesson .lesson-matrix', (cards) => cards.map((c) => c.dataset.shape)), [
    '6x4',
    '4x6',
    '3x4',
  ]);
  await screenshot(page, 'lesson-q5');
  // Folded to its title line, and back.
  await page.click('.lesson-fold');
  assert.equal(await page.isVisible('output[data-readout="parameters"]'), false);
  assert.equal(await page.getAttribute('.lesson-fold', 'aria-expanded'), 'false');
  assert.equal(await page.isVisible('.lesson-reset'), true);
  await page.click('.lesson-fold');
  assert.equal(await page.isVisible('output[data-readout="parameters"]'), true);
  await page.setViewportSize({ width: 390, height: 844 });
  await drawn(page);
  await screenshot(page, 'lesson-q5-phone');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the exercise is graded against the engine: right, and wrong with the part left out', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q5`);
  await drawn(page);
  assert.match(await page.textContent('.lesson-exercise p'), /one more neuron in hidden layer 1 \(7 instead of 6\)/);
  // 4-7-4-3: 7·4 + 7 + 4·7 + 4 + 3·4 + 3 = 82.
  assert.deepEqual(await answer(page, '81'), {
    verdict: 'wrong',
    text: 'Not yet. You left out the bias of the new neuron = 1.',
  });
  assert.deepEqual(await answer(page, '78'), {
    verdict: 'wrong',
    text: 'Not yet. You left out its row of W[1] or its column of W[2] = 4.',
  });
  assert.deepEqual(await answer(page, '73'), {
    verdict: 'wrong',
    text: 'Not yet. That is the count of the network as it is now; the exercise changes layer 1.',
  });
  // A count no known slip explains gets the way to count, not a bare "no".
  assert.deepEqual(await answer(page, '90'), {
    verdict: 'wrong',
    text: 'Not yet. Too many. Count layer by layer: W[l] holds n_l × n_(l−1) weights and b[l] n_l biases; the change touches W[1], b[1] and W[2].',
  });
  assert.equal((await answer(page, 'eighty-two')).verdict, 'unreadable');
  assert.deepEqual(await answer(page, ' 82 '), { verdict: 'right', text: 'Right: 82 parameters.' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('+ and − regenerate every shape; the quiz asks first, and its switch lives in the URL', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q5`);
  await drawn(page);
  // The settings' + on layer 1: 4-7-4-3.
  await page.click('button[aria-label="Add a neuron to layer 1"]');
  await drawn(page);
  assert.equal((await readout(page, 'parameters')).value, '82');
  assert.equal((await readout(page, 'shapes')).value, 'W1 7x4, b1 7x1, W2 4x7, b2 4x1, W3 3x4, b3 3x1');
  assert.match(await page.textContent('.lesson-exercise p'), /\(8 instead of 7\)/);
  // The quiz's + on layer 2 asks for W[2] and W[3] first, then applies and compares: 4-7-5-3.
  await page.click('button[aria-label="Quiz: add a neuron to layer 2"]');
  assert.equal(await page.isVisible('.quiz-ask'), true);
  assert.equal((await readout(page, 'parameters')).value, '82', 'nothing changes before the prediction');
  await page.fill('input[aria-label="rows of W[2]"]', '5');
  await page.fill('input[aria-label="columns of W[2]"]', '7');
  await page.fill('input[aria-label="rows of W[3]"]', '5');
  await page.fill('input[aria-label="columns of W[3]"]', '3');
  await page.click('.quiz-ask button[type="submit"]');
  await drawn(page);
  assert.equal(
    await page.textContent('.quiz-result'),
    'W[2]: you said 5×7, the engine has 5×7 ✓ · W[3]: you said 5×3, the engine has 3×5 ✗',
  );
  assert.deepEqual((await page.evaluate(() => window.playground.getState())).layers, [7, 5]);
  assert.equal((await readout(page, 'parameters')).value, String(7 * 4 + 7 + 5 * 7 + 5 + 3 * 5 + 3));
  // The settings' − on layer 1: 4-6-5-3.
  await page.click('button[aria-label="Remove a neuron from layer 1"]');
  await drawn(page);
  assert.equal((await readout(page, 'parameters')).value, String(6 * 4 + 6 + 5 * 6 + 5 + 3 * 5 + 3));
  // The quiz switch off (a row of the state table, so in the address): + applies at once.
  await page.evaluate(() => window.playground.setState({ 'q5.quiz': false }));
  assert.match(await page.evaluate(() => location.hash), /(^#|&)lesson=q5(&|$)/);
  assert.match(await page.evaluate(() => location.hash), /&q5\.quiz=0(&|$)/);
  await page.click('button[aria-label="Quiz: remove a neuron from layer 2"]');
  await drawn(page);
  assert.deepEqual((await page.evaluate(() => window.playground.getState())).layers, [6, 4]);
  assert.equal((await readout(page, 'parameters')).value, '73');
  assert.equal(await page.isVisible('.quiz-ask'), false);
  // The switch from the address: a bad value falls back with a notice.
  const fresh = await openPage(browser.context, `${browser.url}#lesson=q5&q5.quiz=0&layers=3`);
  const s = await fresh.page.evaluate(() => window.playground.getState());
  assert.equal(s['q5.quiz'], false);
  assert.deepEqual(s.layers, [3], 'a key given beside the lesson wins over its preset');
  assert.equal(s.dataset, 'iris');
  const bad = await openPage(browser.context, `${browser.url}#lesson=q5&q5.quiz=maybe`);
  assert.equal((await bad.page.evaluate(() => window.playground.getState()))['q5.quiz'], true);
  assert.ok((await bad.page.evaluate(() => window.playground.notices())).some((n) => n.includes('(q5.quiz)')));
  assert.deepEqual([...errors, ...fresh.errors, ...bad.errors], []);
  await Promise.all([page.close(), fresh.page.close(), bad.page.close()]);
});

test('reset lesson puts back its preset, its switches and a fresh run', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q5`);
  await drawn(page);
  await page.evaluate(() =>
    window.playground.setState({ layers: [9, 2, 5], act: ['tanh'], 'q5.quiz': false, lr: 0.05 }),
  );
  await page.evaluate(() => window.playground.stepEpoch());
  await page.fill('#q5-answer', '1');
  assert.equal((await readout(page, 'parameters')).value, String(9 * 4 + 9 + 2 * 9 + 2 + 5 * 2 + 5 + 3 * 5 + 3));
  await page.click('.lesson-reset');
  await drawn(page);
  const state = await page.evaluate(() => window.playground.getState());
  assert.deepEqual(state.layers, [6, 4]);
  assert.deepEqual(state.act, ['relu', 'relu']);
  assert.equal(state['q5.quiz'], true);
  assert.equal(state.lr, 0.05, 'settings outside the preset stay');
  assert.equal(await page.evaluate(() => window.playground.epoch()), 0);
  assert.equal((await readout(page, 'parameters')).value, '73');
  assert.equal(await page.inputValue('#q5-answer'), '');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /q5\.quiz/);
  assert.deepEqual(await page.evaluate(() => window.playground.lesson()), { id: 'q5', objects: 1 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('closing the lesson deletes the engine objects it made, and reopening leaks nothing', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q5`);
  await drawn(page);
  const lesson = () => page.evaluate(() => window.playground.lesson());
  const memory = () => page.evaluate(() => window.playground.memory());
  assert.deepEqual(await lesson(), { id: 'q5', objects: 1 });
  const open = await memory();
  await page.selectOption('#ctl-lesson', '');
  await drawn(page);
  assert.deepEqual(await lesson(), { id: '', objects: 0 });
  assert.equal(await page.isHidden('#lesson'), true);
  const closed = await memory();
  // The network's C++ object is gone (malloc holds less); no Embind value handle is left behind.
  assert.ok(closed.usedBytes < open.usedBytes, `${closed.usedBytes} < ${open.usedBytes}`);
  assert.equal(closed.handles, open.handles);
  for (let k = 0; k < 3; k++) {
    await page.selectOption('#ctl-lesson', 'q5');
    await drawn(page);
    assert.deepEqual(await lesson(), { id: 'q5', objects: 1 });
    assert.deepEqual(await memory(), open);
    await page.selectOption('#ctl-lesson', '');
    await drawn(page);
    assert.deepEqual(await memory(), closed);
  }
  // Each architecture change replaces the exercise's network: the lesson never holds more than one.
  await page.selectOption('#ctl-lesson', 'q5');
  for (const label of ['Add a neuron to layer 1', 'Add a neuron to layer 2', 'Remove a neuron from layer 1']) {
    await page.click(`button[aria-label="${label}"]`);
    await drawn(page);
    assert.deepEqual(await lesson(), { id: 'q5', objects: 1 }, label);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the predictions come first and reveal the engine’s shapes and count beside the guess', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q5`);
  await drawn(page);
  assert.equal(await page.locator('#lesson form.prediction').count(), 3);
  for (const id of ['add', 'batch', 'double']) assert.ok(await page.isVisible(`form.prediction[data-prompt="${id}"]`));
  // No guess: nothing is revealed and nothing changes.
  assert.deepEqual(await predict(page, 'double', null), {
    verdict: 'missing',
    text: 'Make your guess first: the point is to commit before you see.',
  });
  // 4-6-4-3 has 73 parameters, 4-12-8-3 (the lesson's own network) 191: more than twice.
  const double = await predict(page, 'double', { choice: 1 });
  assert.equal(double.verdict, 'wrong');
  assert.match(
    double.text,
    /^You said about twice; the engine shows 4-6-4-3: 73, 4-12-8-3: 191 parameters \(×2\.62\) ✗\. /,
  );
  assert.equal(await page.evaluate(() => window.playground.lesson().objects), 1, 'its own network is deleted');
  // One more neuron in layer 1: W[2] becomes 4×7 = 28 numbers, and the page runs 4-7-4-3.
  assert.deepEqual(await predict(page, 'add', 28), {
    verdict: 'right',
    text: 'You said 28; the engine shows W[2] is 4×7 = 28 numbers ✓. The new neuron has a row of W[1] (its 4 incoming weights) and a column of W[2] (its 4 outgoing ones).',
  });
  await drawn(page);
  assert.deepEqual((await page.evaluate(() => window.playground.getState())).layers, [7, 4]);
  assert.equal((await readout(page, 'parameters')).value, '82');
  // The batch size: W[1] keeps its shape, Z[1] follows m (the engine's activations of 25 examples).
  const batch = await predict(page, 'batch', { choice: 0 });
  assert.equal(batch.verdict, 'wrong');
  assert.match(
    batch.text,
    /^You said W and b; the engine shows with m = 25: W\[1\] is still 7×4, Z\[1\] and A\[1\] are 7×25 ✗\./,
  );
  assert.equal((await page.evaluate(() => window.playground.getState())).batch, 25);
  await page.locator('form.prediction[data-prompt="batch"] button', { hasText: 'Guess again' }).click();
  assert.equal((await predict(page, 'batch', { choice: 1 })).verdict, 'right');
  assert.deepEqual(errors, []);
  await page.close();
});

test('at 1280×720 a checked answer’s verdict is brought into view, below the window’s edge or not', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q5`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await drawn(page);
  // The lesson column is taller than the window: put the answer field at the window's bottom edge, so that
  // the verdict under it starts below the edge.
  await page.$eval('#q5-answer', (input) => input.scrollIntoView({ block: 'end' }));
  await page.fill('#q5-answer', '1');
  const before = await page.$eval('.lesson-exercise .verdict', (v) => v.getBoundingClientRect().top);
  assert.ok(before >= 700, `the verdict starts near or below the edge (${before} px)`);
  await page.click('.lesson-exercise button[type="submit"]');
  await drawn(page);
  const r = await page.$eval('.lesson-exercise .verdict', (v) => {
    const b = v.getBoundingClientRect();
    return { top: b.top, bottom: b.bottom, text: v.textContent };
  });
  assert.match(r.text, /^Not yet\./);
  assert.ok(
    r.top >= 0 && r.bottom <= 721, // (a fraction of a pixel: sub-pixel layout)
    `the verdict is in view: ${JSON.stringify(r)}`,
  );
  assert.deepEqual(errors, []);
  await page.close();
});
