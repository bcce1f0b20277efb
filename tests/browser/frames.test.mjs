// Browser tests of the frame work (issue 10 item 16) that do not depend on the machine's load: with 6 layers
// of 8 and all 7 features, at every speed, each animation frame does at most one heavy view's work.
// The wall-clock frame times are in the bench (bench/frames.mjs), never in a test.
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

const api = (page, call, ...args) => page.evaluate(([call, args]) => window.playground[call](...args), [call, args]);
const BIG = '#layers=8,8,8,8,8,8&features=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2';

// Records `ms` of play, frame by frame: each KaTeX render of the equation (a katex-display added, seen by a
// MutationObserver, so it counts every try at fitting the panel) and each heavy view the app says it drew
// in that frame (the 'playground-frame' User Timing measure, web/README.md; its 'equation' is the KaTeX
// render already counted). A frame runs from one animation frame's timestamp to the next: a render is
// stamped with the frame's own time (document.timeline), a measure belongs to the last frame started before it.
const heavyPerFrame = (page, ms) =>
  page.evaluate(
    (ms) =>
      new Promise((resolve) => {
        const starts = [];
        const events = [];
        const math = document.querySelector('#equation .math');
        const observer = new MutationObserver((records) => {
          for (const r of records)
            for (const n of r.addedNodes)
              if (n.classList?.contains('katex-display')) events.push([document.timeline.currentTime, 'katex']);
        });
        observer.observe(math, { childList: true, subtree: true });
        performance.clearMeasures('playground-frame');
        const begin = performance.now();
        const tick = (now) => {
          starts.push(now);
          if (now - begin < ms) return requestAnimationFrame(tick);
          observer.disconnect();
          for (const e of performance.getEntriesByName('playground-frame'))
            for (const view of e.detail?.heavy ?? []) if (view !== 'equation') events.push([e.startTime, view]);
          const frames = starts.map(() => []);
          for (const [time, what] of events) {
            let k = starts.length - 1;
            while (k > 0 && starts[k] > time) k--;
            if (time >= starts[0]) frames[k].push(what);
          }
          resolve({
            frames: frames.length,
            heavy: frames.filter((f) => f.length > 0),
            katex: events.filter((e) => e[1] === 'katex').length,
          });
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );

describe('frame work with 6 layers of 8 and all 7 features (item 16)', () => {
  for (const speed of ['slow', 'medium', 'fast', 'epoch', 'max']) {
    test(`at speed ${speed} every frame draws at most one heavy view (one KaTeX render, the diagram, or the results)`, async (t) => {
      const { page, errors } = await openPage(browser.context, `${browser.url}${BIG}&speed=${speed}`);
      // At 1280 wide most of the first step's formulas take a second, narrower try to fit.
      await page.setViewportSize({ width: 1280, height: 720 });
      await api(page, 'play');
      const { frames, heavy, katex } = await heavyPerFrame(page, speed === 'slow' ? 4000 : 2500);
      await api(page, 'pause');
      t.diagnostic(
        `${frames} frames, ${katex} KaTeX renders; heavy frames: ${heavy.map((f) => f.join('+')).join(' ')}`,
      );
      const crowded = heavy.filter((f) => f.length > 1);
      assert.deepEqual(crowded, [], 'frames with more than one heavy view');
      // The views are drawn at all: the diagram while playing, and the equation at the animated speeds.
      assert.ok(
        heavy.some((f) => f.includes('network')),
        'the diagram is drawn',
      );
      assert.ok(
        heavy.some((f) => f.includes('output')),
        'the output is drawn',
      );
      if (['slow', 'medium', 'fast'].includes(speed)) assert.ok(katex > 0, 'the equation is drawn');
      if (speed === 'fast') await screenshot(page, 'frames-fast-1280x720');
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
