// Browser tests of reading the network: hovering a neuron anywhere in its square (heatmap thumbnails
// included) or a link's hit band, keyboard access to a neuron's incoming links, pinning; and the backward
// equations with L1/L2 and dropout written as the engine computes them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertText, openBrowser, openPage, screenshot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

const learned = (page, pattern) => assertText(page, '#learned', new RegExp(pattern), { timeout: 5000 });

// The screen point at `fraction` of the length of an SVG path.
async function pointOn(page, selector, fraction) {
  return page.$eval(
    selector,
    (path, f) => {
      const p = path.getPointAtLength(path.getTotalLength() * f);
      const m = path.getScreenCTM();
      return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
    },
    fraction,
  );
}

describe('inspection', () => {
  test("the pointer on a neuron's centre or near a link shows its values (2-D and 1-D data)", async () => {
    for (const hash of ['#dataset=circle&layers=4,3', '#dataset=sin&layers=4,3']) {
      const { page, errors } = await openPage(browser.context, `${browser.url}${hash}`);
      await page.evaluate(() => window.playground.stepBatch());
      const box = await page.$eval('svg.network-svg g.layer[data-layer="2"] g.neuron:nth-child(2) rect', (r) => {
        const b = r.getBoundingClientRect();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      });
      await page.mouse.move(box.x, box.y);
      await learned(page, 'Layer 2 neuron 2');
      // Two pixels beside a thin link still find it.
      const at = await pointOn(page, 'svg.network-svg g.layer[data-layer="2"] path.link-hit', 0.5);
      await page.mouse.move(at.x, at.y + 2);
      await learned(page, 'Link W\\[2\\]1,1');
      assert.match(await page.textContent('#learned'), /dW \(last step\)/);
      assert.deepEqual(errors, [], hash);
      await page.close();
    }
  });

  test('a focused neuron: ↑/↓ walk its incoming links, Enter pins it without starting play', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#layers=3,2`);
    await page.evaluate(() => window.playground.stepBatch());
    const neuron = 'svg.network-svg g.layer[data-layer="2"] g.neuron:nth-child(2)';
    await page.focus(neuron);
    await learned(page, 'Layer 2 neuron 2');
    await page.keyboard.press('ArrowDown');
    await learned(page, 'Link W\\[2\\]2,1: from neuron 1 of layer 1 to neuron 2 of layer 2');
    assert.equal(await page.$$eval('svg.network-svg path.link.focused', (ps) => ps.length), 1);
    await page.keyboard.press('ArrowDown');
    await learned(page, 'Link W\\[2\\]2,2');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await learned(page, 'Link W\\[2\\]2,1'); // round the three incoming links
    await page.keyboard.press('ArrowUp');
    await learned(page, 'Link W\\[2\\]2,3');
    await screenshot(page, 'link-by-keyboard');
    await page.keyboard.press('Enter');
    await learned(page, 'Layer 2 neuron 2');
    await page.keyboard.press('Space'); // Space on a neuron pins/unpins too: never play
    await page.keyboard.press('Space');
    await page.focus('h1').catch(() => {});
    await page.click('h1');
    await learned(page, 'Layer 2 neuron 2'); // still pinned after the focus left
    assert.equal(await page.$eval('#toolbar button.primary', (b) => b.getAttribute('aria-pressed')), 'false');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a resize rebuilds the diagram and the focused neuron keeps the keyboard focus (Space pins, never plays)', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#layers=3,2`);
    await page.evaluate(() => window.playground.stepBatch());
    await page.focus('svg.network-svg g.layer[data-layer="2"] g.neuron:nth-child(2)');
    await learned(page, 'Layer 2 neuron 2');
    const before = await page.$('svg.network-svg g.layer[data-layer="2"] g.neuron:nth-child(2)');
    await page.setViewportSize({ width: 1100, height: 700 });
    await page.waitForFunction((old) => !old.isConnected, before); // the diagram was rebuilt
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      return a?.closest('g.layer')?.getAttribute('data-layer') + ':' + [...a.parentNode.children].indexOf(a);
    });
    assert.equal(focused, '2:1');
    await page.keyboard.press('Space');
    await page.click('h1');
    await learned(page, 'Layer 2 neuron 2'); // pinned by the Space after the rebuild
    assert.equal(await page.$eval('#toolbar button.primary', (b) => b.getAttribute('aria-pressed')), 'false');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('with L2 and dropout the backward equations show λW in dW and the dropout mask in dZ', async () => {
    const { page, errors } = await openPage(
      browser.context,
      `${browser.url}#layers=4,3&l2=0.01&l1=0.001&dropout=0.5&batch=1`,
    );
    const texts = {};
    for (let k = 0; k < 8; k++) {
      await page.evaluate(() => window.playground.stepPhase());
      const { kind, layer } = await page.evaluate(() => window.playground.phase());
      texts[`${kind}${layer ?? ''}`] = await page.textContent('#equation annotation');
      if (kind === 'backward' && layer === 2) await screenshot(page, 'backward-dropout-l2');
    }
    const hidden = texts.backward2;
    assert.ok(hidden.includes('dZ^{[2]} &= \\Big(dA^{[2]} \\odot \\frac{D^{[2]}}{1-p}\\Big) \\odot'), hidden);
    assert.ok(hidden.includes('+ \\lambda_1 \\operatorname{sign}(W^{[2]}) + \\lambda_2 W^{[2]}'), hidden);
    assert.ok(hidden.includes('\\lambda_1 = 0.001,\\ \\lambda_2 = 0.01'), hidden);
    // The mask's 0/1 entries and 1 − p are written out.
    assert.match(hidden, /\\frac\{\\begin\{bmatrix\}[01]( \\\\ [01])*\\end\{bmatrix\}\}\{0\.5\}/);
    // The output layer has no dropout; its dW still carries the penalty.
    assert.ok(!texts.backward3.includes('D^{[3]}') && texts.backward3.includes('\\lambda_2 W^{[3]}'), texts.backward3);
    assert.ok(texts.loss3.includes('J &= \\mathcal{L} + \\lambda_1 \\sum |W|'), texts.loss3);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
