// Lesson q8 (dropout) end to end in Chromium: its address and preset, the masks of an animated step in the
// diagram (dropped units marked, d and 1/(1 − p) in the equation), the claim that the share of hidden units
// kept is near 1 − p (the engine's masks counted, at p = 0.3 and 0.5), the paired runs p = 0 and p = 0.3
// with the same seed on the page's loss chart (the numbers lessons.md gives, the gaps and best epochs), and
// the exercise on one unit's a = d·σ(z)/(1 − p) graded against the engine's a, with its slips named.
// It survives other data sets and networks with no NaN.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  openBrowser,
  openPage,
  screenshot,
  screenshotDir,
  drawn,
  predict,
  readout,
  answerExercise,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

// A run's readout: data-readout="gap" or "best-validation" with data-run = the run's p.
const runReadout = (page, name, p) =>
  page.$eval(`output[data-readout="${name}"][data-run="${p}"]`, (o) => ({
    text: o.textContent,
    value: o.dataset.value,
    epoch: o.dataset.epoch,
  }));

const check = (page, text) => answerExercise(page, 'q8', text);

// The exercise's numbers as shown: {d, z, sigma, p}.
const shown = (page) =>
  page.$$eval('#lesson .exercise-value', (o) =>
    Object.fromEntries(o.map((x) => [x.dataset.name, Number(x.dataset.value)])),
  );

