// The lessons' view factories (web/src/views/lesson/) in Chromium, straight from the sources through Vite's
// dev server: each draws exactly what its snapshot holds (contour bands and paths, stacked series, gauge
// bars, matrix cells), and nothing it is not given.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'vite';
import { openBrowser, root, screenshot } from './helpers.mjs';

let browser;
let server;
let page;
before(async () => {
  browser = await openBrowser({ serve: false });
  server = await createServer({
    configFile: `${root}web/vite.config.js`,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 4900 + Math.floor(Math.random() * 300), strictPort: false },
  });
  await server.listen();
  page = await browser.context.newPage();
  // Any page of the dev server's origin will do: the factories are imported into it.
  await page.goto(`${server.resolvedUrls.local[0]}src/grading.js`);
  await page.evaluate(async () => {
    window.views = await import('/src/views/lesson/index.js');
    await import('/src/styles.css');
    document.body.replaceChildren();
    document.body.style.background = '#fff';
  });
});
after(async () => {
  await page?.close();
  await server?.close();
  await browser?.close();
});

test('the contour: one band per level, the paths through the given points, nothing else', async () => {
  const drawn = await page.evaluate(() => {
    const host = document.body.appendChild(document.createElement('div'));
    const view = window.views.createContour(host, { label: 'bowl' });
    const nx = 21;
    const values = new Float64Array(nx * nx);
    for (let j = 0; j < nx; j++)
      for (let i = 0; i < nx; i++) values[j * nx + i] = (i / 10 - 1) ** 2 + 2 * (j / 10 - 1) ** 2;
    const grid = { values, nx, ny: nx, x: [-1, 1], y: [-1, 1] };
    view.update({
      grid,
      levels: 8,
      paths: [
        {
          points: [
            [-1, 1],
            [0, 0],
          ],
          label: 'gd',
        },
      ],
      marks: [{ x: 0, y: 0, label: 'minimum' }],
    });
    const first = {
      label: view.element.getAttribute('aria-label'),
      bands: view.element.querySelectorAll('g.bands path').length,
      paths: [...view.element.querySelectorAll('path.lesson-path')].map((p) => p.getAttribute('d')),
      title: view.element.querySelector('path.lesson-path title').textContent,
      marks: [...view.element.querySelectorAll('circle.lesson-mark')].map((c) => [
        c.getAttribute('cx'),
        c.getAttribute('cy'),
      ]),
    };
    view.update({ grid, levels: [0.5, 1] });
    const second = {
      bands: view.element.querySelectorAll('g.bands path').length,
      paths: view.element.querySelectorAll('path.lesson-path').length,
      marks: view.element.querySelectorAll('circle').length,
    };
    return { first, second };
  });
  // Plot area 320 − 38 − 8 = 274 wide, 280 − 8 − 26 = 246 high: (−1, 1) is its top left, (0, 0) its centre.
  assert.deepEqual(drawn.first, {
    label: 'bowl',
    bands: 8,
    paths: ['M0,0L137,123'],
    title: 'gd',
    marks: [['137', '123']],
  });
  assert.deepEqual(drawn.second, { bands: 2, paths: 0, marks: 0 });
});

test('the plot stacks its series (positive up, negative down) under the total curve', async () => {
  const drawn = await page.evaluate(() => {
    const host = document.body.appendChild(document.createElement('div'));
    const view = window.views.createPlot(host, { label: 'bumps' });
    view.update({
      x: [0, 1, 2],
      series: [
        { label: 'neuron 1', y: [1, 1, 1] },
        { label: 'neuron 2', y: [2, -1, 0] },
      ],
      total: { label: 'ŷ', y: [3, 0, 1] },
      points: [{ x: 1, y: 0.5 }],
      yRange: [-2, 4],
    });
    const bands = [...view.element.querySelectorAll('path.lesson-series')];
    const out = {
      label: view.element.getAttribute('aria-label'),
      bands: bands.map((b) => b.querySelector('title').textContent),
      totals: view.element.querySelectorAll('path.lesson-total').length,
      points: view.element.querySelectorAll('circle.point').length,
      total: view.element.querySelector('path.lesson-total').getAttribute('d'),
    };
    view.update({ x: [0, 1], series: [{ label: 'only', y: [1, 2] }] });
    out.after = {
      bands: view.element.querySelectorAll('path.lesson-series').length,
      totals: view.element.querySelectorAll('path.lesson-total').length,
      points: view.element.querySelectorAll('circle.point').length,
    };
    return out;
  });
  // 274 × 186 plot; y from −2 (bottom) to 4 (top): 3 → 31, 0 → 124, 1 → 93.
  assert.deepEqual(drawn, {
    label: 'bumps',
    bands: ['neuron 1', 'neuron 2'],
    totals: 1,
    points: 1,
    total: 'M0,31L137,124L274,93',
    after: { bands: 1, totals: 0, points: 0 },
  });
});

