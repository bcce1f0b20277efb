// The embedded page: a course page on another origin (another port) drives the playground in an iframe
// through postMessage only (it cannot read the iframe's DOM); hide= and embed=1 choose the panels.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { openBrowser, openPage, screenshot } from './helpers.mjs';

let browser;
let parent; // { url, close }
before(async () => {
  browser = await openBrowser();
  const playground = new URL(browser.url);
  const html = `<!doctype html><html lang="en"><title>A course page</title>
<script>
  const origin = ${JSON.stringify(playground.origin)};
  window.log = { events: [], replies: {}, readyAt: null, sent: [] };
  window.addEventListener('message', (e) => {
    if (e.origin !== origin || !e.data) return;
    if (e.data.playground === 'event') {
      window.log.events.push(e.data.event);
      if (e.data.event === 'ready') window.log.readyAt = window.log.sent.length;
    } else {
      window.log.replies[e.data.id] = e.data;
    }
  });
  window.call = (id, call, args) => {
    window.log.sent.push(id);
    document.getElementById('f').contentWindow.postMessage({ playground: 'call', id, call, args }, origin);
  };
  window.reply = (id) => new Promise((resolve) => {
    const poll = () => (window.log.replies[id] ? resolve(window.log.replies[id]) : setTimeout(poll, 20));
    poll();
  });
</script>
<iframe id="f" title="Backprop Playground" width="1200" height="900" onload="call(0, 'epoch')"
  src="${browser.url}#embed=1"></iframe></html>`;
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  parent = { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
});
after(async () => {
  await browser?.close();
  await parent?.close();
});

test('a parent on another origin drives the embedded page by postMessage', async () => {
  const { page, errors } = await openPage(browser.context, parent.url, { waitReady: false });
  assert.notEqual(new URL(parent.url).origin, new URL(browser.url).origin);
  // The call sent on the iframe's load (usually before the engine is ready) is answered, after 'ready'.
  const first = await page.evaluate(() => window.reply(0));
  assert.equal(first.result, 0);
  assert.ok(await page.evaluate(() => window.log.events.includes('ready')));
  const replies = await page.evaluate(async () => {
    window.call(1, 'stepEpoch');
    window.call(2, 'epoch');
    window.call(3, 'setState', [{ lr: 0.1 }]);
    window.call(4, 'eval', ['1']);
    window.call(5, 'setState', ['lr=3']);
    return Promise.all([1, 2, 3, 4, 5].map((id) => window.reply(id)));
  });
  assert.equal(replies[1].result, 1);
  assert.equal(replies[2].result.state.lr, 0.1);
  assert.equal(replies[3].playground, 'error');
  assert.equal(replies[4].result.notices.length, 1);
  assert.ok(await page.evaluate(() => window.log.events.includes('epoch')));
  // The parent cannot read the iframe (another origin).
  assert.equal(
    await page.evaluate(() => {
      try {
        return document.getElementById('f').contentDocument;
      } catch {
        return 'blocked';
      }
    }),
    null,
  );
  // Only the parent may call: a message from the page itself is ignored.
  const frame = page.frames().find((f) => f.url().startsWith(browser.url));
  await frame.evaluate(() => window.postMessage({ playground: 'call', id: 9, call: 'stepEpoch' }, '*'));
  const epoch = await page.evaluate(async () => {
    window.call(6, 'epoch');
    return (await window.reply(6)).result;
  });
  assert.equal(epoch, 1);
  assert.equal(await frame.isHidden('#settings'), true);
  assert.equal(await frame.isVisible('#network'), true);
  await screenshot(page, 'embedded');
  assert.deepEqual(errors, []);
  await page.close();
});

test('hide= hides the named panels and only those', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}#hide=curves,learned,equations`);
  const panels = {
    settings: '#settings',
    controls: '#toolbar',
    network: '#network-panel',
    equations: '#equation',
    output: '#output-panel',
    curves: '#curves-panel',
    learned: '#learned',
  };
  for (const [name, selector] of Object.entries(panels)) {
    assert.equal(await page.isHidden(selector), ['curves', 'learned', 'equations'].includes(name), name);
  }
  await page.evaluate(() => window.playground.setState({ hide: [] }));
  for (const selector of Object.values(panels)) assert.equal(await page.isVisible(selector), true, selector);
  assert.deepEqual(errors, []);
  await page.close();
});
