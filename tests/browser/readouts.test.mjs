// Browser tests of the page's readouts as a new student reads them (issue 10, fresh-eyes findings): the
// inspector's step count mid-step, the log loss axis's labels, the loss chart before any epoch, selects
// showing their option whole, points outlined against the output's background, one number format.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'vite';
import { assertText, openBrowser, openPage, root, screenshot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

// The RGBA pixels of a screen rectangle (CSS px at device scale 1) as the screenshot shows them: the PNG
// is decoded by the page itself (no image library needed).
async function pixels(page, clip) {
  const png = await page.screenshot({ clip });
  return page.evaluate(async (b64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${b64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    return {
      width: image.width,
      height: image.height,
      data: [...ctx.getImageData(0, 0, image.width, image.height).data],
    };
  }, png.toString('base64'));
}

// WCAG 2 relative luminance and contrast ratio of two [r, g, b] colours.
const luminance = ([r, g, b]) => {
  const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};
const contrast = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe('readouts', () => {
  test("the inspector's step count is the updates applied to the weights shown: 0 until the first update phase (item 1)", async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.evaluate(() => window.playground.stepPhase());
    assert.equal((await page.evaluate(() => window.playground.phase())).kind, 'forward');
    // The diagram says these are the weights before the step's update; the count agrees.
    await assertText(page, '.legend .legend-when', /before this step's update/);
    await assertText(page, '#learned .param-summary', /Optimizer steps so far: 0\b/);
    await screenshot(page, 'details-steps-forward-1280x720');
    // Still 0 through the loss and the backward phases; 1 once the update phase has run.
    for (let k = 0; k < 40; k++) {
      const { kind } = await page.evaluate(() => window.playground.phase());
      if (kind === 'update') break;
      assert.match(await page.textContent('#learned .param-summary'), /Optimizer steps so far: 0\b/, kind);
      await page.evaluate(() => window.playground.stepPhase());
      await frames(page);
    }
    assert.equal((await page.evaluate(() => window.playground.phase())).kind, 'update');
    await assertText(page, '#learned .param-summary', /Optimizer steps so far: 1\b/);
    // A whole batch at once: one update applied, one counted.
    await page.evaluate(() => window.playground.stepBatch());
    await assertText(page, '#learned .param-summary', /Optimizer steps so far: 2\b/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the log-scale loss axis shows at least two labelled ticks that do not overlap (item 2)', async () => {
    // The line data set's loss falls through twelve decades in 30 epochs: the crowded case first.
    const LINE = '#dataset=line&noise=0&layers=1&act=linear&output=linear&loss=mse&lr=0.05&logscale=1';
    for (const [hash, epochs, width, height] of [
      [LINE, 30, 1280, 720],
      [LINE, 30, 390, 844],
      ['#logscale=1', 3, 1280, 720],
      ['#logscale=1', 40, 390, 844],
      ['#dataset=xor&logscale=1', 10, 1280, 720],
    ]) {
      const { page, errors } = await openPage(browser.context, `${browser.url}${hash}`);
      await page.setViewportSize({ width, height });
      for (let k = 0; k < epochs; k++) await page.evaluate(() => window.playground.stepEpoch());
      await frames(page);
      const history = await page.evaluate(() => window.playground.history());
      const finite = history.train.concat(history.validation).filter(Number.isFinite);
      assert.ok(Math.max(...finite) > Math.min(...finite), `${hash}: the loss spans a range`);
      // The labels uPlot drew on the canvas (curves.js keeps them on the chart element).
      const labelled = JSON.parse(await page.$eval('#loss-chart', (el) => el.dataset.yTicks ?? '[]')).filter(
        (t) => t !== '',
      );
      assert.ok(labelled.length >= 2, `${hash} after ${epochs} epochs: labelled ticks ${labelled}`);
      // What is on screen: the tick column holds one separate row of text per label, and the rows' centres
      // are a 12 px line of text apart at least (their boxes do not overlap). The chart may lie below the
      // fold at 1280×720; a screenshot's clip sees only the viewport.
      await page.locator('#loss-chart').scrollIntoViewIfNeeded();
      const over = await page.$eval('#loss-chart .u-over', (el) => {
        const b = el.getBoundingClientRect();
        return { x: b.x, y: b.y, width: b.width, height: b.height };
      });
      const clip = { x: over.x - 34, y: over.y - 10, width: 30, height: over.height + 20 };
      const img = await pixels(page, clip);
      const rows = [];
      for (let y = 0; y < img.height; y++) {
        let ink = false;
        for (let x = 0; x < img.width; x++) {
          const i = 4 * (y * img.width + x);
          if (img.data[i] + img.data[i + 1] + img.data[i + 2] < 3 * 140) ink = true;
        }
        if (ink && rows.at(-1)?.end === y - 1) rows.at(-1).end = y;
        else if (ink) rows.push({ start: y, end: y });
      }
      assert.equal(rows.length, labelled.length, `${hash}: rows of text ${JSON.stringify(rows)} vs ${labelled}`);
      const centres = rows.map((r) => (r.start + r.end) / 2);
      for (let i = 1; i < centres.length; i++)
        assert.ok(
          centres[i] - centres[i - 1] >= 12,
          `${hash}: labels ${labelled} drawn ${(centres[i] - centres[i - 1]).toFixed(1)} px apart: ${JSON.stringify(rows)}`,
        );
      await screenshot(page, `details-log-axis-${epochs}-${width}x${height}`);
      assert.deepEqual(errors, []);
      await page.close();
    }
  });

  test('before any epoch the loss chart says it fills as training runs, with no empty axis (item 3)', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    for (const [width, height] of [
      [1280, 720],
      [390, 844],
    ]) {
      await page.setViewportSize({ width, height });
      await frames(page);
      const empty = page.locator('#curves-panel .curves-empty');
      assert.ok(await empty.first().isVisible(), 'a visible note where the chart will be');
      assert.match(await empty.first().textContent(), /as training runs/);
      // No axis is drawn: the chart's canvas and axis labels are hidden until there is an epoch.
      for (const chart of ['#loss-chart', '#accuracy-chart'])
        assert.equal(await page.locator(`${chart} .uplot`).isVisible(), false, `${chart} hidden at epoch 0`);
      await screenshot(page, `details-curves-epoch0-${width}x${height}`);
    }
    await page.evaluate(() => window.playground.stepEpoch());
    await frames(page);
    assert.equal(await page.locator('#curves-panel .curves-empty').first().isVisible(), false);
    assert.ok(await page.locator('#loss-chart .uplot').isVisible(), 'the chart after one epoch');
    // Reset: no epoch again, the note again.
    await page.evaluate(() => window.playground.reset());
    await frames(page);
    assert.ok(await page.locator('#curves-panel .curves-empty').first().isVisible(), 'the note after Reset');
    assert.deepEqual(errors, []);
    await page.close();
    // A run that diverges before its first epoch will not fill as training runs: its own note says why, and
    // still no empty axis is drawn.
    const diverged = await openPage(browser.context, `${browser.url}#lr=10&optimizer=sgd&batch=1&dataset=plane`);
    await diverged.page.evaluate(() => window.playground.stepEpoch());
    await frames(diverged.page);
    assert.equal(await diverged.page.evaluate(() => window.playground.epoch()), 0);
    assert.match(await diverged.page.textContent('#curves-panel .curves-note'), /no epoch finished with a finite loss/);
    assert.equal(await diverged.page.locator('#curves-panel .curves-empty').first().isVisible(), false);
    assert.equal(await diverged.page.locator('#loss-chart .uplot').isVisible(), false);
    assert.deepEqual(diverged.errors, []);
    await diverged.page.close();
  });

  test('every select in the controls shows each of its options whole at 1280×720, 1440×900 and 390×844 (item 4)', async () => {
    for (const hash of ['', '#dataset=iris&layers=4,6', '#dataset=sin']) {
      const { page, errors } = await openPage(browser.context, `${browser.url}${hash}`);
      for (const [width, height] of [
        [1280, 720],
        [1440, 900],
        [390, 844],
      ]) {
        await page.setViewportSize({ width, height });
        const toggle = page.locator('#settings-toggle');
        if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) === 'false')
          await toggle.click();
        await frames(page);
        // A select is as wide as its widest option needs (Chromium's own measure: a copy holding only that
        // option, sized to its content); each option must fit in the select as drawn.
        const clipped = await page.$$eval('#settings-body select, #toolbar select, header select', (selects) =>
          selects
            .filter((s) => s.offsetParent !== null)
            .flatMap((s) =>
              [...s.options].map((o) => {
                const copy = s.cloneNode(false);
                copy.removeAttribute('id');
                copy.append(o.cloneNode(true));
                Object.assign(copy.style, {
                  position: 'absolute',
                  width: 'max-content',
                  minWidth: '0',
                  visibility: 'hidden',
                });
                s.parentElement.append(copy);
                const needed = copy.getBoundingClientRect().width;
                copy.remove();
                return { id: s.id, text: o.text, needed, has: s.getBoundingClientRect().width };
              }),
            )
            .filter((x) => x.needed > x.has + 0.5),
        );
        assert.deepEqual(clipped, [], `${hash} at ${width}×${height}`);
        if (hash === '#dataset=iris&layers=4,6') await screenshot(page, `details-selects-${width}x${height}`);
      }
      assert.deepEqual(errors, []);
      await page.close();
    }
  });

  test('after training every point keeps an outline that contrasts with the background under it (item 5)', async () => {
    for (const hash of ['#dataset=circle&n=80&noise=0', '#dataset=blobs3&n=80&layers=6']) {
      const { page, errors } = await openPage(browser.context, `${browser.url}${hash}`);
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.evaluate(() => {
        for (let k = 0; k < 150; k++) window.playground.stepEpoch();
      });
      await frames(page);
      const accuracy = (await page.evaluate(() => window.playground.history())).trainAccuracy.at(-1);
      assert.ok(accuracy > 0.9, `${hash}: trained (accuracy ${accuracy})`);
      const area = await page.$eval('#output canvas', (c) => {
        const b = c.getBoundingClientRect();
        return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) };
      });
      const shapes = await page.$$eval('#output .point', (ps) =>
        ps.map((p) => {
          const b = p.getBoundingClientRect();
          return { x: b.x + b.width / 2, y: b.y + b.height / 2, r: b.width / 2, square: p.tagName === 'rect' };
        }),
      );
      const crosses = await page.$$eval('#output .misclassified', (ps) =>
        ps.map((p) => {
          const b = p.getBoundingClientRect();
          return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
        }),
      );
      const img = await pixels(page, area);
      const at = (x, y) => {
        const i = 4 * (Math.round(y - area.y) * img.width + Math.round(x - area.x));
        return [img.data[i], img.data[i + 1], img.data[i + 2]];
      };
      // Points alone on the plane: no other point or cross within 20 px, the background ring inside the plot.
      const alone = shapes.filter(
        (p) =>
          [...shapes, ...crosses].every((q) => q === p || Math.hypot(q.x - p.x, q.y - p.y) > 20) &&
          p.x - area.x > 12 &&
          area.x + area.width - p.x > 12 &&
          p.y - area.y > 12 &&
          area.y + area.height - p.y > 12,
      );
      assert.ok(alone.length >= 4, `${hash}: ${alone.length} points stand alone to be measured`);
      const weak = [];
      for (const p of alone) {
        // The background next to the point (4–6 px beyond its edge): the median of each channel.
        const ring = [];
        const background = [];
        for (let dy = -p.r - 7; dy <= p.r + 7; dy++)
          for (let dx = -p.r - 7; dx <= p.r + 7; dx++) {
            const d = p.square ? Math.max(Math.abs(dx), Math.abs(dy)) : Math.hypot(dx, dy);
            const pixel = at(p.x + dx, p.y + dy);
            if (d >= p.r + 4 && d <= p.r + 6) background.push(pixel);
            else if (d >= p.r - 1 && d <= p.r + 2.5) ring.push({ pixel, angle: Math.atan2(dy, dx) });
          }
        const median = [0, 1, 2].map(
          (c) => background.map((px) => px[c]).sort((a, b) => a - b)[background.length >> 1],
        );
        // The outline is closed: in each of 8 directions some pixel of the edge contrasts ≥ 3:1 (WCAG's
        // figure for a graphic that must be seen) with that background.
        const sectors = Array.from({ length: 8 }, () => 1);
        for (const { pixel, angle } of ring) {
          const s = Math.floor(((angle + Math.PI) / (2 * Math.PI)) * 8) % 8;
          sectors[s] = Math.max(sectors[s], contrast(pixel, median));
        }
        const least = Math.min(...sectors);
        if (least < 3)
          weak.push({ at: [Math.round(p.x), Math.round(p.y)], background: median, least: least.toFixed(2) });
      }
      assert.deepEqual(weak, [], `${hash}: points whose outline fades into the background`);
      await screenshot(page, `details-points-${hash.match(/dataset=(\w+)/)[1]}-1280x720`);
      assert.deepEqual(errors, []);
      await page.close();
    }
  });

  test('every view writes numbers one way: ×10 with a superscript exponent and a true minus, never "e-7" (item 6)', async () => {
    // The line data set fits to a loss below 1e-4: the toolbar's live loss, the log axis's ticks, the
    // inspector, all read at once.
    const { page, errors } = await openPage(
      browser.context,
      `${browser.url}#dataset=line&noise=0&layers=1&act=linear&output=linear&loss=mse&lr=0.05&logscale=1`,
    );
    await page.setViewportSize({ width: 1280, height: 720 });
    for (let k = 0; k < 40; k++) await page.evaluate(() => window.playground.stepEpoch());
    await frames(page);
    const lowest = Math.min(...(await page.evaluate(() => window.playground.history())).train);
    assert.ok(lowest < 1e-3, `a loss small enough to need an exponent (${lowest})`);
    const E_FORM = /\d(\.\d+)?e[-+]?\d/;
    const toolbar = await page.textContent('#toolbar');
    assert.doesNotMatch(toolbar, E_FORM, toolbar);
    assert.match(toolbar, /×10⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+/, toolbar);
    const ticks = JSON.parse(await page.$eval('#loss-chart', (el) => el.dataset.yTicks ?? '[]'));
    assert.ok(!ticks.some((t) => E_FORM.test(t)), `log axis ticks: ${ticks}`);
    assert.ok(
      ticks.some((t) => /×10⁻[⁴⁵⁶⁷⁸⁹]/.test(t)),
      `ticks below 1e-3 as powers of ten: ${ticks}`,
    );
    assert.deepEqual(errors, []);
    await page.close();
  });
});