test('q8 opens from its address; an animated step shows its masks in the diagram and the equation', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q8`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await drawn(page);
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.lesson, 'q8');
  assert.equal(state.dataset, 'circle');
  assert.equal(state.noise, 0.2);
  assert.equal(state.n, 200);
  assert.deepEqual(state.layers, [16, 16, 16]);
  assert.deepEqual(state.act, ['relu', 'relu', 'relu']);
  assert.equal(state.dropout, 0.3);
  assert.match(await page.textContent('#lesson h2'), /^q8: Dropout/);
  const menu = await page.$$eval('#ctl-lesson option', (o) => o.map((x) => x.value));
  assert.ok(
    menu.indexOf('q8') === menu.indexOf('q6') + 1 && menu.indexOf('q9') === menu.indexOf('q8') + 1,
    menu.join(),
  );
  assert.equal(await page.locator('#lesson form.prediction').count(), 4);
  assert.match(await page.textContent('#lesson .lesson-note'), /each hidden\s+unit on its own/);
  for (const p of ['0', '0.3']) assert.equal((await runReadout(page, 'gap', p)).value, '', 'no pair trained yet');
  assert.deepEqual(await readout(page, 'kept-share'), {
    text: '— (no step with p = 0.3 seen yet: take one)',
    value: '',
    visible: true,
  });
  assert.equal(await page.locator('.network-svg .neuron.dropped').count(), 0, 'no step: nothing dropped');

  // The first phase of a step: the diagram marks the units the engine's mask dropped for the example shown.
  await page.click('button:has-text("Step through a training step")');
  await drawn(page);
  assert.deepEqual(await page.evaluate(() => window.playground.phase()), { kind: 'forward', layer: 1 });
  const step = await page.textContent('.q8-step');
  const kept = [...step.matchAll(/layer (\d) keeps (\d+) of 16/g)].map((m) => Number(m[2]));
  assert.equal(kept.length, 3, step);
  const dropped = 48 - kept.reduce((s, k) => s + k, 0);
  assert.ok(dropped > 0 && dropped < 48, step);
  assert.equal(await page.locator('.network-svg .neuron.dropped').count(), dropped);
  for (let l = 1; l <= 3; l++)
    assert.equal(
      await page.locator(`.network-svg g.layer[data-layer="${l}"] .neuron.dropped`).count(),
      16 - kept[l - 1],
      `layer ${l}`,
    );
  assert.equal(await page.locator('.network-svg g.layer[data-layer="4"] .neuron.dropped').count(), 0, 'output');
  // The equation of the forward phase writes the mask and the scaling.
  const tex = await page.textContent('#equation annotation');
  assert.ok(tex.includes('\\frac{d^{[1]} \\odot'), tex);
  assert.ok(tex.includes('{1-p}') && tex.includes('p = 0.3'), tex);
  // The counter: one step seen, its 3 layers × 16 units × 10 examples.
  const share = await readout(page, 'kept-share');
  assert.match(share.text, / of 480 units over 1 step; layer 1 /);
  assert.ok(Number(share.value) > 0.5 && Number(share.value) < 0.9, share.text);
  // The exercise took this step, frozen.
  assert.match(
    await page.textContent('#lesson .exercise-question'),
    /A training step, frozen: unit \d+ of hidden layer/,
  );

  await screenshot(page, 'lesson-q8');
  await page.locator('#lesson').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'lesson-q8-box.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await drawn(page);
  await screenshot(page, 'lesson-q8-phone');
  await page.locator('#lesson .q8-pair').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'lesson-q8-phone-box.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the claim: the share of hidden units kept is near 1 − p (the engine’s masks, p = 0.3 and 0.5)', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q8`);
  await drawn(page);
  // The guess p itself is the dropped share: wrong. The page takes 8 steps and counts their masks.
  const kept = await predict(page, 'kept', 0.3);
  assert.equal(kept.verdict, 'wrong');
  assert.match(kept.text, /^You said 0\.3; the engine shows 0\.693 \(2661 of 3840 hidden units kept in 8 steps\) ✗\./);
  // Not a fixed share: single steps kept from … to … of their units.
  const [lo, hi] = kept.text
    .match(/kept from ([\d.]+) to ([\d.]+)/)
    .slice(1)
    .map(Number);
  assert.ok(lo < 0.7 && hi > 0.7 && lo < hi, kept.text);
  const share = await readout(page, 'kept-share');
  assert.equal(Number(share.value), 2661 / 3840);
  assert.ok(Math.abs(Number(share.value) - 0.7) < 0.03, share.text);
  assert.match(
    share.text,
    /^0\.693 \(2661 of 3840 units over 8 steps; layer 1 0\.\d+, layer 2 0\.\d+, layer 3 0\.\d+; 1 − p = 0\.7\)$/,
  );
  // Each hidden layer is masked, each near 0.7.
  for (const m of share.text.matchAll(/layer \d (0\.\d+)/g)) assert.ok(Math.abs(Number(m[1]) - 0.7) < 0.05, share.text);

  // p = 0.5: a counter of its own, 40 steps of the page (Batch).
  await page.evaluate(() => window.playground.setState({ dropout: 0.5 }));
  for (let k = 0; k < 40; k++) await page.evaluate(() => window.playground.stepBatch());
  await drawn(page);
  const half = await readout(page, 'kept-share');
  assert.match(half.text, / of 19200 units over 40 steps; .*1 − p = 0\.5\)$/);
  assert.ok(Math.abs(Number(half.value) - 0.5) < 0.03, half.text);

  // p = 0: no mask, said so; the exercise asks for p above 0.
  await page.evaluate(() => window.playground.setState({ dropout: 0 }));
  await page.evaluate(() => window.playground.stepBatch());
  await drawn(page);
  assert.equal((await readout(page, 'kept-share')).value, '');
  assert.match((await readout(page, 'kept-share')).text, /p = 0: no unit is dropped/);
  await page.click('button:has-text("Take a step, then a new task")');
  assert.match(await page.textContent('#lesson .exercise-question'), /p is 0/);
  // Reset lesson: the preset's p again.
  await page.click('.lesson-reset');
  await drawn(page);
  assert.equal((await page.evaluate(() => window.playground.getState())).dropout, 0.3);
  assert.deepEqual(errors, []);
  await page.close();
});

