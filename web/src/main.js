// Entry point: loads the engine, builds the page, installs window.playground (page.md's API) and the
// keyboard shortcuts (space play/pause, → step one phase).

import createBackprop from '../../build/wasm/backprop.mjs';
import { App } from './app.js';
import { createApi, listenForMessages } from './api.js';
import './styles.css';

const $ = (id) => document.getElementById(id);

let resolveReady;
let rejectReady;
const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
window.playground = { ready };

function installKeyboard(app) {
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    // Keys keep their own meaning inside form controls and real buttons.
    if (target.closest?.('input, select, textarea, button, [contenteditable]')) return;
    if (event.key === ' ' || event.code === 'Space') {
      event.preventDefault();
      if (app.playing) app.pause(); else app.play();
    } else if (event.key === 'ArrowRight') {
      event.preventDefault();
      app.stepPhase();
    }
  });
}

async function start() {
  const bp = await createBackprop();
  const dom = {
    notices: $('notices'), message: $('message'), settings: $('settings-body'), toolbar: $('toolbar'),
    network: $('network'), equation: $('equation'), output: $('output'), lossChart: $('loss-chart'),
    accuracyChart: $('accuracy-chart'), logscale: $('logscale'), learned: $('learned-body'),
    lessonMenu: $('lesson-menu'), lesson: $('lesson'),
    panels: { settings: $('settings'), controls: $('toolbar'), network: $('network-panel'),
      equations: $('equation'), output: $('output-panel'), curves: $('curves-panel'), learned: $('learned') },
  };
  const app = new App(bp, dom);
  const api = createApi(app, ready);
  window.playground = api;
  listenForMessages(api, app);
  installKeyboard(app);
  await app.rendered();
  document.body.dataset.ready = 'true';
  resolveReady(api);
}

start().catch((error) => {
  console.error(error);
  const message = $('message');
  message.textContent = `The playground could not start: ${error.message}`;
  message.className = 'message error';
  message.hidden = false;
  rejectReady(error);
});
