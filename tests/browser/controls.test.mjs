// Browser tests of the messages and the settings controls (issue 10 items 14 and 17): the early-stopping
// message said once, notices beyond the tenth folded with a count, a missing lesson named plainly, a bad
// value reported at its field, data-set thumbnails, a new sample, and "restore defaults" apart from Reset.
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

const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

describe('messages', () => {
  test('early stopping is said once: what happened and which weights are back', async () => {
    // A large step size on few examples: the validation loss stops improving within a few epochs.
    const { page, errors } = await openPage(browser.context, `${browser.url}#patience=2&lr=0.3&n=40&noise=0.3`);
    for (let k = 0; k < 200 && (await page.isHidden('#message')); k++) {
      await page.evaluate(() => window.playground.stepEpoch());
    }
    const text = await page.textContent('#message');
    assert.equal(text.match(/early stopping/gi)?.length, 1, text);
    assert.equal(text.match(/restored/gi)?.length, 1, text);
    assert.match(
      text,
      /^Early stopping: the validation loss has not improved for 2 epochs; restored the weights of epoch \d+\.$/,
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('beyond ten notices the newest ten are shown and the rest counted, never dropped silently', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    const partial = Object.fromEntries([...Array(13).keys()].map((k) => [`bogus${k + 1}`, 1]));
    await page.evaluate((p) => window.playground.setState(p), partial);
    await frames(page);
    const items = await page.$$eval('#notices li', (lis) => lis.map((li) => li.textContent));
    assert.equal(items.length, 10);
    assert.equal(items.at(-1), 'Ignored the unknown setting “bogus13”.');
    assert.equal(items[0], 'Ignored the unknown setting “bogus4”.');
    const folded = page.locator('#notices .notices-folded');
    assert.equal(await folded.isVisible(), true);
    assert.equal(await folded.textContent(), '3 earlier notices hidden');
    // Dismissing clears the count as well.
    await page.click('#notices button');
    assert.equal(await page.isHidden('#notices'), true);
    await page.evaluate(() => window.playground.setState({ bogus: 1 }));
    await frames(page);
    assert.equal(await folded.isVisible(), false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('an address naming a lesson that does not exist says so plainly', async () => {
    const { page, errors } = await openPage(browser.context, `${browser.url}#lesson=q3`);
    const items = await page.$$eval('#notices li', (lis) => lis.map((li) => li.textContent));
    assert.equal(items.length, 1, JSON.stringify(items));
    assert.equal(items[0], 'Lesson “q3” does not exist; the available lessons are q5. No lesson is open.');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a bad value typed in a field is reported at the field, and the report goes when corrected', async () => {
    const { page, errors } = await openPage(browser.context, browser.url);
    const field = page.getByLabel('Number of examples');
    await field.fill('5');
    await field.press('Enter');
    await field.blur();
    await frames(page);
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    const messageId = describedBy.split(/\s+/).find((id) => id.endsWith('-error'));
    assert.ok(messageId, describedBy);
    const message = page.locator(`#${messageId}`);
    assert.equal(await message.isVisible(), true);
    assert.equal(await message.textContent(), '“5” is not an integer in 20..2000; kept 200.');
    // The message sits next to the field: just below it, within the settings column.
    const fieldBox = await field.boundingBox();
    const messageBox = await message.boundingBox();
    assert.ok(
      messageBox.y >= fieldBox.y && messageBox.y - (fieldBox.y + fieldBox.height) < 30,
      JSON.stringify({ fieldBox, messageBox }),
    );
    await screenshot(page, 'controls-field-error');
    await field.fill('300');
    await field.press('Enter');
    await frames(page);
    assert.equal(await field.getAttribute('aria-invalid'), null);
    assert.equal(await message.isVisible(), false);
    assert.equal((await page.evaluate(() => window.playground.getState())).n, 300);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
