// Browser tests of the page (built dist/, served on localhost, Debian's Chromium): loading, the phase
// order of an animated step with its equations, training the default circle set, the URL round trip, a
// malformed address, divergence, the keyboard, the controls, and an axe accessibility scan. Screenshots go
// to build/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { openBrowser, openPage, screenshot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

const activeGroups = (page) =>
  page.$$eval('svg.network-svg g.layer[data-active]', (groups) =>
    groups.map((g) => ({ layer: Number(g.dataset.layer), active: g.dataset.active })),
  );

describe('the page', () => {
  test('loads with no console error, the network drawn and the API ready', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    const layers = await page.$$eval('svg.network-svg g.layer', (gs) => gs.map((g) => g.dataset.layer));
    assert.deepEqual(layers, ['0', '1', '2', '3']);
    const neurons = await page.$$eval('svg.network-svg g.neuron', (ns) => ns.length);
    assert.equal(neurons, 2 + 8 + 8 + 1);
    const state = await page.evaluate(() => window.playground.getState());
    assert.equal(state.dataset, 'circle');
    assert.deepEqual(state.layers, [8, 8]);
    assert.equal(await page.isHidden('#notices'), true);
    await screenshot(page, 'default');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a phase-by-phase step visits forward 1..L, the loss, backward L..1, then the update', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#layers=5,4,3&act=tanh,relu,tanh`);
    const L = 4;
    assert.deepEqual(await page.evaluate(() => window.playground.phase()), { kind: 'idle', layer: null });
    const seen = [];
    for (let k = 0; k < 2 * L + 2; k++) {
      await page.evaluate(() => window.playground.stepPhase());
      const phase = await page.evaluate(() => window.playground.phase());
      const active = await activeGroups(page);
      const title = await page.textContent('#equation h2');
      const tex = await page.textContent('#equation annotation');
      seen.push({ phase, active, title, tex });
      if (phase.kind === 'forward' && phase.layer === 2) await screenshot(page, 'phase-forward-2');
      if (phase.kind === 'backward' && phase.layer === 2) await screenshot(page, 'phase-backward-2');
      if (phase.kind === 'loss') await screenshot(page, 'phase-loss');
      if (phase.kind === 'update') await screenshot(page, 'phase-update');
    }
    const expected = [];
    for (let l = 1; l <= L; l++) expected.push({ kind: 'forward', layer: l });
    expected.push({ kind: 'loss', layer: L });
    for (let l = L; l >= 1; l--) expected.push({ kind: 'backward', layer: l });
    expected.push({ kind: 'update', layer: null });
    assert.deepEqual(
      seen.map((s) => s.phase),
      expected,
    );
    // Exactly the group of the phase's layer is marked, with the phase's direction.
    for (const { phase, active } of seen) {
      if (phase.kind === 'forward' || phase.kind === 'backward') {
        assert.deepEqual(active, [{ layer: phase.layer, active: phase.kind }]);
      } else if (phase.kind === 'loss') {
        assert.deepEqual(active, [{ layer: L, active: 'loss' }]); // the output group (issue 10 item 13)
      } else {
        assert.deepEqual(active, []);
      }
    }
    // The equation panel shows the phase's title and formula (KaTeX, its TeX source kept as an annotation),
    // with this architecture's shapes (sizes 2, 5, 4, 3, 1).
    const sizes = [2, 5, 4, 3, 1];
    for (const { phase, title, tex } of seen) {
      const l = phase.layer;
      if (phase.kind === 'forward') {
        assert.match(title, new RegExp(`^Forward, layer ${l}`));
        assert.ok(
          tex.includes(`z^{[${l}]}_{${sizes[l]}\\times 1} &= W^{[${l}]}_{${sizes[l]}\\times ${sizes[l - 1]}}`),
          tex,
        );
        assert.ok(tex.includes(`a^{[${l}]}`), tex);
      } else if (phase.kind === 'loss') {
        assert.equal(title, 'The loss');
        assert.ok(tex.includes('\\mathcal{L} &= \\frac{1}{m}'), tex);
      } else if (phase.kind === 'backward') {
        assert.match(title, new RegExp(`^Backward, layer ${l}: dZ\\[${l}\\], dW\\[${l}\\], db\\[${l}\\]`));
        assert.ok(tex.includes(`dZ^{[${l}]}`) && tex.includes(`dW^{[${l}]}_{${sizes[l]}\\times ${sizes[l - 1]}}`), tex);
        assert.equal(tex.includes(`dA^{[${l - 1}]}`), l > 1, tex);
      } else {
        assert.equal(title, 'The update');
        assert.ok(tex.includes('W &\\leftarrow W - \\frac{\\eta\\, \\hat m}'), tex);
      }
    }
    // The next phase starts the next step; the links animate their change unless motion is reduced.
    await page.evaluate(() => window.playground.stepPhase());
    assert.deepEqual(await page.evaluate(() => window.playground.phase()), { kind: 'forward', layer: 1 });
    assert.equal(await page.$eval('svg.network-svg', (svg) => svg.classList.contains('stepping')), true);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.evaluate(() => window.playground.stepPhase());
    assert.equal(await page.$eval('svg.network-svg', (svg) => svg.classList.contains('stepping')), false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('training the default circle set 200 epochs gives validation accuracy above 90%', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    await page.evaluate(() => window.playground.setState({ speed: 'max' }));
    await page.evaluate(() => window.playground.play());
    await page.waitForFunction(() => window.playground.epoch() >= 200, null, { timeout: 60000, polling: 100 });
    await page.evaluate(() => window.playground.pause());
    const history = await page.evaluate(() => window.playground.history());
    assert.ok(history.validation.length >= 200);
    assert.ok(history.validationAccuracy[199] > 0.9, `validation accuracy ${history.validationAccuracy[199]}`);
    assert.ok(history.validation[199] < history.validation[0]);
    await screenshot(page, 'trained-circle');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the URL hash round trip restores the same state', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    const wanted = {
      dataset: 'spiral',
      noise: 0.1,
      split: 0.3,
      features: ['x1', 'x2', 'x1sq', 'sinx2'],
      seed: 7,
      layers: [6, 5, 4],
      act: ['relu', 'tanh', 'leaky_relu'],
      optimizer: 'momentum',
      lr: 0.03,
      mu: 0.8,
      batch: 5,
      l2: 0.001,
      dropout: 0.1,
      logscale: true,
      speed: 'medium',
    };
    const result = await page.evaluate((s) => window.playground.setState(s), wanted);
    assert.deepEqual(result.notices, []);
    await page.evaluate(() => window.playground.stepEpoch());
    const state = await page.evaluate(() => window.playground.getState());
    const address = page.url();
    assert.match(address, /#.*dataset=spiral/);
    const second = await openPage(browser.context, address);
    assert.deepEqual(await second.page.evaluate(() => window.playground.getState()), state);
    assert.equal(await second.page.$eval('#settings select', (s) => s.value), 'spiral');
    assert.equal(await second.page.$$eval('svg.network-svg g.layer', (gs) => gs.length), 5);
    assert.equal(await second.page.isHidden('#notices'), true);
    await screenshot(second.page, 'spiral-from-url');
    assert.deepEqual([...errors, ...second.errors], []);
    await page.close();
    await second.page.close();
  });

  test('a malformed hash shows a notice and still gives a working page', async () => {
    const { page, errors } = await openPage(
      browser.context,
      `${browser.url}#lr=abc&layers=99,x&dataset=nope&%E0%A4%A&garbage&speed=warp&=&&&`,
    );
    const notices = await page.evaluate(() => window.playground.notices());
    assert.ok(await page.isVisible('#notices'));
    for (const key of ['lr', 'layers', 'dataset', 'speed']) {
      assert.ok(
        notices.some((n) => n.includes(`(${key})`)),
        `a notice for ${key}: ${notices.join(' | ')}`,
      );
    }
    const state = await page.evaluate(() => window.playground.getState());
    assert.equal(state.lr, 0.01);
    assert.deepEqual(state.layers, [8, 8]);
    assert.equal(state.dataset, 'circle');
    await page.evaluate(() => window.playground.stepEpoch());
    assert.equal(await page.evaluate(() => window.playground.epoch()), 1);
    await screenshot(page, 'malformed-hash');
    // Pure garbage too.
    const second = await openPage(browser.context, `${browser.url}#%%%%%ZZ\u00ff==&&=`);
    assert.ok(await second.page.isVisible('#notices'));
    await second.page.evaluate(() => window.playground.stepBatch());
    assert.equal(await second.page.$$eval('svg.network-svg g.neuron', (ns) => ns.length), 19);
    assert.deepEqual([...errors, ...second.errors], []);
    await page.close();
    await second.page.close();
  });

  test('a learning rate of 10 reports divergence and draws no NaN', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#lr=10`);
    await page.evaluate(() => {
      window.divergedWith = null;
      window.playground.on('diverged', (detail) => {
        window.divergedWith = detail;
      });
    });
    await page.evaluate(() => window.playground.play());
    await page.waitForFunction(() => window.divergedWith !== null, null, { timeout: 30000, polling: 100 });
    assert.match(await page.textContent('#message'), /diverged/i);
    assert.ok(await page.isVisible('#message'));
    assert.equal(await page.$eval('#toolbar button.primary', (b) => b.getAttribute('aria-pressed')), 'false');
    const history = await page.evaluate(() => window.playground.history());
    for (const v of [...history.train, ...history.validation]) assert.ok(v === null || Number.isFinite(v));
    // One more step attempt and a look at the last step's equations: still no NaN anywhere.
    await page.evaluate(() => window.playground.stepBatch());
    await page.evaluate(() => window.playground.stepPhase());
    const bad = await page.$$eval(
      'svg *',
      (nodes) => nodes.filter((n) => [...n.attributes].some((a) => /NaN|Infinity/.test(a.value))).length,
    );
    assert.equal(bad, 0);
    for (const selector of ['#equation', '#learned', '#toolbar', '#curves-panel', '#network-panel', '#output-panel']) {
      const text = await page.textContent(selector);
      assert.doesNotMatch(text, /NaN|Infinity/, `${selector}: ${text.slice(0, 300)}`);
    }
    await screenshot(page, 'diverged');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the keyboard plays, pauses and steps (space, →), also with focus on a button', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#speed=slow`);
    const pressed = () => page.$eval('#toolbar button.primary', (b) => b.getAttribute('aria-pressed'));
    const phase = () => page.evaluate(() => window.playground.phase());
    await page.click('h1');
    await page.keyboard.press('Space');
    await page.waitForFunction(
      () => document.querySelector('#toolbar button.primary').getAttribute('aria-pressed') === 'true',
    );
    await page.keyboard.press('Space');
    await page.waitForFunction(
      () => document.querySelector('#toolbar button.primary').getAttribute('aria-pressed') === 'false',
    );
    // Play at the slow speed showed its first phase at once; from a fresh run, → steps phase by phase.
    assert.notDeepEqual(await phase(), { kind: 'idle', layer: null });
    await page.evaluate(() => window.playground.reset());
    const before = await phase();
    assert.deepEqual(before, { kind: 'idle', layer: null });
    await page.keyboard.press('ArrowRight');
    const afterStep = await phase();
    assert.notDeepEqual(afterStep, before);
    assert.ok(['forward', 'loss', 'backward', 'update'].includes(afterStep.kind));
    // → still steps while the Phase button has focus; Space there presses the button (one more phase),
    // it does not toggle play.
    await page.getByRole('button', { name: /^Step one phase/ }).focus();
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await phase(), { kind: 'forward', layer: 2 });
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.playground.phase().layer === 3);
    assert.equal(await pressed(), 'false');
    // In a checkbox Space is the checkbox's, → the page's.
    await page.focus('#ctl-feature-x1sq');
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await phase(), { kind: 'loss', layer: 3 });
    // In a number input the arrows are the input's.
    await page.focus('label:has-text("Seed") + input');
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await phase(), { kind: 'loss', layer: 3 });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the controls change the state, and learning-rate changes keep the weights', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    const state = () => page.evaluate(() => window.playground.getState());
    await page.click('button[aria-label="Add a hidden layer"]');
    await page.click('button[aria-label="Add a neuron to layer 1"]');
    await page.selectOption('#ctl-act-3', 'relu');
    let s = await state();
    assert.deepEqual(s.layers, [9, 8, 8]);
    assert.deepEqual(s.act, ['tanh', 'tanh', 'relu']);
    assert.equal(await page.$$eval('svg.network-svg g.neuron', (ns) => ns.length), 2 + 9 + 8 + 8 + 1);
    await page.check('#ctl-feature-x1sq');
    assert.deepEqual((await state()).features, ['x1', 'x2', 'x1sq']);
    await page.evaluate(() => window.playground.stepEpoch());
    await page.getByRole('button', { name: /^Step one example/ }).click();
    await page.getByRole('button', { name: /^Step one batch/ }).click();
    const epochBefore = await page.evaluate(() => window.playground.epoch());
    await page.selectOption('label:has-text("Learning rate") + select', '0.1');
    assert.equal((await state()).lr, 0.1);
    assert.equal(await page.evaluate(() => window.playground.epoch()), epochBefore, 'the run goes on');
    await page.selectOption('label:has-text("Optimizer") + select', 'momentum');
    assert.equal(await page.evaluate(() => window.playground.epoch()), epochBefore, 'the run goes on');
    await page.selectOption('label:has-text("Data set") + select', 'sin');
    s = await state();
    assert.equal(s.dataset, 'sin');
    assert.deepEqual([s.output, s.loss], ['linear', 'mse']);
    assert.equal(await page.evaluate(() => window.playground.epoch()), 0, 'a new data set starts a new run');
    await page.check('#logscale');
    assert.equal((await state()).logscale, true);
    await page.evaluate(() => window.playground.stepEpoch());
    await screenshot(page, 'controls-sin');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('axe finds no serious or critical accessibility violation', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    await page.evaluate(() => window.playground.stepBatch());
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(
      serious.map(
        (v) =>
          `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes
            .slice(0, 2)
            .map((n) => n.target)
            .join(' ')}`,
      ),
      [],
    );
    assert.deepEqual(errors, []);
    await page.close();
  });
});