test('the gauge: one bar per value on a shared scale, with its number and marks', async () => {
  const drawn = await page.evaluate(() => {
    const host = document.body.appendChild(document.createElement('div'));
    const view = window.views.createGauge(host, { label: 'diagnosis' });
    view.update({
      bars: [
        { label: 'avoidable bias', value: 0.337 },
        { label: 'variance', value: 0.001 },
      ],
      max: 0.5,
      marks: [{ value: 0.25, label: 'half' }],
    });
    const rows = [...view.element.querySelectorAll('.gauge-row')].map((r) => [
      r.querySelector('.gauge-label').textContent,
      r.querySelector('.gauge-fill').style.width,
      r.querySelector('.gauge-value').textContent,
      r.querySelector('.gauge-mark').style.left,
    ]);
    view.update({ bars: [{ label: 'gap', value: -0.2 }] });
    const after = [...view.element.querySelectorAll('.gauge-fill')].map((f) => [f.style.width, f.className]);
    return { label: view.element.getAttribute('aria-label'), rows, after };
  });
  assert.equal(drawn.label, 'diagnosis');
  assert.deepEqual(
    drawn.rows.map((r) => [r[0], Number.parseFloat(r[1]).toFixed(1), r[2], r[3]]),
    [
      ['avoidable bias', '67.4', '0.337', '50%'],
      ['variance', '0.2', '0.001', '50%'],
    ],
  );
  assert.deepEqual(drawn.after, [['100%', 'gauge-fill negative']]);
});

test('the matrix card: its shape, its numbers when given, one highlighted cell, large ones elided', async () => {
  const drawn = await page.evaluate(() => {
    const host = document.body.appendChild(document.createElement('div'));
    const view = window.views.createMatrix(host, { label: 'W[2]' });
    view.update({
      name: 'W[2]',
      rows: 2,
      cols: 3,
      values: [0.5, -1, 2, 0.25, 1.5e-4, 3],
      highlight: [1, 2],
      note: 'dW',
    });
    const small = {
      caption: view.element.querySelector('figcaption').textContent,
      shape: view.element.dataset.shape,
      cells: [...view.element.querySelectorAll('.matrix-cell')].map((c) => c.textContent),
      highlighted: [...view.element.querySelectorAll('.matrix-cell.highlight')].map((c) => c.textContent),
      note: view.element.querySelector('.matrix-note').textContent,
    };
    view.update({ name: 'A[1]', rows: 16, cols: 10 });
    const cells = [...view.element.querySelectorAll('.matrix-cell')];
    const large = {
      caption: view.element.querySelector('figcaption').textContent,
      count: cells.length,
      filled: cells.filter((c) => c.textContent && !c.classList.contains('gap')).length,
      gaps: cells
        .filter((c) => c.classList.contains('gap'))
        .map((c) => c.textContent)
        .join(''),
      noteHidden: view.element.querySelector('.matrix-note').hidden,
    };
    return { small, large };
  });
  assert.deepEqual(drawn.small, {
    caption: 'W[2]: 2×3',
    shape: '2x3',
    cells: ['0.5', '−1', '2', '0.25', '1.5×10⁻⁴', '3'],
    highlighted: ['3'],
    note: 'dW',
  });
  // 6 of the rows, a gap, the last one; the same for the columns: 8 × 8 cells, the gap row and column.
  assert.deepEqual(drawn.large, {
    caption: 'A[1]: 16×10',
    count: 64,
    filled: 0,
    gaps: `${'⋯'.repeat(6)}${'⋮'.repeat(6)}⋱⋮⋯`,
    noteHidden: true,
  });
  await screenshot(page, 'lesson-views');
});
