// Renews the README's screenshots (docs/playground.png, docs/backward-step.png, docs/lesson-q3.png) from the built page:
// `node scripts/readme-screenshots.mjs` after `npm run build`. Not part of the tests.
/* global window, document, requestAnimationFrame */
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

  // Lesson q3 after one epoch: its readouts, probe and exercise beside the network, at a laptop's size.
  const lesson = await openPage(browser.context, `${browser.url}#lesson=q3`);
  await lesson.page.setViewportSize({ width: 1280, height: 720 });
  await lesson.page.evaluate(() => window.playground.stepEpoch());
  await lesson.page.waitForFunction(
    () => document.querySelector('output[data-readout="gradient-check"]').dataset.value,
  );
  await lesson.page.locator('#lesson .lesson-piece').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await lesson.page.waitForTimeout(400);
  await lesson.page.screenshot({ path: join(root, 'docs', 'lesson-q3.png') });
  if (lesson.errors.length) throw new Error(`console errors: ${lesson.errors.join('; ')}`);
  console.log('wrote docs/playground.png, docs/backward-step.png and docs/lesson-q3.png');
} finally {
  await browser.close();
}