test('paired runs, same seed: dropout ends with the lower validation loss and the smaller gap, but about the same best', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q8`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await drawn(page);
  // The kept-share prompt first: its steps stay within epoch 1, so the pair's chart holds the pair only.
  assert.equal((await predict(page, 'kept', 0.7)).verdict, 'right');
  // The pair takes a while to train: the prompt says how far it is while it waits.
  const sawProgress = page.waitForFunction(
    () =>
      /^Showing… training the p = 0 run: epoch \d+ of 300$/.test(
        document.querySelector('form.prediction[data-prompt="validation"] output')?.textContent ?? '',
      ),
    null,
    { timeout: 600000, polling: 50 },
  );
  const validation = await predict(page, 'validation', { choice: 0 }, { timeout: 600000 });
  await sawProgress;
  assert.equal(validation.verdict, 'wrong');
  assert.match(validation.text, /the engine shows p = 0 ends at 1\.42, p = 0\.3 at 0\.565 \(epoch 300\) ✗\./);
  assert.match(validation.text, /climbs after epoch 7\./);
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.dropout, 0.3);
  assert.equal(await page.evaluate(() => window.playground.epoch()), 300);
  // lessons.md: p = 0 train 0.175 / validation 1.42; p = 0.3 train 0.40 / validation 0.565.
  const gap0 = await runReadout(page, 'gap', '0');
  const gap3 = await runReadout(page, 'gap', '0.3');
  assert.equal(gap0.text, '1.42 − 0.175 = 1.25 (epoch 300)');
  assert.equal(gap3.text, '0.565 − 0.4 = 0.164 (epoch 300)');
  assert.ok(Math.abs(Number(gap0.value) - 1.2495) < 1e-3 && Math.abs(Number(gap3.value) - 0.1645) < 1e-3);
  // The honest note's evidence: the best epoch moves from 7 to 50, the best loss hardly moves.
  const best0 = await runReadout(page, 'best-validation', '0');
  const best3 = await runReadout(page, 'best-validation', '0.3');
  assert.deepEqual([best0.text, best0.epoch], ['0.527 at epoch 7', '7']);
  assert.deepEqual([best3.text, best3.epoch], ['0.519 at epoch 50', '50']);
  assert.ok(Math.abs(Number(best0.value) - Number(best3.value)) / Number(best0.value) < 0.1);
  // The page's loss chart keeps the p = 0 run, labelled by its own p, beside the current one.
  const labels = await page.$$eval('#loss-chart .u-legend .u-series .u-label', (l) => l.map((x) => x.textContent));
  assert.ok(labels.includes('earlier: Adam η = 0.01, dropout p = 0 — validation loss'), labels.join(' | '));
  assert.equal(labels.filter((l) => l.startsWith('earlier:')).length, 2, labels.join(' | '));
  // The other prompts reuse the pair (no more training).
  assert.deepEqual(await predict(page, 'train', { choice: 0 }), {
    verdict: 'right',
    text: 'You said higher; the engine shows training loss 0.4 with p = 0.3 against 0.175 without ✓. With units switched off at random the network cannot fit the training points as closely: the gap between training and validation shrinks from both sides.',
  });
  const best = await predict(page, 'best', { choice: 0 });
  assert.equal(best.verdict, 'wrong');
  assert.match(best.text, /p = 0: 0\.527 at epoch 7; p = 0\.3: 0\.519 at epoch 50 ✗/);
  assert.equal(await page.evaluate(() => window.playground.epoch()), 300);
  // The counter saw the p = 0.3 run's steps (one an epoch): near 1 − p.
  const share = Number((await readout(page, 'kept-share')).value);
  assert.ok(Math.abs(share - 0.7) < 0.02, String(share));
  await screenshot(page, 'lesson-q8-pair');
  // Another setting: the pair no longer applies.
  await page.evaluate(() => window.playground.setState({ lr: 0.03 }));
  await drawn(page);
  assert.equal((await runReadout(page, 'gap', '0')).value, '');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the exercise: a = d·σ(z)/(1 − p) of a frozen step is the engine’s a; slips are named', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q8`);
  await drawn(page);
  // The button takes a step (its phases) and then sets task n.
  const next = async (n) => {
    await page.click('button:has-text("Take a step, then a new task")');
    await page.waitForFunction(
      (k) => document.querySelector('#lesson .lesson-exercise')?.dataset.task === k,
      String(n),
    );
    await drawn(page);
  };
  assert.match(await page.textContent('#lesson .exercise-question'), /Take a training step with dropout first/);
  await next(1);
  const question = await page.textContent('#lesson .exercise-question');
  assert.match(
    question,
    /^A training step, frozen: unit \d+ of hidden layer \d, for example \d+ of the step's batch of 10/,
  );
  let v = await shown(page);
  assert.equal(v.d, 1, 'a kept unit first');
  assert.equal(v.p, 0.3);
  assert.ok(v.sigma > 0 && v.sigma === v.z, 'relu of a positive z');
  // Frozen: another phase of the page changes nothing in the task.
  await page.evaluate(() => window.playground.stepPhase());
  await drawn(page);
  assert.equal(await page.textContent('#lesson .exercise-question'), question);
  assert.deepEqual(await check(page, (v.sigma * (1 - v.p)).toPrecision(4)), {
    verdict: 'wrong',
    text: 'Not yet. Divide by 1 − p, do not multiply: the kept units are scaled up to make up for the dropped ones.',
  });
  assert.deepEqual(await readout(page, 'a'), { text: 'hidden until you answer', value: '', visible: true });
  assert.deepEqual(await check(page, v.sigma.toPrecision(4)), {
    verdict: 'wrong',
    text: 'Not yet. You left out the factor 1/(1 − p) = 1.429.',
  });
  assert.match((await check(page, (v.sigma / v.p).toPrecision(4))).text, /not 1\/p/);
  assert.equal((await check(page, 'a lot')).verdict, 'unreadable');
  const right = await check(page, ((v.d * v.sigma) / (1 - v.p)).toPrecision(4));
  assert.equal(right.verdict, 'right');
  // The engine's a is d·σ(z)/(1 − p) of the numbers shown (to their 4 figures).
  const a = Number((await readout(page, 'a')).value);
  assert.ok(Math.abs(a - v.sigma / 0.7) <= 1e-3 * a, `${a} vs ${v.sigma / 0.7}`);

  // The third task (the first came with the first step) is a dropped unit: its a is 0, whatever σ(z).
  await next(2);
  v = await shown(page);
  assert.equal(v.d, 0, 'a dropped unit');
  assert.ok(v.sigma > 0);
  assert.deepEqual(await check(page, (v.sigma / (1 - v.p)).toPrecision(4)), {
    verdict: 'wrong',
    text: 'Not yet. This unit was dropped in this step (d = 0): the mask sets its a to 0, whatever z is.',
  });
  assert.deepEqual(await check(page, '0'), {
    verdict: 'right',
    text: "Right: the engine's a of this step is 0 (dropped: d = 0).",
  });
  assert.deepEqual(errors, []);
  await page.close();
});

