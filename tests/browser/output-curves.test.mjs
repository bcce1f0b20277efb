// Browser tests of the output view and the loss/accuracy curves as a student sees them (issue 10 items 1, 2,
// 3, 4, 7, 11, 15, 17): pixels of the charts, the marks and legend of the output, the kept runs' labels.
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

const POSITIVE = [25, 103, 210]; // colors.js: training curves
const NEGATIVE = [232, 113, 10]; // colors.js: validation curves

// Opaque pixels of `rgb` (±6 per channel) in the first canvas under `selector`: a curve drawn at full
// strength in the current run's colour (the kept runs are drawn faded, so they never count).
const pixelsOf = (page, selector, rgb) =>
  page.$eval(
    selector,
    (c, rgb) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        const near = Math.abs(d[i] - rgb[0]) < 7 && Math.abs(d[i + 1] - rgb[1]) < 7 && Math.abs(d[i + 2] - rgb[2]) < 7;
        if (near && d[i + 3] > 230) n++;
      }
      return n;
    },
    rgb,
  );

const clicks = async (page, selector, n) => {
  for (let k = 0; k < n; k++) await page.click(selector);
};
const EPOCH = 'button[aria-label="Step one epoch"]';
const legendLabels = (page, chart) =>
  page.$$eval(`${chart} .u-legend .u-series`, (rows) =>
    rows
      .filter((r) => r.offsetParent !== null)
      .map((r) => ({
        text: r.querySelector('.u-label').textContent,
        border: getComputedStyle(r.querySelector('.u-marker')).borderColor,
        style: getComputedStyle(r.querySelector('.u-marker')).borderStyle,
      })),
  );

