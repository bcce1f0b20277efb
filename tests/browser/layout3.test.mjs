// Browser tests of the layout3 slice (issue 10 items 10 and 18, a fresh-eyes student review): the equation
// gets the laptop's spare height, a phone shows the network before an open lesson, 16 neurons stay tappable
// on a phone, and opening a lesson says what it changed and can give the student's own setup back.
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
// Two animation frames: every view has drawn the current state.
const drawn = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const box = (page, selector) =>
  page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height, width: r.width };
  });

describe('the equation has the laptop’s height (item 1)', () => {
  // Today's main: the formula's box is 171 px high at both sizes, so the default network's backward-1
  // formula (about 670 px) shows a quarter and its update (about 410 px) 42 %. `least` is the box's height
  // asked for here, `share` the part of the backward-1 formula in view without scrolling.
  for (const [width, height, least, share] of [
    [1280, 720, 205, 0.3],
    [1440, 900, 340, 0.5],
  ]) {
    for (const hash of ['', '#layers=8,8,8,8,8,8']) {
      test(`at ${width}×${height}${hash ? ' with 6 layers of 8' : ''} the formula's box is ${least} px or more, in view with the toolbar and network, one height in every phase`, async (t) => {
        const { page, errors } = await openPage(browser.context, `${browser.url}${hash}`);
        await page.setViewportSize({ width, height });
        await drawn(page);
        // Idle first: the panel's height before any step counts too.
        const heights = new Set([Math.round((await box(page, '#equation')).height)]);
        let backward = null;
        let update = null;
        for (let k = 0; k < 20; k++) {
          await api(page, 'stepPhase');
          await drawn(page);
          const { kind, layer } = await api(page, 'phase');
          const math = await page.$eval('#equation .math', (m) => ({ client: m.clientHeight, scroll: m.scrollHeight }));
          heights.add(Math.round((await box(page, '#equation')).height));
          if (kind === 'backward' && layer === 1) backward = math;
          // Toolbar, network and this phase's equation on screen together, the page not scrolled.
          assert.equal(await page.evaluate(() => window.scrollY), 0);
          for (const selector of ['#toolbar', '#network', '#equation']) {
            const b = await box(page, selector);
            assert.ok(
              b.top >= 0 && b.bottom <= height && b.right <= width,
              `${kind}: ${selector} ${JSON.stringify(b)}`,
            );
          }
          if (kind === 'update') {
            update = math;
            break;
          }
        }
        t.diagnostic(
          `formula box ${backward.client} px; backward 1: ${backward.scroll} px, update: ${update.scroll} px`,
        );
        assert.equal(heights.size, 1, `the equation panel's heights: ${[...heights].join(', ')}`);
        assert.ok(backward.client >= least, `the formula's box is ${backward.client} px high`);
        const seen = Math.min(1, backward.client / backward.scroll);
        assert.ok(seen >= share, `${(seen * 100).toFixed(0)} % of backward 1 in view`);
        // The diagram keeps its 8 rows readable: squares of 18 px or more.
        const node = await page.$eval('#network .neuron rect', (r) => r.getBoundingClientRect().width);
        assert.ok(node >= 18, `squares ${node} px`);
        await screenshot(page, `layout3-equation${hash ? '-6x8' : ''}-${width}x${height}`);
        assert.deepEqual(errors, []);
        await page.close();
      });
    }
  }
});

