// Screenshots of the page's main states (idle, mid forward, backward, update, after training, lesson q5) at
// the four sizes a student uses, written to build/screenshots/screen-<w>x<h>-<state>.png, and the axe scan of
// those states: no serious or critical violation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { openBrowser, openPage, screenshot } from './helpers.mjs';

const SIZES = [
  [1440, 900],
  [1280, 720],
  [768, 1024],
  [390, 844],
];

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

const api = (page, call) => page.evaluate((call) => window.playground[call](), call);

async function seriousViolations(page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes
          .slice(0, 2)
          .map((n) => n.target)
          .join(' ')}`,
    );
}

for (const [width, height] of SIZES) {
  test(`the main states at ${width}×${height}: screenshots, and axe finds nothing serious`, async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    await page.setViewportSize({ width, height });
    const shot = async (state) => {
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await screenshot(page, `screen-${width}x${height}-${state}`);
    };
    const violations = [];
    await shot('idle');
    violations.push(...(await seriousViolations(page)));
    // Default network 2-8-8-1: forward 1, 2, 3, the loss, backward 3, 2, 1, the update.
    await api(page, 'stepPhase');
    await api(page, 'stepPhase');
    await shot('forward');
    await api(page, 'stepPhase');
    await api(page, 'stepPhase');
    await api(page, 'stepPhase');
    await api(page, 'stepPhase');
    await shot('backward');
    violations.push(...(await seriousViolations(page)));
    await api(page, 'stepPhase');
    await api(page, 'stepPhase');
    assert.equal((await api(page, 'phase')).kind, 'update');
    await shot('update');
    for (let k = 0; k < 30; k++) await api(page, 'stepEpoch');
    await shot('trained');
    violations.push(...(await seriousViolations(page)));
    await page.evaluate(() => window.playground.setState({ lesson: 'q5' }));
    await api(page, 'stepPhase');
    await shot('lesson-q5');
    violations.push(...(await seriousViolations(page)));
    assert.deepEqual([...new Set(violations)], []);
    assert.deepEqual(errors, []);
    await page.close();
  });
}