describe('the curves', () => {
  test('after an architecture change the current run is drawn and the earlier one kept faded (item 1)', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await clicks(page, EPOCH, 20);
    await page.click('button[aria-label="Add a neuron to layer 1"]');
    await clicks(page, EPOCH, 15);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    // A 15-epoch curve at 2 px is well over 40 opaque pixels of each colour.
    assert.ok((await pixelsOf(page, '#loss-chart canvas', POSITIVE)) > 40, 'training loss drawn');
    assert.ok((await pixelsOf(page, '#loss-chart canvas', NEGATIVE)) > 40, 'validation loss drawn');
    assert.ok((await pixelsOf(page, '#accuracy-chart canvas', POSITIVE)) > 40, 'training accuracy drawn');
    assert.ok((await pixelsOf(page, '#accuracy-chart canvas', NEGATIVE)) > 40, 'validation accuracy drawn');
    const labels = (await legendLabels(page, '#loss-chart')).map((l) => l.text);
    assert.ok(
      labels.some((t) => /earlier/.test(t)),
      labels.join(' | '),
    );
    await screenshot(page, 'output-curves-after-architecture-change');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the log-scale loss axis labels values below 1e-3 by their powers of ten, never "0" (item 4)', async () => {
    const { page, errors } = await openPage(
      browser.context,
      `${browser.url}#dataset=line&noise=0&layers=1&act=linear&output=linear&loss=mse&lr=0.05&logscale=1`,
    );
    for (let k = 0; k < 30; k++) await page.evaluate(() => window.playground.stepEpoch());
    const history = await page.evaluate(() => window.playground.history());
    const lowest = Math.min(...history.train.filter(Number.isFinite));
    assert.ok(lowest < 1e-4, `the run reaches a loss below 1e-4 (got ${lowest})`);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    // The strings uPlot drew on the canvas for the y axis (curves.js keeps them on the chart element).
    const ticks = JSON.parse(await page.$eval('#loss-chart', (el) => el.dataset.yTicks ?? '[]'));
    assert.ok(ticks.length >= 2, `y ticks: ${ticks}`);
    assert.ok(!ticks.includes('0'), `no tick reads 0: ${ticks}`);
    assert.ok(
      ticks.some((t) => /×10⁻[⁴⁵⁶⁷⁸⁹]/.test(t)),
      `a tick below 1e-3 is written as a power of ten: ${ticks}`,
    );
    await screenshot(page, 'output-curves-log-axis');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a kept run is labelled by its own settings, with both its curves, distinct from other kept runs (item 7)', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#optimizer=sgd&lr=0.001`);
    await clicks(page, EPOCH, 5);
    await page.evaluate(() => window.playground.setState({ lr: 0.3 }));
    await page.evaluate(() => window.playground.reset());
    let labels = (await legendLabels(page, '#loss-chart')).map((l) => l.text);
    const earlier = labels.filter((t) => /earlier/.test(t));
    assert.equal(earlier.length, 2, `training and validation of the kept run: ${labels.join(' | ')}`);
    for (const t of earlier) {
      assert.match(t, /η = 0\.001/);
      assert.doesNotMatch(t, /0\.3/);
    }
    assert.ok(earlier.some((t) => /training/.test(t)) && earlier.some((t) => /validation/.test(t)));
    // The SGD run, after switching to momentum, reads SGD.
    await clicks(page, EPOCH, 5);
    await page.evaluate(() => window.playground.setState({ optimizer: 'momentum' }));
    await page.evaluate(() => window.playground.reset());
    const rows = await legendLabels(page, '#loss-chart');
    labels = rows.map((l) => l.text);
    const sgd = rows.filter((r) => /earlier/.test(r.text) && /SGD/.test(r.text) && /η = 0\.3/.test(r.text));
    assert.equal(sgd.length, 2, labels.join(' | '));
    assert.ok(!labels.some((t) => /earlier.*momentum/.test(t)), labels.join(' | '));
    // Two kept runs: their markers differ in colour, training and validation differ in line style.
    const kept = rows.filter((r) => /earlier/.test(r.text));
    assert.equal(kept.length, 4, labels.join(' | '));
    assert.equal(new Set(kept.map((r) => r.border)).size, 2, JSON.stringify(kept));
    assert.equal(new Set(kept.map((r) => r.style)).size, 2, JSON.stringify(kept));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await screenshot(page, 'output-curves-kept-runs');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('at η = 10 the epochs that ran are drawn and the note says what changing η does (item 15)', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#lr=10`);
    await clicks(page, EPOCH, 3);
    assert.equal(await page.evaluate(() => window.playground.getState().lr), 10);
    const status = await page.textContent('#toolbar');
    assert.match(status, /diverged/);
    const history = await page.evaluate(() => window.playground.history());
    assert.ok(history.train.length >= 1, JSON.stringify(history));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    // A single finite epoch is drawn as a point of at least a few pixels; a finite stretch as a line.
    assert.ok((await pixelsOf(page, '#loss-chart canvas', POSITIVE)) > 8, 'the finite training loss is drawn');
    const note = await page.textContent('#curves-panel .curves-note');
    assert.match(note, /diverged/);
    assert.match(note, /changing η .*starts a new run/i);
    // Which epochs are drawn, said truly: every loss of this run was finite (it stopped for growing past
    // 10× its first loss), so the note says they ran before it stopped, not that only some were finite.
    const finite = history.train.filter((x) => x !== null && Number.isFinite(x)).length;
    assert.match(
      note,
      finite === history.train.length ? /epochs? that ran before it stopped/ : /epochs? whose loss was finite/,
    );
    assert.ok(await page.isVisible('#curves-panel .curves-note'));
    await screenshot(page, 'output-curves-diverged');
    // What the note says is what happens: the next η starts a new run (epoch 0) and keeps the stopped one.
    await page.evaluate(() => window.playground.setState({ lr: 0.01 }));
    assert.equal(await page.evaluate(() => window.playground.epoch()), 0);
    const labels = (await legendLabels(page, '#loss-chart')).map((l) => l.text);
    assert.ok(
      labels.some((t) => /earlier.*η = 10/.test(t)),
      labels.join(' | '),
    );
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('the output', () => {
  test('choosing iris after a 1-D data set removes the fitted curve (item 2)', async () => {
    for (const oneD of ['sin', 'line']) {
      const { page, errors } = await openPage(browser.context, `${browser.url}#dataset=${oneD}`);
      await page.evaluate(() => window.playground.stepEpoch());
      assert.equal(await page.$$eval('#output path.fit', (p) => p.length), 1);
      await page.evaluate(() => window.playground.setState({ dataset: 'iris' }));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const fits = await page.$$eval('#output path.fit', (paths) => paths.filter((p) => p.getAttribute('d')).length);
      assert.equal(fits, 0, `no fitted curve after ${oneD} → iris`);
      if (oneD === 'sin') await screenshot(page, 'output-iris-after-sin');
      assert.deepEqual(errors, []);
      await page.close();
    }
  });

  // The marks of misclassified points against the engine's own accuracy of the same weights (history).
  for (const dataset of ['iris', 'xor']) {
    test(`${dataset}: a legend, and a visible mark on every misclassified point (item 3)`, async () => {
      const { page, errors } = await openPage(browser.context, `${browser.url}#dataset=${dataset}`);
      await page.setViewportSize({ width: 1280, height: 720 });
      for (let k = 0; k < 3; k++) await page.evaluate(() => window.playground.stepEpoch());
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const h = await page.evaluate(() => window.playground.history());
      const seen = await page.$$eval('#output .point', (ps) => ({
        train: ps.filter((p) => p.classList.contains('train')).length,
        validation: ps.filter((p) => p.classList.contains('validation')).length,
      }));
      const marks = await page.$$eval('#output .misclassified', (ms) => ({
        train: ms.filter((m) => m.classList.contains('train') && m.getBBox().width >= 5).length,
        validation: ms.filter((m) => m.classList.contains('validation') && m.getBBox().width >= 5).length,
      }));
      const wrong = (accuracy, n) => Math.round((1 - accuracy) * n);
      assert.ok(seen.validation > 0 && seen.train > 0, JSON.stringify(seen));
      assert.equal(marks.validation, wrong(h.validationAccuracy.at(-1), seen.validation));
      assert.equal(marks.train, wrong(h.trainAccuracy.at(-1), seen.train));
      assert.ok(marks.validation + marks.train > 0, 'after 3 epochs some points are still wrong');
      const legend = await page.textContent('#output-legend');
      for (const words of ['training', 'validation', 'true class', 'predicted class', 'misclassified'])
        assert.ok(legend.includes(words), `${words} in “${legend}”`);
      assert.ok(await page.isVisible('#output-legend'));
      // Every point on the plane is outlined in dark grey or white (whichever stands out on the background
      // under it, readouts.test.mjs measures the contrast), neither a class colour.
      const strokes = await page.$$eval('#output .point', (ps) => [
        ...new Set(ps.map((p) => getComputedStyle(p).stroke)),
      ]);
      if (dataset === 'xor')
        assert.ok(
          strokes.every((s) => ['rgb(34, 34, 34)', 'rgb(255, 255, 255)'].includes(s)),
          strokes.join(),
        );
      else {
        // iris: the ring is the predicted class's colour, not the validation style's grey.
        const rings = await page.$$eval('#output .point.validation', (ps) => ps.map((p) => getComputedStyle(p).stroke));
        assert.ok(
          rings.every((s) => s !== 'rgb(34, 34, 34)'),
          rings.join(),
        );
      }
      await screenshot(page, `output-marks-${dataset}-1280`);
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, `output-marks-${dataset}-390`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('a colour scale, and "show validation data" and "discretize output" toggles kept in the URL (item 17)', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    for (let k = 0; k < 10; k++) await page.evaluate(() => window.playground.stepEpoch());
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.ok(await page.isVisible('#output-legend .colour-scale'));
    const ticks = await page.$$eval('#output-legend .colour-scale .tick', (ts) => ts.map((t) => t.textContent));
    assert.deepEqual(ticks, ['0', '0.5', '1']);
    const distinctColours = () =>
      page.$eval('#output canvas', (c) => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let i = 0; i < d.length; i += 4) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
        return seen.size;
      });
    const smooth = await distinctColours();
    assert.ok(smooth > 20, `a smooth heatmap has many shades (${smooth})`);
    const validation = await page.$$eval('#output .point.validation', (ps) => ps.length);
    assert.ok(validation > 0);

    await page.getByLabel('discretize output').check();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.ok((await distinctColours()) <= 3, 'discretized: one colour per class');
    assert.match(await page.evaluate(() => location.hash), /discretize=1/);

    await page.getByLabel('show validation data').uncheck();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal(await page.$$eval('#output .point.validation', (ps) => ps.length), 0);
    assert.match(await page.evaluate(() => location.hash), /showValidation=0/);
    await screenshot(page, 'output-discretized-no-validation');

    // The URL brings both back.
    const { page: again } = await openPage(browser.context, `${browser.url}#discretize=1&showValidation=0`);
    assert.equal(await again.getByLabel('discretize output').isChecked(), true);
    assert.equal(await again.getByLabel('show validation data').isChecked(), false);
    await again.close();
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('hovering a neuron shows its heatmap enlarged with a caption, and the output again after (item 11)', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    for (let k = 0; k < 5; k++) await page.evaluate(() => window.playground.stepEpoch());
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const image = () => page.$eval('#output canvas', (c) => c.toDataURL());
    const output = await image();
    const caption = () => page.textContent('#output-caption');
    assert.match(await caption(), /network's output/);
    await page.hover('svg.network-svg g.neuron[aria-label^="Layer 1 neuron 2 "]');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.match(await caption(), /neuron 2 of layer 1/);
    assert.notEqual(await image(), output, 'the neuron’s own heatmap is drawn');
    await screenshot(page, 'output-hover-neuron');
    await page.mouse.move(5, 5);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.match(await caption(), /network's output/);
    assert.equal(await image(), output);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
