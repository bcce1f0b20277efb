// Browser tests of the network diagram and the inspector as a student sees them: every number drawn whole
// and readable at every architecture the controls allow, one source for what each phase shows, the hover
// card, neurons above links, the loss phase marked, editing a weight, a diagram that fills its panel.
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

const ALL_FEATURES = 'features=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2';
const ARCHITECTURES = {
  default: '',
  six8: 'layers=8,8,8,8,8,8&act=tanh',
  one16: 'layers=16',
  features7: ALL_FEATURES,
  six8features7: `layers=8,8,8,8,8,8&act=tanh&${ALL_FEATURES}`,
};
const SIZES = [
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
];

// Every text drawn in the diagram: its box (client pixels), its text, whether every link is painted
// before it (so no link, dashed dW links included, lies over it), and the svg's box and the neuron squares.
const diagramTexts = (page) =>
  page.$eval('svg.network-svg', (svg) => {
    const box = (el) => {
      const b = el.getBoundingClientRect();
      return { x: b.x, y: b.y, right: b.right, bottom: b.bottom };
    };
    const links = [...svg.querySelectorAll('path.link')];
    const lastLink = links[links.length - 1];
    const texts = [...svg.querySelectorAll('text')]
      .filter((t) => t.textContent.trim() !== '' && getComputedStyle(t).display !== 'none')
      .map((t) => ({
        text: t.textContent,
        cls: t.getAttribute('class'),
        box: box(t),
        fontSize: parseFloat(getComputedStyle(t).fontSize),
        aboveLinks: !lastLink || Boolean(lastLink.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING),
      }));
    const squares = [...svg.querySelectorAll('g.neuron rect')].map(box);
    return { svg: box(svg), texts, squares };
  });

const overlaps = (a, b, tol = 0.5) =>
  a.x < b.right - tol && b.x < a.right - tol && a.y < b.bottom - tol && b.y < a.bottom - tol;
const inside = (a, b, tol = 0.5) =>
  a.x >= b.x - tol && a.right <= b.right + tol && a.y >= b.y - tol && a.bottom <= b.bottom + tol;

// A number written in full: digits, an optional ×10 with a superscript exponent, never "e-12".
const WHOLE_NUMBER = /^[−-]?\d+(\.\d+)?(×10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?$/;

function checkTexts({ svg, texts, squares }, where) {
  for (const t of texts) {
    assert.ok(
      inside(t.box, svg),
      `${where}: "${t.text}" leaves the diagram ${JSON.stringify(t.box)} vs ${JSON.stringify(svg)}`,
    );
    assert.ok(t.aboveLinks, `${where}: "${t.text}" is drawn under a link`);
    assert.ok(t.fontSize >= 10, `${where}: "${t.text}" is ${t.fontSize}px`);
    if (t.cls?.includes('value')) {
      for (const part of t.text.split(/\s+/).filter((p) => /\d/.test(p)))
        assert.match(part, WHOLE_NUMBER, `${where}: "${t.text}" is not a whole number`);
      for (const s of squares) assert.ok(!overlaps(t.box, s), `${where}: "${t.text}" lies on a neuron`);
    }
  }
  for (let a = 0; a < texts.length; a++)
    for (let b = a + 1; b < texts.length; b++)
      assert.ok(!overlaps(texts[a].box, texts[b].box), `${where}: "${texts[a].text}" and "${texts[b].text}" overlap`);
}

describe('the network diagram', () => {
  test('every number drawn is whole, inside the diagram, above the links and clear of other labels and neurons', async () => {
    for (const size of SIZES) {
      for (const [name, hash] of Object.entries(ARCHITECTURES)) {
        const { page, errors } = await openPage(browser.context, `${browser.url}#${hash}`);
        await page.setViewportSize(size);
        await page.evaluate(() => window.playground.stepEpoch());
        const L = await page.evaluate(() => window.playground.getState().layers.length + 1);
        let numbers = 0;
        for (let k = 0; k < 2 * L + 2; k++) {
          await page.evaluate(() => window.playground.stepPhase());
          const { kind, layer } = await page.evaluate(() => window.playground.phase());
          const where = `${name} ${size.width}×${size.height} ${kind} ${layer}`;
          const drawn = await diagramTexts(page);
          checkTexts(drawn, where);
          numbers += drawn.texts.filter((t) => t.cls?.includes('value')).length;
          if (kind === 'backward' && layer === L - 1) await screenshot(page, `network-labels-${name}-${size.width}`);
        }
        // Labels may be left out where a column has no room (the card shows them), never everywhere on a laptop.
        if (size.width >= 1280) assert.ok(numbers > 0, `${name}: no number drawn at all`);
        assert.deepEqual(errors, [], name);
        await page.close();
      }
    }
  });
});
