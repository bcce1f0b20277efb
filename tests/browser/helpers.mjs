// Shared set-up of the browser tests: the built page served by Vite's preview server, Debian's Chromium
// driven by playwright-core (never a downloaded browser), console errors collected, screenshots saved.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDir = join(root, 'build', 'screenshots');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// One browser (a persistent context in a fresh temporary profile) and one server for a test file.
export async function openBrowser({ serve = true } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'bp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 1000 },
  });
  const served = serve ? await startServer({ port: 4600 + Math.floor(Math.random() * 300), quiet: true }) : null;
  return {
    context,
    url: served?.url,
    async close() {
      await context.close();
      if (served) await served.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// A new page at `address`, with every console error and uncaught exception collected in `errors`.
export async function openPage(context, address, { waitReady = true } = {}) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(address);
  if (waitReady) await page.evaluate(() => window.playground.ready.then(() => true));
  return { page, errors };
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

// Views are drawn on the next animation frame after a change: wait (up to `timeout` ms) for the text of
// `selector` to match `pattern`, then assert it, so that a failure shows the text the page had.
export async function assertText(page, selector, pattern, { timeout = 10000 } = {}) {
  await page
    .waitForFunction(
      ([sel, source, flags]) => new RegExp(source, flags).test(document.querySelector(sel)?.textContent ?? ''),
      [selector, pattern.source, pattern.flags],
      { timeout, polling: 50 },
    )
    .catch(() => {});
  assert.match((await page.textContent(selector)) ?? '', pattern);
}

// ---- lessons: what their tests read and do the same way ----

// Two animation frames: the views (and the open lesson) have drawn the current state.
export const drawn = (page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

// A lesson readout, <output data-readout="name">: its text, its exact value (data-value) and whether it shows.
export const readout = (page, name) =>
  page.$eval(`output[data-readout="${name}"]`, (o) => ({
    text: o.textContent,
    value: o.dataset.value,
    visible: o.checkVisibility(),
  }));

// Commits a guess to the prediction prompt `id` (views/lesson/predict.js) and waits for the reveal: a number
// is typed, {choice: k} picks the k-th choice, null commits nothing. Returns {verdict, text} of its output.
export async function predict(page, id, guess, { timeout = 60000 } = {}) {
  const form = page.locator(`form.prediction[data-prompt="${id}"]`);
  if (typeof guess === 'number') await form.locator('input[type="text"]').fill(String(guess));
  else if (guess !== null) await form.locator('input[type="radio"]').nth(guess.choice).check();
  await form.locator('button[type="submit"]').click();
  const out = form.locator('output');
  await page.waitForFunction((o) => o.dataset.verdict !== 'pending', await out.elementHandle(), { timeout });
  return { verdict: await out.getAttribute('data-verdict'), text: await out.textContent() };
}

// A lesson's exercise, answered: types `text` into #<id>-answer, presses the exercise form's Check and
// returns the verdict as shown ({verdict, text}). `form` selects the exercise's form.
export async function answerExercise(page, id, text, form = '.lesson-exercise') {
  await page.fill(`#${id}-answer`, String(text));
  await page.click(`${form} button[type="submit"]`);
  return page.$eval(`${form} .verdict`, (v) => ({ verdict: v.dataset.verdict, text: v.textContent }));
}