test('q8 survives other data and networks: regression, three classes, one leaky-ReLU layer; no NaN', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q8`);
  await drawn(page);
  const lessonText = () => page.textContent('#lesson');
  for (const partial of [
    { dataset: 'sin', noise: 0.1 },
    { dataset: 'iris', noise: 0, layers: [4], act: ['leaky_relu'] },
  ]) {
    await page.evaluate((p) => window.playground.setState(p), partial);
    await page.evaluate(() => window.playground.stepPhase());
    await drawn(page);
    await page.click('button:has-text("Take a step, then a new task")');
    await page.waitForFunction(() =>
      /frozen|active/.test(document.querySelector('#lesson .exercise-question').textContent),
    );
    await drawn(page);
    const text = await lessonText();
    assert.doesNotMatch(text, /NaN|undefined|Infinity/, partial.dataset);
    assert.equal(await page.locator('#lesson .katex-error').count(), 0, partial.dataset);
    const share = Number((await readout(page, 'kept-share')).value);
    assert.ok(share > 0.3 && share < 1, `${partial.dataset}: ${share}`);
    assert.match(
      await page.textContent('#lesson .exercise-question'),
      partial.layers ? /hidden layer 1,/ : /hidden layer [1-3],/,
    );
  }
  await page.click('.lesson-reset');
  await drawn(page);
  const state = await page.evaluate(() => window.playground.getState());
  assert.deepEqual([state.dataset, state.layers, state.dropout], ['circle', [16, 16, 16], 0.3]);
  assert.deepEqual(errors, []);
  await page.close();
});