describe('an open lesson on a phone or tablet comes after the network (item 2)', () => {
  for (const [width, height] of [
    [390, 844],
    [768, 1024],
  ]) {
    test(`at ${width}×${height} with lesson q2: Play first, then the network, then the lesson, in view and in tab order`, async () => {
      const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q2`);
      await page.setViewportSize({ width, height });
      await drawn(page);
      const play = await box(page, '#toolbar button.primary');
      const toolbar = await box(page, '#toolbar');
      const network = await box(page, '#network-panel');
      const lesson = await box(page, '#lesson');
      const equation = await box(page, '#equation');
      assert.ok(play.top < 200, `Play's top at ${play.top} px`);
      // Between the toolbar and the diagram only the closed settings drawer's one line.
      assert.ok(
        network.top - toolbar.bottom <= 70,
        `the network starts ${network.top - toolbar.bottom} px below the toolbar`,
      );
      assert.ok(network.top < height - 200, `the network starts on the first screen, at ${network.top} px`);
      assert.ok(
        lesson.top >= network.bottom,
        `the lesson (top ${lesson.top}) after the network (bottom ${network.bottom})`,
      );
      assert.ok(lesson.top < equation.top, `the lesson (top ${lesson.top}) before the equation (top ${equation.top})`);
      // The tab order follows: the network's neurons before the lesson's buttons.
      const order = await page.evaluate(() => {
        const neuron = document.querySelector('#network .neuron');
        const fold = document.querySelector('#lesson .lesson-fold');
        return Boolean(neuron.compareDocumentPosition(fold) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      assert.ok(order, 'the neurons come before the lesson in the tab order');
      // The lesson menu in the header fits the screen's width.
      const menu = await box(page, '#ctl-lesson');
      assert.ok(menu.right <= width && menu.left >= 0, `the lesson menu ${JSON.stringify(menu)}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `build/screenshots/layout3-lesson-order-${width}x${height}.png` });
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('at 1280×720 the lesson stays in the right-hand column, and follows the network when the window narrows', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q2`);
    await page.setViewportSize({ width: 1280, height: 720 });
    await drawn(page);
    const centre = await box(page, '.centre');
    const lesson = await box(page, '#lesson');
    assert.ok(lesson.left >= centre.right, `the lesson at x ${lesson.left}, the centre ends at ${centre.right}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await drawn(page);
    assert.ok((await box(page, '#lesson')).top >= (await box(page, '#network-panel')).bottom);
    await page.setViewportSize({ width: 1280, height: 720 });
    await drawn(page);
    assert.ok((await box(page, '#lesson')).left >= (await box(page, '.centre')).right, 'back in its column');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('16 neurons a layer on a phone (item 3, issue 10 item 18)', () => {
  test('at 390×844 with 6 layers of 16 the squares are 16 px or more; numbers left out are said so and shown on a tap', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#layers=16,16,16,16,16,16`);
    await page.setViewportSize({ width: 390, height: 844 });
    await api(page, 'stepEpoch');
    const note = page.locator('#network text.hidden-note');
    let noted = 0;
    for (let k = 0; k < 16; k++) {
      await api(page, 'stepPhase');
      await drawn(page);
      const { kind, layer } = await api(page, 'phase');
      const sizes = await page.$$eval('#network .neuron rect', (rs) => rs.map((r) => r.getBoundingClientRect().width));
      assert.ok(Math.min(...sizes) >= 16, `${kind} ${layer}: squares of ${Math.min(...sizes)} px`);
      // Where a layer's numbers are left out (no room beside 16 squares a column), the diagram says so.
      const values = await page.$$eval('#network text.value', (ts) => ts.filter((t) => t.textContent).length);
      const neurons = await page.$$eval('#network .neuron', (ns) => ns.length);
      const text = (await note.textContent()) ?? '';
      if (kind !== 'update' && values < neurons) {
        assert.match(text, /tap or point at a neuron for its numbers/, `${kind} ${layer}`);
        noted++;
        const b = await box(page, '#network text.hidden-note');
        const svg = await box(page, '#network svg');
        assert.ok(b.left >= svg.left && b.right <= svg.right, `the note inside the diagram ${JSON.stringify(b)}`);
      }
      if (kind === 'backward' && layer === 3) {
        // A tap on a neuron: its card shows the numbers the diagram left out.
        const neuron = page.getByRole('button', { name: /^Layer 3 neuron 5 / });
        await neuron.click();
        await page.waitForFunction(() => !document.querySelector('.network-card').hidden);
        const card = await page.textContent('.network-card');
        assert.match(card, /Layer 3 neuron 5/);
        assert.match(card, /dz|dZ/, card);
        await page.screenshot({ path: 'build/screenshots/layout3-6x16-card-390x844.png' });
        await neuron.click(); // unpinned
      }
    }
    assert.ok(noted > 0, 'the note was shown');
    await page.evaluate(() => document.querySelector('#network').scrollIntoView({ block: 'start' }));
    await screenshot(page, 'layout3-6x16-390x844');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('opening a lesson keeps the student’s own setup (item 4)', () => {
  // A free-play setup of the student's own, which lesson q2 (circle, 8-8 tanh, batch 10) and q5 (iris, 6-4
  // relu, softmax) both change.
  const OWN = {
    dataset: 'xor',
    layers: [4, 3],
    act: ['relu', 'tanh'],
    lr: 0.03,
    batch: 20,
    noise: 0.2,
    speed: 'medium',
  };

  test('from the menu: a note says what the lesson set, and “Back to my setup” restores the state exactly', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await api(page, 'setState', OWN);
    const own = await api(page, 'getState');
    await page.selectOption('#ctl-lesson', 'q2');
    await drawn(page);
    const note = page.locator('#lesson .lesson-setup');
    assert.ok(await note.isVisible(), 'a note in the lesson box');
    const text = await note.innerText();
    assert.match(text, /Lesson q2 set:/);
    // It names what changed: the lesson opens as its address does, its preset over the defaults, so the
    // student's η goes back to its default too; what was already so (the optimizer, Adam) is not named.
    for (const word of [
      /Data set circle/,
      /Hidden layers 8,8/,
      /Hidden activations tanh,tanh/,
      /Learning rate η 0\.01/,
      /Batch size \(0 = all\) 10/,
    ])
      assert.match(text, word);
    assert.doesNotMatch(text, /Optimizer/);
    assert.match(text, /your setup is kept/i);
    const back = note.getByRole('button', { name: /Back to my setup/ });
    assert.ok(await back.isVisible());
    assert.equal((await api(page, 'getState')).dataset, 'circle', 'the lesson’s preset is on');
    await screenshot(page, 'layout3-lesson-setup-1280x720');
    await back.click();
    await drawn(page);
    assert.deepEqual(await api(page, 'getState'), own, 'the state before the lesson, exactly');
    assert.equal(await page.locator('#lesson').isVisible(), false, 'the lesson is closed');
    assert.equal(await page.inputValue('#ctl-lesson'), '');
    assert.doesNotMatch(await page.evaluate(() => location.hash), /lesson=/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('by the address, then to another lesson, then closed: the offer stays, and restores the setup from before the first', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    await page.setViewportSize({ width: 390, height: 844 });
    await api(page, 'setState', OWN);
    const own = await api(page, 'getState');
    await page.evaluate(() => (location.hash = `${location.hash}&lesson=q2`));
    await page.waitForFunction(() => window.playground.getState().lesson === 'q2');
    await drawn(page);
    assert.match(await page.locator('#lesson .lesson-setup').innerText(), /Lesson q2 set/);
    await page.selectOption('#ctl-lesson', 'q5');
    await drawn(page);
    const note = page.locator('#lesson .lesson-setup');
    assert.match(await note.innerText(), /Lesson q5 set.*Data set iris/s);
    // Closed (free play): the lesson's settings stay, and the offer with them.
    await page.selectOption('#ctl-lesson', '');
    await drawn(page);
    assert.ok(await note.isVisible(), 'the offer stays after closing the lesson');
    assert.match(await note.innerText(), /lesson is closed/i);
    assert.equal((await api(page, 'getState')).dataset, 'iris', 'closing keeps the lesson’s settings');
    await screenshot(page, 'layout3-lesson-closed-390x844');
    await note.getByRole('button', { name: /Back to my setup/ }).click();
    await drawn(page);
    assert.deepEqual(await api(page, 'getState'), own);
    assert.equal(await page.locator('#lesson').isVisible(), false, 'nothing left of the lesson box');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('closed, the offer can be put away: the lesson’s settings stay and the lesson box goes', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    await api(page, 'setState', OWN);
    await page.selectOption('#ctl-lesson', 'q5');
    await page.selectOption('#ctl-lesson', '');
    await drawn(page);
    await page.locator('#lesson .lesson-setup').getByRole('button', { name: 'Keep these settings' }).click();
    await drawn(page);
    assert.equal(await page.locator('#lesson').isVisible(), false);
    assert.equal((await api(page, 'getState')).dataset, 'iris');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a lesson opened by a link on a fresh page has no setup to go back to, and says nothing of one', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q2`);
    await drawn(page);
    assert.equal(await page.locator('#lesson .lesson-setup').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('a lesson opens as its own address does, whatever came before', () => {
  // Found by a fresh-eyes review: q8's dropout 0.3 and noise 0.2 stayed on through q9 and b2 picked from
  // the menu, so b2's "the homework's own network" ran with dropout on noisy data.
  test('q8, then q9 and b2 from the menu: each lesson’s state equals a fresh load of its address', async () => {
    const fresh = {};
    for (const id of ['q9', 'b2']) {
      const { page } = await openPage(browser.context, `${browser.url}#lesson=${id}`);
      fresh[id] = await api(page, 'getState');
      await page.close();
    }
    const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q8`);
    await drawn(page);
    const q8 = await api(page, 'getState');
    assert.equal(q8.dropout, 0.3);
    assert.equal(q8.noise, 0.2);
    for (const id of ['q9', 'b2']) {
      await page.selectOption('#ctl-lesson', id);
      await drawn(page);
      assert.deepEqual(await api(page, 'getState'), fresh[id], id);
      assert.match(await page.evaluate(() => location.hash), /&noise=0&.*&dropout=0&/, id);
    }
    // The student's view settings are theirs and stay.
    await api(page, 'setState', { logscale: true });
    await page.selectOption('#ctl-lesson', 'q9');
    await drawn(page);
    assert.equal((await api(page, 'getState')).logscale, true);
    assert.equal(await page.getByLabel('Noise', { exact: true }).inputValue(), '0');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
