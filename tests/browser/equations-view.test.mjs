// Browser tests of the equation panel (issue 10 items 6, 10 and 13): every phase's equations fit their
// panel or show that they scroll, the panel keeps one height through a step, and the loss phase names the
// current example's ℓ and the mean in one aligned environment.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openPage, screenshot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

const SIZES = [
  [1440, 900],
  [1280, 720],
  [768, 1024],
  [390, 844],
];

// For every .katex-display in the panel: does it fit its scroll container, and if not, is the scroll cue
// on screen (not hidden, not transparent, with an area, at the container's right edge)?
const fitOrCue = (page) =>
  page.$$eval('#equation .katex-display', (displays) =>
    displays.map((display) => {
      const box = display.closest('.math');
      const fits = display.scrollWidth <= box.clientWidth;
      const cue = box.parentElement.querySelector('.scroll-cue.right');
      let cueShown = false;
      if (cue) {
        const style = getComputedStyle(cue);
        const r = cue.getBoundingClientRect();
        const b = box.getBoundingClientRect();
        cueShown =
          !cue.hidden &&
          style.display !== 'none' &&
          Number(style.opacity) > 0.5 &&
          r.width >= 8 &&
          r.height > 0 &&
          Math.abs(r.right - b.right) < 24;
      }
      // A scrollbar the person can see and drag: the container scrolls and its bar is not hidden.
      const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
      return { fits, cueShown, scrolls, scrollWidth: display.scrollWidth, clientWidth: box.clientWidth };
    }),
  );

async function allFeatures(page) {
  return page.$$eval('input[id^="ctl-feature-"]', (boxes) => boxes.map((b) => b.value));
}

