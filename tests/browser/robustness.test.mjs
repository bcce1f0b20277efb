// Browser tests of what must never break the page: measured data with noise, a pinned neuron that an
// architecture change removes, errors in training, reset, the hash edited by hand, loose setState values,
// refused control changes, stepping during continuous play, and a label on every control.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertText, openBrowser, openPage, screenshot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

const state = (page) => page.evaluate(() => window.playground.getState());
const notices = (page) => page.evaluate(() => window.playground.notices());
const learned = (page, pattern) => assertText(page, '#learned', new RegExp(pattern), { timeout: 5000 });

describe('robustness', () => {
  test('iris with noise (address, setState, the slider) clamps the noise to 0 with a notice', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#dataset=iris&noise=0.1`);
    let s = await state(page);
    assert.equal(s.dataset, 'iris');
    assert.equal(s.noise, 0);
    assert.ok((await notices(page)).some((n) => /iris is measured data and takes no noise/.test(n)));
    assert.equal(await page.isDisabled('label:has-text("Noise") + input'), true);
    assert.equal(await page.isDisabled('label:has-text("Number of examples") + input'), true);
    assert.equal(await page.inputValue('label:has-text("Number of examples") + input'), '150'); // its own size
    await page.evaluate(() => window.playground.stepEpoch());
    assert.equal(await page.evaluate(() => window.playground.epoch()), 1);
    await screenshot(page, 'iris');
    // From the page: noise on a set that takes it, then iris from the menu, then noise again by the API.
    await page.selectOption('label:has-text("Data set") + select', 'circle');
    await page.evaluate(() => window.playground.setState({ noise: 0.2 }));
    assert.equal(await page.isDisabled('label:has-text("Noise") + input'), false);
    await page.selectOption('label:has-text("Data set") + select', 'iris');
    s = await state(page);
    assert.deepEqual([s.dataset, s.noise], ['iris', 0]);
    const result = await page.evaluate(() => window.playground.setState({ noise: 0.3 }));
    assert.equal(result.state.noise, 0);
    assert.equal(result.notices.length, 1);
    // A label-flip probability above 0.5 is clamped too, a regression σ up to 1 is not.
    assert.equal(
      (await page.evaluate(() => window.playground.setState({ dataset: 'xor', noise: 0.8 }))).state.noise,
      0.5,
    );
    assert.equal(
      (await page.evaluate(() => window.playground.setState({ dataset: 'sin', noise: 0.8 }))).state.noise,
      0.8,
    );
    await page.evaluate(() => window.playground.stepEpoch());
    assert.ok(!(await notices(page)).some((n) => /failed|refused/.test(n)));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('no address gives a blank page: odd but valid combinations start and train', async () => {
    for (const hash of [
      '#dataset=iris&features=x1sq&n=20&noise=1&split=0.9&batch=2000&layers=16,16,16,16,16,16',
      '#dataset=blobs3&output=sigmoid&loss=bce&noise=0.9',
      '#dataset=plane&features=sinx1,x1x2&output=softmax',
      '#dataset=sin&n=20&split=0.9&batch=1&features=x2&dropout=0.9&l1=10&l2=10',
      '#dataset=iris&embed=1&hide=settings,controls,network,equations,output,curves,learned',
    ]) {
      const { page, errors } = await openPage(browser.context, `${browser.url}${hash}`);
      assert.equal(await page.isHidden('#message'), true, `${hash}: ${await page.textContent('#message')}`);
      await page.evaluate(() => window.playground.stepEpoch());
      await page.evaluate(() => window.playground.stepPhase());
      assert.ok((await page.evaluate(() => window.playground.epoch())) >= 1, hash);
      assert.ok(
        !(await notices(page)).some((n) => /failed|refused/.test(n)),
        `${hash}: ${(await notices(page)).join(' | ')}`,
      );
      assert.deepEqual(errors, [], hash);
      await page.close();
    }
  });

  test('a pinned neuron that an architecture change removes does not break drawing', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#layers=8,8`);
    await page.evaluate(() => window.playground.stepBatch());
    await page.click('svg.network-svg g.layer[data-layer="2"] g.neuron:nth-child(8)');
    await learned(page, 'Layer 2 neuron 8');
    await page.focus('svg.network-svg g.layer[data-layer="2"] g.neuron:nth-child(8)');
    await page.evaluate(() => window.playground.setState({ layers: [3] }));
    await page.evaluate(() => window.playground.stepBatch());
    await page.evaluate(() => window.playground.stepPhase());
    assert.equal(await page.$$eval('svg.network-svg g.neuron', (ns) => ns.length), 2 + 3 + 1);
    assert.ok(!(await notices(page)).some((n) => /failed/.test(n)), (await notices(page)).join(' | '));
    assert.match(await page.textContent('#learned'), /Point at/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('an error in training pauses, shows a notice, emits "error" and settles every promise', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#speed=fast`);
    await page.evaluate(() => {
      window.errorsSeen = [];
      window.playground.on('error', (detail) => window.errorsSeen.push(detail.message));
      // A fault injected after the engine's step: the page turns the trainer's batch rows into an array.
      const from = Array.from;
      window.injectFault = (on) => {
        Array.from = on
          ? function (x, ...rest) {
              if (x instanceof Uint32Array) throw new Error('injected fault');
              return from.call(this, x, ...rest);
            }
          : from;
      };
    });
    // A call of the API: its promise settles, the page says what failed.
    const settled = await page.evaluate(async () => {
      window.injectFault(true);
      const done = window.playground.stepBatch();
      window.injectFault(false);
      await done;
      return true;
    });
    assert.equal(settled, true);
    assert.deepEqual(await page.evaluate(() => window.errorsSeen), ['injected fault']);
    assert.ok((await notices(page)).some((n) => n === 'Training failed: injected fault'));
    // In the frame loop (animated play): training pauses, the loop and the page go on.
    await page.evaluate(() => {
      window.injectFault(true);
      return window.playground.play();
    });
    await page.waitForFunction(() => window.errorsSeen.length === 2, null, { timeout: 10000 });
    await page.evaluate(() => window.injectFault(false));
    assert.equal(await page.$eval('#toolbar button.primary', (b) => b.getAttribute('aria-pressed')), 'false');
    await page.evaluate(() => window.playground.stepEpoch());
    assert.equal(await page.evaluate(() => window.playground.epoch()), 1);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('reset() starts a fresh run and on("phase") reports each phase', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#layers=3`);
    const phases = await page.evaluate(async () => {
      const seen = [];
      window.playground.on('phase', (p) => seen.push(`${p.kind}${p.layer ?? ''}`));
      for (let k = 0; k < 3; k++) await window.playground.stepPhase();
      return seen;
    });
    assert.deepEqual(phases, ['forward1', 'forward2', 'loss2']);
    await page.evaluate(() => window.playground.stepEpoch());
    await page.click('svg.network-svg g.layer[data-layer="1"] g.neuron');
    await learned(page, 'Layer 1 neuron 1');
    const summary = await page.textContent('#learned .param-summary');
    assert.doesNotMatch(summary, /so far: 0\./);
    await page.evaluate(() => window.playground.reset());
    assert.equal(await page.evaluate(() => window.playground.epoch()), 0);
    assert.deepEqual(await page.evaluate(() => window.playground.phase()), { kind: 'idle', layer: null });
    assert.deepEqual(await page.evaluate(() => window.playground.history().train), []);
    assert.match(await page.textContent('#learned .param-summary'), /so far: 0\./);
    assert.match(await page.textContent('#learned'), /Point at/, 'the pin is gone');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('editing the hash by hand applies it (bad values with a notice)', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    await page.evaluate(() => {
      location.hash = '#dataset=xor&layers=3&lr=0.1';
    });
    await page.waitForFunction(() => window.playground.getState().dataset === 'xor');
    const s = await state(page);
    assert.deepEqual([s.layers, s.lr], [[3], 0.1]);
    // The state changes at once; the diagram is redrawn on the next frame: wait for what a person sees.
    await page.waitForFunction(() => document.querySelectorAll('svg.network-svg g.neuron').length === 2 + 3 + 1, null, {
      timeout: 5000,
    });
    await page.evaluate(() => {
      location.hash = '#dataset=xor&layers=3&lr=zero';
    });
    await page.waitForFunction(() => window.playground.notices().some((n) => n.includes('(lr)')));
    assert.equal((await state(page)).lr, 0.01);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('setState refuses loosely typed values and non-object input with one notice each', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    for (const partial of [{ noise: null }, { lr: true }, { dataset: ['xor'] }, 'dataset=spiral']) {
      const result = await page.evaluate((p) => window.playground.setState(p), partial);
      assert.equal(result.notices.length, 1, `${JSON.stringify(partial)}: ${result.notices.join(' | ')}`);
      assert.equal(result.state.dataset, 'circle');
      assert.equal(result.state.lr, 0.01);
      assert.equal(result.state.noise, 0);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a refused or no-op control change puts the control back to the state', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#features=x1`);
    await page.click('#ctl-feature-x1'); // unchecking the last feature is refused
    assert.equal(await page.isChecked('#ctl-feature-x1'), true);
    assert.deepEqual((await state(page)).features, ['x1']);
    const n = page.locator('label:has-text("Number of examples") + input');
    await n.fill('5');
    await n.press('Enter');
    assert.equal(await n.inputValue(), '200');
    assert.ok((await notices(page)).some((t) => t.includes('(n)')));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('stepPhase during continuous play pauses it and shows the step', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#speed=max`);
    await page.evaluate(() => window.playground.play());
    await page.waitForFunction(() => window.playground.epoch() >= 2);
    await page.evaluate(() => window.playground.stepPhase());
    const epoch = await page.evaluate(() => window.playground.epoch());
    await page.waitForTimeout(300);
    assert.deepEqual(await page.evaluate(() => window.playground.phase()), { kind: 'forward', layer: 1 });
    assert.equal(await page.evaluate(() => window.playground.epoch()), epoch);
    assert.equal(await page.$eval('#toolbar button.primary', (b) => b.getAttribute('aria-pressed')), 'false');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('during an animated step the output shows the weights before the update until the update phase', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#layers=4&lr=0.3`);
    const pixels = () =>
      page.$eval('#output canvas', (c) =>
        Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data).join(),
      );
    const idle = await pixels();
    await page.evaluate(() => window.playground.stepPhase());
    assert.equal(await pixels(), idle, 'forward 1 shows the weights before the step');
    assert.match(await page.textContent('.output-note'), /before this step's update/);
    for (let k = 0; k < 5; k++) await page.evaluate(() => window.playground.stepPhase());
    assert.equal((await page.evaluate(() => window.playground.phase())).kind, 'update');
    assert.notEqual(await pixels(), idle, 'the update phase shows the new weights');
    assert.equal(await page.textContent('.output-note'), '');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('every input, select and button has an accessible name, hidden ones included', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    await page.evaluate(() => window.playground.stepBatch());
    const unnamed = await page.$$eval('input, select, button, textarea', (controls) =>
      controls
        .filter((c) => {
          const byLabel = c.labels && [...c.labels].some((l) => l.textContent.trim());
          const byAria =
            (c.getAttribute('aria-label') ?? '').trim() ||
            (c.getAttribute('aria-labelledby') ?? '')
              .split(/\s+/)
              .some((id) => document.getElementById(id)?.textContent.trim());
          const byText = c.tagName === 'BUTTON' && c.textContent.trim();
          return !(byLabel || byAria || byText || (c.title ?? '').trim());
        })
        .map((c) => c.outerHTML.slice(0, 120)),
    );
    assert.deepEqual(unnamed, []);
    assert.ok((await page.$$eval('input, select, button', (cs) => cs.length)) > 30);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
