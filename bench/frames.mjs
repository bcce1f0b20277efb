// `npm run bench`, page part: frame times of the playground in Debian's Chromium with 6 hidden layers of 8
// and of 16 (the most the controls allow) and all 7 input features (issue 10 item 16), at each speed, and
// five quick η changes while playing.
// Wall-clock figures vary with the machine's load, so they live here and never in a test that can fail;
// tests/browser/frames.test.mjs checks the structure behind them (at most one heavy view per frame).
import { openBrowser, openPage } from '../tests/browser/helpers.mjs';

const FEATURES = 'features=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2';
const BIG = `#layers=8,8,8,8,8,8&${FEATURES}`;
const ARCHITECTURES = { '6 × 8': BIG, '6 × 16': `#layers=16,16,16,16,16,16&${FEATURES}` };
const SECONDS = 4;

// Everything a frame did in `ms` of play: each frame's interval (rAF to rAF), the long animation frames
// (over 50 ms of script, style, layout and paint together), and the app's own work per frame (its
// 'playground-frame' User Timing measure, web/README.md).
const record = (page, ms) =>
  page.evaluate(
    (ms) =>
      new Promise((resolve) => {
        const long = [];
        const observer = new PerformanceObserver((list) => long.push(...list.getEntries().map((e) => e.duration)));
        observer.observe({ type: 'long-animation-frame' });
        performance.clearMeasures('playground-frame');
        const intervals = [];
        let last = null;
        const begin = performance.now();
        const tick = (now) => {
          if (last !== null) intervals.push(now - last);
          last = now;
          if (now - begin < ms) return requestAnimationFrame(tick);
          observer.disconnect();
          const entries = performance.getEntriesByName('playground-frame');
          const work = entries.map((e) => e.duration);
          const worst = entries.reduce((a, e) => (e.duration > (a?.duration ?? -1) ? e : a), null);
          // The worst frame's parts, the longest first: where its time went.
          const parts = Object.entries(worst?.detail ?? {})
            .filter(([k, v]) => typeof v === 'number' && k !== 'frame' && v >= 1)
            .sort((a, b) => b[1] - a[1])
            .map(([k, v]) => `${k} ${v.toFixed(0)}`)
            .join(', ');
          resolve({ intervals, long, work, parts });
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );

const quantile = (xs, q) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const ms = (v) => `${v.toFixed(1)} ms`;

const browser = await openBrowser();
try {
  console.log(`\nPage frames, all 7 features, 1280×720, ${SECONDS} s of play per speed:\n`);
  console.log(
    '| hidden layers | speed | frames/s | frame interval p90 / max | app work per frame p90 / max (worst frame, ms) | frames over 50 ms |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const [name, hash] of Object.entries(ARCHITECTURES))
    for (const speed of ['slow', 'medium', 'fast', 'epoch', 'max']) {
      const { page } = await openPage(browser.context, `${browser.url}${hash}&speed=${speed}`);
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.evaluate(() => window.playground.play());
      await page.waitForTimeout(300);
      const { intervals, long, work, parts } = await record(page, SECONDS * 1000);
      await page.evaluate(() => window.playground.pause());
      console.log(
        `| ${name} | ${speed} | ${(intervals.length / SECONDS).toFixed(0)} | ${ms(quantile(intervals, 0.9))} / ` +
          `${ms(Math.max(0, ...intervals))} | ${ms(quantile(work, 0.9))} / ${ms(Math.max(0, ...work))} (${parts}) | ` +
          `${long.length} of ${intervals.length}${long.length ? ` (longest ${ms(Math.max(...long))})` : ''} |`,
      );
      await page.close();
    }

  // Five η choices in a row while playing at 'max', as quickly as the select takes them, until the page
  // shows the last.
  const { page } = await openPage(browser.context, `${browser.url}${BIG}&speed=max`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.evaluate(() => window.playground.play());
  await page.waitForTimeout(300);
  const frames = record(page, 1500);
  frames.catch(() => {}); // awaited below; an error of the changes themselves is the one to report
  const { took, apply } = await page.evaluate(async () => {
    performance.clearMeasures('playground-setstate');
    const lr = [...document.querySelectorAll('select')].find((s) => s.labels?.[0]?.textContent === 'Learning rate η');
    const started = performance.now();
    for (const value of ['0.03', '0.1', '0.003', '0.3', '0.01']) {
      lr.value = value;
      lr.dispatchEvent(new Event('change', { bubbles: true }));
    }
    // The next frame draws the last choice (two animation frames: the one already asked for, and one after).
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const apply = performance.getEntriesByName('playground-setstate').map((e) => e.duration);
    return { took: performance.now() - started, apply };
  });
  const { long } = await frames;
  const state = await page.evaluate(() => window.playground.getState().lr);
  await page.evaluate(() => window.playground.pause());
  console.log(
    `\nFive quick η changes while playing at 'max': ${ms(took)} until the page shows the last (η = ${state}); ` +
      `each change ${apply.map((d) => d.toFixed(1)).join(', ')} ms; frames over 50 ms meanwhile: ${long.length}` +
      `${long.length ? ` (longest ${ms(Math.max(...long))})` : ''}.`,
  );
  await page.close();
} finally {
  await browser.close();
}
