// Renews the README's two screenshots (docs/playground.png, docs/backward-step.png) from the built page:
// `node scripts/readme-screenshots.mjs` after `npm run build`. Not part of the tests.
/* global window, requestAnimationFrame */
import { join } from 'node:path';
import { openBrowser, openPage, root } from '../tests/browser/helpers.mjs';

const browser = await openBrowser();
try {
  await browser.context.pages()[0]?.setViewportSize({ width: 1440, height: 900 });
  const { page, errors } = await openPage(browser.context, `${browser.url}#dataset=circle`);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.evaluate(async () => {
    for (let i = 0; i < 120; i += 1) window.playground.stepEpoch();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(root, 'docs', 'playground.png') });

  // One step, phase by phase, until the backward phase of layer 2.
  await page.evaluate(async () => {
    const pg = window.playground;
    for (let i = 0; i < 40; i += 1) {
      pg.stepPhase();
      const p = pg.phase();
      if (p.kind === 'backward' && p.layer === 2) break;
    }
  });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(root, 'docs', 'backward-step.png') });
  if (errors.length) throw new Error(`console errors: ${errors.join('; ')}`);
  console.log('wrote docs/playground.png and docs/backward-step.png');
} finally {
  await browser.close();
}
