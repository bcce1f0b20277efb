// Browser tests of details a fresh-eyes student review of the page found misleading (issue 10, "nothing
// misleading"): the equation panel's scroll per phase, the 1/m of the backward pass, the Bayes lines, iris's
// species names, the misclassified count's denominator, and the step count after an optimizer change.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertText, drawn, openBrowser, openPage, screenshot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

const SIZES = [
  [1280, 720],
  [390, 844],
];

const phase = (page) => page.evaluate(() => window.playground.phase());

// Steps phases until `test(phase)` holds (at most 40 phases).
async function stepTo(page, wanted) {
  for (let k = 0; k < 40; k++) {
    await page.evaluate(() => window.playground.stepPhase());
    if (wanted(await phase(page))) {
      await drawn(page);
      return;
    }
  }
  throw new Error('phase not reached');
}

// The equation region's scroll offsets and where its formula's first line sits against the region's top.
const mathPlace = (page) =>
  page.$eval('#equation .math', (m) => {
    const first = m.querySelector('.katex-display');
    const box = m.getBoundingClientRect();
    const r = first.getBoundingClientRect();
    return { top: m.scrollTop, left: m.scrollLeft, tall: m.scrollHeight - m.clientHeight, gap: r.top - box.top };
  });

describe('details a student reads (details3)', () => {
  for (const [width, height] of SIZES) {
    test(`at ${width}×${height} each new phase's formula opens at its top-left, however the last was scrolled (item 1)`, async () => {
      const { page, errors } = await openPage(browser.context, browser.url);
      await page.setViewportSize({ width, height });
      // The output layer's backward formula is taller than the panel: the student scrolls it to its end.
      await stepTo(page, (p) => p.kind === 'backward');
      const scrolled = [];
      for (let k = 0; k < 5; k++) {
        const before = await mathPlace(page);
        const name = JSON.stringify(await phase(page));
        if (before.tall > 20) {
          await page.$eval('#equation .math', (m) => m.scrollTo(m.scrollWidth, m.scrollHeight));
          await drawn(page);
          assert.ok((await mathPlace(page)).top > 20, `${name}: scrolled down`);
          scrolled.push(name);
        }
        await page.evaluate(() => window.playground.stepPhase());
        await drawn(page);
        const after = await mathPlace(page);
        const next = JSON.stringify(await phase(page));
        assert.equal(after.top, 0, `${next} after scrolled ${name}: opens at its top`);
        assert.equal(after.left, 0, `${next}: opens at its left`);
        // Its first line is on screen, at the region's top (the display's own margin only).
        assert.ok(after.gap >= 0 && after.gap < 12, `${next}: first line at the top (${after.gap} px)`);
      }
      assert.ok(scrolled.length >= 2, `a tall formula was scrolled in ${scrolled.join(', ')}`);
      if (width === 1280) {
        // The update phase (scrolled down) then the next step's first forward phase.
        await stepTo(page, (p) => p.kind === 'update');
        await page.$eval('#equation .math', (m) => m.scrollTo(0, m.scrollHeight));
        await drawn(page);
        assert.ok((await mathPlace(page)).top > 20, 'update scrolled down');
        await page.evaluate(() => window.playground.stepPhase());
        await drawn(page);
        assert.equal((await phase(page)).kind, 'forward');
        assert.equal((await mathPlace(page)).top, 0, 'the next step opens at its top');
      }
      await screenshot(page, `details3-scroll-${width}x${height}`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('the backward equations say why dZ[L], dW and db carry 1/m (item 2)', async () => {
    for (const [address, what] of [
      ['', 'bce from logits'],
      ['#dataset=sin', 'mse'],
    ]) {
      const { page, errors } = await openPage(browser.context, browser.url + address);
      await page.setViewportSize({ width: 1280, height: 720 });
      const { batch } = await page.evaluate(() => window.playground.getState());
      await stepTo(page, (p) => p.kind === 'backward');
      const L = (await phase(page)).layer;
      const text = (await page.textContent('#equation .math .katex-html')).replace(/[\s\u200b]+/g, ' ');
      const words = new RegExp(
        `1\\/m: the loss is the mean of the ?m ?= ?${batch} ?examples['’] losses, so every layer['’]s ?dW and db are means over the batch`,
      );
      assert.match(text, words, `${what}, layer ${L}`);
      // Beside the formula: in the same rendered display, below the line of dZ[L] (or dA[L]) = 1/m(Ŷ − Y).
      const place = await page.$eval('#equation .math', (m) => {
        const note = [...m.querySelectorAll('.katex-html .text')].find((t) =>
          /loss\sis\sthe\smean/.test(t.textContent),
        );
        const r = note?.getBoundingClientRect();
        return r ? { width: r.width, height: r.height } : null;
      });
      assert.ok(place && place.width > 50 && place.height > 5, `${what}: the note is drawn`);
      if (!address) await screenshot(page, 'details3-one-over-m-1280x720');
      assert.deepEqual(errors, []);
      await page.close();
    }
  });

  test("the curves' Bayes lines say what they are, in the legend's tooltip and a visible note (item 3)", async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#dataset=spiral&noise=0.3`);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.evaluate(() => window.playground.stepEpoch());
    await page.evaluate(() => window.playground.stepEpoch());
    await drawn(page);
    for (const [chart, name, words] of [
      ['#loss-chart', 'Bayes loss', /best possible predictor.*lowest loss any model can expect on new data/],
      [
        '#accuracy-chart',
        'Bayes accuracy',
        /best possible predictor.*highest accuracy any model can expect on new data/,
      ],
    ]) {
      const entry = await page.$$eval(
        `${chart} .u-legend .u-series`,
        (rows, n) => {
          const row = rows.find((r) => r.textContent.trim() === n);
          return row ? { title: row.title, shown: row.checkVisibility() } : null;
        },
        name,
      );
      assert.ok(entry?.shown, `${name} is in the legend`);
      assert.match(entry.title, words, `${name}'s tooltip`);
    }
    const note = await page.$eval('.bayes-note', (p) => ({ text: p.textContent, shown: p.checkVisibility() }));
    assert.ok(note.shown, 'the note is visible');
    assert.match(note.text, /Bayes loss.*best possible predictor for this data set's noise/);
    assert.match(note.text, /lowest loss any model can expect on new data/);
    assert.match(note.text, /Bayes accuracy.*highest/);
    // Where the data set knows no Bayes error there is no line and no note about one.
    await page.evaluate(() => window.playground.setState({ dataset: 'iris' }));
    await page.evaluate(() => window.playground.stepEpoch());
    await drawn(page);
    assert.equal(await page.$eval('.bayes-note', (p) => p.checkVisibility()), false);
    await page.evaluate(() => window.playground.setState({ dataset: 'spiral' }));
    await page.evaluate(() => window.playground.stepEpoch());
    await drawn(page);
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h });
      await drawn(page);
      await screenshot(page, `details3-bayes-${w}x${h}`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('iris classes are named by their species in the legend, inspector and equations (item 4)', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#dataset=iris`);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.evaluate(() => window.playground.stepEpoch());
    await drawn(page);
    const species = ['setosa', 'versicolor', 'virginica'];
    await assertText(page, '#output-legend .classes', /setosa.*versicolor.*virginica/);
    assert.doesNotMatch(await page.textContent('#output-legend'), /class \d/);
    const swatches = await page.$$eval('#output-legend .classes .item', (items) => items.map((i) => i.textContent));
    assert.deepEqual(swatches, species);
    // The output neurons: the card at the pointer and the panel name each one's class.
    const L = (await page.evaluate(() => window.playground.getState())).layers.length + 1;
    for (let i = 0; i < 3; i++) {
      await page.hover(`[data-layer="${L}"] .neuron >> nth=${i}`);
      await drawn(page);
      await assertText(page, '#learned .detail-title', new RegExp(`Output neuron ${i + 1} \\(${species[i]}\\)`));
    }
    // The loss phase and the output layer's backward phase say which species each row is.
    await stepTo(page, (p) => p.kind === 'loss');
    const rows = /rows: setosa, versicolor, virginica/;
    assert.match((await page.textContent('#equation .math .katex-html')).replace(/[\s\u200b]+/g, ' '), rows);
    await stepTo(page, (p) => p.kind === 'backward');
    assert.match((await page.textContent('#equation .math .katex-html')).replace(/[\s\u200b]+/g, ' '), rows);
    await screenshot(page, 'details3-iris-1280x720');
    await page.setViewportSize({ width: 390, height: 844 });
    await drawn(page);
    await screenshot(page, 'details3-iris-390x844');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the misclassified count says which points it counts, so hiding validation data changes it visibly (item 5)', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#dataset=iris`);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.evaluate(() => window.playground.stepEpoch());
    await drawn(page);
    const marks = () => page.$$eval('#output .misclassified', (ms) => ms.length);
    await assertText(page, '#output-legend', /misclassified: \d+ of 150 shown \(training and validation\)/);
    const all = Number((await page.textContent('#output-legend')).match(/misclassified: (\d+) of 150/)[1]);
    assert.equal(all, await marks());
    assert.ok(all > 0, 'some are misclassified after one epoch');
    await page.uncheck('#show-validation');
    await assertText(page, '#output-legend', /misclassified: \d+ of 75 training points \(validation hidden\)/);
    const train = Number((await page.textContent('#output-legend')).match(/misclassified: (\d+) of 75/)[1]);
    assert.equal(train, await marks());
    await screenshot(page, 'details3-misclassified-1280x720');
    // A 2-D data set counts the same way.
    await page.check('#show-validation');
    await page.evaluate(() => window.playground.setState({ dataset: 'spiral', noise: 0.3 }));
    await page.evaluate(() => window.playground.stepEpoch());
    await drawn(page);
    await assertText(page, '#output-legend', /misclassified: \d+ of 200 shown \(training and validation\)/);
    await page.setViewportSize({ width: 390, height: 844 });
    await drawn(page);
    await screenshot(page, 'details3-misclassified-390x844');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('after an optimizer change mid-step the step count says the new optimizer starts fresh (item 6)', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.evaluate(() => window.playground.stepEpoch());
    await page.evaluate(() => window.playground.stepPhase());
    await page.evaluate(() => window.playground.stepPhase());
    await page.evaluate(() => window.playground.setState({ optimizer: 'sgd' }));
    await stepTo(page, (p) => p.kind === 'update');
    // The update shown is the step's own optimizer's (Adam, with its t); the new one has not stepped yet.
    const t = Number((await page.textContent('#equation .math .katex-html')).match(/t\s*=\s*(\d+)/)[1]);
    assert.ok(t > 1);
    const summary = await page.textContent('#learned .param-summary');
    assert.match(summary, /Optimizer steps so far: 0\b/);
    assert.match(summary, /new optimizer starts with fresh state \(t = 0 before its first step, the next one\)/);
    assert.match(summary, new RegExp(`this step's update is the earlier optimizer's \\(Adam, its step ${t}\\)`));
    await screenshot(page, 'details3-optimizer-1280x720');
    // The next step is the new optimizer's first: the note goes with the step it explained.
    await stepTo(page, (p) => p.kind === 'update');
    const next = await page.textContent('#learned .param-summary');
    assert.match(next, /Optimizer steps so far: 1\./);
    assert.doesNotMatch(next, /fresh state/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('a phase change while playing (details3, issue 10 item 16)', () => {
  test("swaps in the next phase's formula prepared in idle time: the phase's own formula, with no KaTeX work in the frame", async () => {
    const features = 'features=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2';
    const { page, errors } = await openPage(
      browser.context,
      `${browser.url}#layers=16,16,16,16,16,16&${features}&speed=slow`,
    );
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.evaluate(() => window.playground.play());
    // Each phase lasts 1.2 s at 'slow': ample time for the idle render, on a loaded machine too.
    const seen = [];
    for (let k = 0; k < 4; k++) {
      await page.waitForFunction(
        (n) => window.playground.phase().kind !== 'idle' && n !== JSON.stringify(window.playground.phase()),
        seen.at(-1)?.phase ?? '',
        { timeout: 10000 },
      );
      await drawn(page);
      seen.push(
        await page.evaluate(() => ({
          phase: JSON.stringify(window.playground.phase()),
          prepared: document.querySelector('#equation .math').dataset.prepared,
          title: document.querySelector('#equation h2').textContent,
          text: document.querySelector('#equation .math .katex-html')?.textContent ?? '',
        })),
      );
    }
    await page.evaluate(() => window.playground.pause());
    // The step's first phase cannot be known ahead (its step is taken when it starts); every later one is.
    const later = seen.filter((s) => !s.phase.includes('"forward","layer":1'));
    assert.ok(later.length >= 3, JSON.stringify(seen.map((s) => s.phase)));
    for (const s of later) {
      assert.equal(s.prepared, 'true', `${s.phase} was prepared`);
      // The swapped-in formula is the phase's own: forward l shows z[l] and a[l].
      const { layer } = JSON.parse(s.phase);
      assert.match(s.title, new RegExp(`layer ${layer}`));
      assert.match(s.text.replace(/[\s\u200b]+/g, ''), new RegExp(`z\\S*\\[${layer}\\]`), s.phase);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
});