describe('the equation panel', () => {
  for (const [width, height] of SIZES) {
    test(`at ${width}×${height} every phase's equations fit or visibly scroll, at one panel height`, async () => {
      const { page, errors } = await openPage(browser.context, browser.url);
      await page.setViewportSize({ width, height });
      const features = await allFeatures(page);
      assert.equal(features.length, 7);
      const architectures = [
        { name: 'default', partial: {} },
        { name: '6x16', partial: { layers: [16, 16, 16, 16, 16, 16], features } },
      ];
      for (const { name, partial } of architectures) {
        await page.evaluate((p) => window.playground.setState(p), partial);
        await page.evaluate(() => window.playground.reset());
        const L = (await page.evaluate(() => window.playground.getState())).layers.length + 1;
        const heights = new Set();
        for (let k = 0; k < 2 * L + 2; k++) {
          await page.evaluate(() => window.playground.stepPhase());
          // The cue is set after the resize/scroll observers run: one more frame.
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          const phase = await page.evaluate(() => window.playground.phase());
          const where = `${name} ${phase.kind} ${phase.layer ?? ''} at ${width}`;
          const displays = await fitOrCue(page);
          assert.ok(displays.length >= 1, where);
          for (const d of displays) {
            assert.ok(d.fits || (d.cueShown && d.scrolls), `${where}: ${JSON.stringify(d)}`);
          }
          heights.add(await page.$eval('#equation', (e) => Math.round(e.getBoundingClientRect().height)));
          if (phase.kind === 'update' || (phase.kind === 'backward' && phase.layer === 1) || phase.kind === 'loss') {
            await screenshot(page, `equations-${name}-${phase.kind}-${width}`);
          }
        }
        assert.equal(heights.size, 1, `${name} at ${width}: panel heights ${[...heights].join(', ')}`);
      }
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});

describe('the equation panel height', () => {
  for (const [width, height] of [
    [1280, 720],
    [390, 844],
  ]) {
    test(`at ${width}×${height} the panel keeps one height from phase to phase (item 10)`, async () => {
      const { page, errors } = await openPage(browser.context, `${browser.url}#layers=16,16,16,16,16,16`);
      await page.setViewportSize({ width, height });
      const heights = [await page.$eval('#equation', (e) => e.getBoundingClientRect().height)];
      for (let k = 0; k < 2 * 7 + 2; k++) {
        await page.evaluate(() => window.playground.stepPhase());
        heights.push(await page.$eval('#equation', (e) => e.getBoundingClientRect().height));
      }
      assert.ok(
        heights.every((h) => Math.abs(h - heights[0]) < 0.5),
        `heights through idle and every phase: ${heights.map(Math.round).join(', ')}`,
      );
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});

describe('the loss phase', () => {
  // The left edge of the first relation (=) of each line of the aligned block: one value when aligned.
  const equalsLefts = (page) =>
    page.$$eval('#equation .katex-html .col-align-l > .vlist-t > .vlist-r > .vlist > span', (rows) =>
      rows
        .filter((row) => row.textContent.trim() !== '')
        .map((row) => {
          const rel = row.querySelector('.mrel');
          // A remark line (text only, e.g. "(the objective …)") starts at the = column instead.
          const at = rel ?? (row.textContent.trim().startsWith('(') ? row.querySelector('.text') : null);
          return at ? { x: Math.round(at.getBoundingClientRect().left), remark: !rel } : null;
        }),
    );
  const readNumber = (text) =>
    Number(text.replace('−', '-').replace(/×10(−?\d+)/, (_, e) => `e${e.replace('−', '-')}`));

  test("shows the current example's ℓ highlighted, and the mean, aligned at =", async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#batch=10`);
    await page.setViewportSize({ width: 1280, height: 720 });
    for (let k = 0; k < 4; k++) await page.evaluate(() => window.playground.stepPhase());
    assert.equal((await page.evaluate(() => window.playground.phase())).kind, 'loss');
    assert.equal(await page.$$eval('#equation .katex-display', (d) => d.length), 1);
    const lefts = await equalsLefts(page);
    assert.ok(lefts.every(Boolean), JSON.stringify(lefts));
    const equals = lefts.filter((l) => !l.remark).map((l) => l.x);
    assert.ok(equals.length >= 6, JSON.stringify(lefts));
    assert.ok(
      equals.every((x) => Math.abs(x - equals[0]) <= 1),
      `every line's = at one x: ${equals}`,
    );
    // A remark starts at the column of the = signs (the = has its own side bearing: a few px).
    for (const { x } of lefts.filter((l) => l.remark)) assert.ok(x <= equals[0] && equals[0] - x <= 8, `${x}`);
    // The highlighted number is the current example's ℓ, on a coloured background; over the step's ten
    // examples (chosen with the panel's example field) its mean is the mean loss shown below it.
    const mark = await page.$eval('#equation .eq-current', (e) => ({
      text: e.textContent,
      background: getComputedStyle(e).backgroundColor,
      box: e.getBoundingClientRect().width,
    }));
    assert.notEqual(mark.background, 'rgba(0, 0, 0, 0)');
    assert.ok(mark.box > 10);
    const tex = await page.textContent('#equation annotation');
    const mean = Number(/&= ([-\d.e]+)\\quad \(m = 10\)/.exec(tex)[1]);
    const ells = [];
    for (let j = 1; j <= 10; j++) {
      await page.fill('#ctl-example', String(j));
      await page.dispatchEvent('#ctl-example', 'change');
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const text = await page.textContent('#equation .eq-current');
      assert.ok(Number.isFinite(readNumber(text)) && readNumber(text) > 0, text);
      assert.ok((await page.textContent('#equation annotation')).includes(`\\text{(example ${j})}`));
      ells.push(readNumber(text));
    }
    const average = ells.reduce((s, x) => s + x, 0) / ells.length;
    assert.ok(Math.abs(average - mean) <= 0.01 * mean + 0.002, `mean of ℓ ${average} vs L ${mean}`);
    assert.ok(new Set(ells).size > 1, 'the examples have their own losses');
    await screenshot(page, 'equations-loss-example-10');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('the example field', () => {
  test('an example number outside the step is reported at the field, and the report goes when corrected', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#batch=10`);
    for (let k = 0; k < 4; k++) await page.evaluate(() => window.playground.stepPhase());
    const field = page.locator('#ctl-example');
    await field.fill('99');
    await field.dispatchEvent('change');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const id = await field.getAttribute('aria-describedby');
    assert.ok(id);
    const message = page.locator(`#${id}`);
    assert.equal(await message.isVisible(), true);
    assert.equal(await message.textContent(), '“99” is not an example of this step (1..10); showing example 10.');
    assert.equal(await field.inputValue(), '10');
    await field.fill('3');
    await field.dispatchEvent('change');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal(await field.getAttribute('aria-invalid'), null);
    assert.equal(await message.isVisible(), false);
    assert.ok((await page.textContent('#equation annotation')).includes('\\text{(example 3)}'));
    assert.deepEqual(errors, []);
    await page.close();
  });
});