// The lesson views straight from the sources (Vite's dev server, as lesson-views.test.mjs does): their
// numbers come from labels.js plain(), which must write what the inspector's whole() writes.
describe('the lesson views', () => {
  test("the lessons' matrix and gauge write numbers as the inspector does (item 6)", async () => {
    const server = await createServer({
      configFile: `${root}web/vite.config.js`,
      logLevel: 'silent',
      server: { host: '127.0.0.1', port: 5200 + Math.floor(Math.random() * 300), strictPort: false },
    });
    await server.listen();
    const page = await browser.context.newPage();
    try {
      await page.goto(`${server.resolvedUrls.local[0]}src/grading.js`);
      const drawn = await page.evaluate(async () => {
        const views = await import('/src/views/lesson/index.js');
        const { plain } = await import('/src/labels.js');
        const { whole } = await import('/src/views/inspector.js');
        await import('/src/styles.css');
        document.body.replaceChildren();
        const matrix = views.createMatrix(document.body, { label: 'dW[1]' });
        matrix.update({ name: 'dW[1]', rows: 1, cols: 4, values: [1.5e-4, -1, -8.39e-12, 0.25] });
        const gauge = views.createGauge(document.body, { label: 'gap' });
        gauge.update({ bars: [{ label: 'variance', value: 1e-7 }] });
        const values = [0, 1, -1, 0.5, 1e-7, -8.39e-12, 123456, 1.5e-4, Number.NaN, null];
        return {
          cells: [...document.querySelectorAll('.matrix-cell')].map((c) => c.textContent),
          gauge: document.querySelector('.gauge-value').textContent,
          same: values.filter((v) => plain(v) !== whole(v)).map((v) => [v, plain(v), whole(v)]),
        };
      });
      assert.deepEqual(drawn.cells, ['1.5×10⁻⁴', '−1', '−8.39×10⁻¹²', '0.25']);
      assert.equal(drawn.gauge, '1×10⁻⁷');
      assert.deepEqual(drawn.same, [], 'plain() and whole() write every number alike');
    } finally {
      await page.close();
      await server.close();
    }
  });
});
