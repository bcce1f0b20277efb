// Entry point: loads the engine, builds the page, installs window.playground (page.md's API) and the
// keyboard shortcuts (space play/pause, → step one phase).

import createBackprop from '../../build/wasm/backprop.mjs';
import { App } from './app.js';
import { createApi, listenForMessages } from './api.js';
import { useEngineNames } from './state.js';
import './styles.css';

const $ = (id) => document.getElementById(id);

let resolveReady;
let rejectReady;
const ready = new Promise((resolve, reject) => {
  resolveReady = resolve;
  rejectReady = reject;
});
window.playground = { ready };
// Listening from the start: a parent's calls sent while the engine loads are queued, not lost.
const messages = listenForMessages();

// The keys a focused control uses itself, which the page's shortcuts leave alone. Text fields (text and
// number inputs, textareas, contenteditable) keep every key. Elsewhere Space and → are the page's
// shortcuts, except that buttons (and neurons, role=button) and checkboxes keep Space, and a range slider
// keeps its arrows. A select keeps ↑/↓ (and while its list is open Chromium sends the keys to the list,
// not the page), so after choosing η or the data set with the mouse, → steps and Space plays.
const TEXT_INPUTS = ['text', 'number', 'search', 'email', 'url', 'tel', 'password'];
function controlUses(target, key) {
  const space = key === ' ';
  if (target.closest?.('textarea, [contenteditable=""], [contenteditable="true"]')) return true;
  if (target.closest?.('select')) return key === 'ArrowUp' || key === 'ArrowDown';
  const input = target.closest?.('input');
  if (input) {
    if (TEXT_INPUTS.includes(input.type)) return true;
    if (input.type === 'range') return key.startsWith('Arrow');
    return space;
  }
  if (target.closest?.('button, [role="button"]')) return space || key === 'Enter';
  return false;
}

function installKeyboard(app) {
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (controlUses(event.target, event.key)) return;
    if (event.key === ' ') {
      event.preventDefault();
      if (app.playing) app.pause();
      else app.play();
    } else if (event.key === 'ArrowRight') {
      event.preventDefault();
      app.stepPhase();
    }
  });
}

// Below 1000 px wide the settings are a drawer: the button opens and closes it (styles.css hides the body
// of a closed drawer only at those widths, so a wide window always shows the settings).
function installDrawer() {
  const toggle = $('settings-toggle');
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    $('settings').classList.toggle('open', open);
  });
}

// A formula wider or taller than its panel scrolls inside it (the equation panel keeps one height); such a
// region must be reachable by keyboard to be scrolled, so each gets a tab stop and a name. The lesson view
// makes its formulas afresh for each lesson, hence the observer.
function focusableFormulas() {
  const mark = () => {
    for (const el of document.querySelectorAll('#equation .math, #lesson .lesson-math')) {
      if (el.hasAttribute('tabindex')) continue;
      el.tabIndex = 0;
      el.setAttribute('role', 'group');
      el.setAttribute('aria-label', 'Formula (scrolls when wider than its panel)');
    }
  };
  const observer = new MutationObserver(mark);
  for (const id of ['equation', 'lesson']) observer.observe($(id), { childList: true, subtree: true });
  mark();
}

async function start() {
  installDrawer();
  focusableFormulas();
  const bp = await createBackprop();
  useEngineNames(bp);
  const dom = {
    notices: $('notices'),
    message: $('message'),
    settings: $('settings-body'),
    toolbar: $('toolbar'),
    network: $('network'),
    equation: $('equation'),
    output: $('output'),
    lossChart: $('loss-chart'),
    accuracyChart: $('accuracy-chart'),
    logscale: $('logscale'),
    learned: $('learned-body'),
    lessonMenu: $('lesson-menu'),
    lesson: $('lesson'),
    panels: {
      settings: $('settings'),
      controls: $('toolbar'),
      network: $('network-panel'),
      equations: $('equation'),
      output: $('output-panel'),
      curves: $('curves-panel'),
      learned: $('learned'),
    },
  };
  const app = new App(bp, dom);
  const api = createApi(app, ready);
  window.playground = api;
  installKeyboard(app);
  await app.rendered();
  document.body.dataset.ready = 'true';
  $('loading').hidden = true;
  resolveReady(api);
  messages.ready(api, app);
}

start().catch((error) => {
  console.error(error);
  $('loading').hidden = true;
  const message = $('message');
  message.textContent = `The playground could not start: ${error.message}`;
  message.className = 'message error';
  message.hidden = false;
  rejectReady(error);
  messages.failed(error);
});
