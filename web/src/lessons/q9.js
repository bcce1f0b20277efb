// Lesson q9: what is set and what is learned (homework question 9). The page's two panels are the two
// kinds; training 100 epochs shows which one moves (every setting compared before and after, every
// parameter of the page's network too); a card sort asks the student to place nine quantities, and an
// exercise asks how many numbers Adam keeps, graded against the engine's optimizer state.

import { el } from './dom.js';

const EPOCHS = 100;

const text = `<p>Two panels, two kinds of numbers. <b>Set by you</b> holds the hyperparameters: the data, the
architecture, the optimizer and its learning rate η, the batch size, the regularization. Nothing in training
changes them. <b>Learned by training</b> holds the parameters, the weights W and biases b: every step of
gradient descent moves them, and they are what the network uses to predict. The optimizer keeps a third
kind of number of its own: Adam's running averages m and v are learned from the gradients, yet they are not
parameters.</p>`;

const prompts = [
  {
    id: 'settings',
    text: `Training ${EPOCHS} epochs: how many of the settings in “Set by you” will it change?`,
    guess: { kind: 'number', label: 'Settings changed' },
    button: `Commit, then train ${EPOCHS} epochs`,
  },
  {
    id: 'parameters',
    text: `And the parameters: what share of them will the next ${EPOCHS} epochs move?`,
    guess: { kind: 'choice', choices: ['none', 'about half', 'nearly all'] },
    button: `Commit, then train ${EPOCHS} epochs`,
  },
  {
    id: 'lr',
    text: 'Can η be changed in the middle of a run without losing what the network has learned?',
    guess: { kind: 'choice', choices: ['yes, the weights stay', 'no, the run starts over'] },
    button: 'Commit, then change η',
  },
];

const note = `The homework's two kinds are not the whole story. The optimizer's state (Adam's m and v,
momentum's velocity) is learned from the gradients but is not a parameter: the network never uses it to
predict. And η is set, not learned, yet it may change during a run (a schedule, or you, right here).`;

// The card sort: each quantity and where it belongs, with why when it is placed wrong.
const BINS = ['set by you', 'learned by training', 'optimizer state'];
const CARDS = [
  { id: 'W', label: 'the weights W', bin: 1, why: 'every update moves them' },
  { id: 'b', label: 'the biases b', bin: 1, why: 'they are parameters, updated like W' },
  { id: 'lr', label: 'the learning rate η', bin: 0, why: 'you choose it; the update only uses it' },
  { id: 'batch', label: 'the batch size B', bin: 0, why: 'it says how many examples a step averages' },
  { id: 'loss', label: 'the loss function', bin: 0, why: 'it defines what training minimises' },
  { id: 'seed', label: 'the seed', bin: 0, why: 'it fixes the starting weights and the order' },
  { id: 'dropout', label: 'the dropout probability p', bin: 0, why: 'a regularization setting' },
  { id: 'mhat', label: 'Adam’s m̂', bin: 2, why: 'Adam computes it from the gradients; the network does not use it' },
  { id: 'layers', label: 'the number of layers', bin: 0, why: 'the architecture is chosen, not trained' },
];

function open(root, api) {
  const SETTINGS = api.settings(); // the "Set by you" panel's keys
  const row = el(root, 'p', { className: 'lesson-start' });
  const train = el(row, 'button', { type: 'button', text: `Train ${EPOCHS} epochs and compare` });
  const progress = el(row, 'span', { className: 'lesson-progress', 'aria-live': 'polite' });
  const readouts = el(root, 'div', { className: 'readouts' });
  const changedParameters = api.readout(readouts, 'changed-parameters', 'Parameters moved:');
  const changedSettings = api.readout(readouts, 'changed-settings', 'Settings changed:');
  changedParameters.set('— (train to compare)', '');
  changedSettings.set('— (train to compare)', '');

  // The sort.
  const sort = el(root, 'form', { className: 'lesson-exercise card-sort', 'aria-label': 'Card sort' });
  el(sort, 'h3', { text: 'Sort the cards: set by you, learned, or optimizer state?' });
  const list = el(sort, 'ul', { className: 'cards' });
  const selects = CARDS.map((card) => {
    const item = el(list, 'li', { className: 'card' });
    item.dataset.card = card.id;
    const label = el(item, 'label', { htmlFor: `q9-card-${card.id}`, text: `${card.label} ` });
    const select = el(label, 'select', { id: `q9-card-${card.id}` });
    select.append(new Option('— choose —', ''), ...BINS.map((bin, k) => new Option(bin, String(k))));
    el(item, 'span', { className: 'card-mark' });
    return select;
  });
  el(sort, 'button', { type: 'submit', text: 'Check the sort' });
  const sortVerdict = el(sort, 'p', { className: 'verdict', 'aria-live': 'polite' });

  // The exercise: how many numbers Adam keeps besides the parameters.
  const exercise = el(root, 'form', { className: 'lesson-exercise', 'aria-label': 'Exercise' });
  el(exercise, 'h3', { text: 'Exercise: the optimizer’s own numbers' });
  const question = el(exercise, 'p');
  const answerLabel = el(exercise, 'label', { htmlFor: 'q9-answer', text: 'Your count: ' });
  const answer = el(answerLabel, 'input', { id: 'q9-answer', type: 'text', inputMode: 'numeric', autocomplete: 'off' });
  el(exercise, 'button', { type: 'submit', text: 'Check' });
  const verdict = el(exercise, 'p', { className: 'verdict', 'aria-live': 'polite' });
  let key = '';

  const parameters = () => {
    const values = [];
    for (let l = 1; l <= api.network.numLayers(); l++) values.push(...api.network.weights(l), ...api.network.biases(l));
    return values;
  };
  const settings = () => {
    const state = api.playground.getState();
    return Object.fromEntries(SETTINGS.map((k) => [k, JSON.stringify(state[k])]));
  };

  // Trains EPOCHS epochs on the page (the page's own Epoch step, so every view follows) and compares.
  let result = null;
  let running = null;
  async function trainAndCompare() {
    if (running) return running;
    running = (async () => {
      await api.playground.pause();
      const before = { p: parameters(), s: settings(), sizes: api.network.sizes().join() };
      train.disabled = true;
      let epochs;
      try {
        epochs = await api.trainEpochs(EPOCHS, (done) => (progress.textContent = ` epoch ${done} of ${EPOCHS}…`));
      } finally {
        train.disabled = false;
      }
      const after = { p: parameters(), s: settings(), sizes: api.network.sizes().join() };
      if (after.sizes !== before.sizes) throw new Error('the network changed while training; train again');
      const moved = after.p.filter((v, k) => v !== before.p[k]).length;
      const changed = SETTINGS.filter((k) => after.s[k] !== before.s[k]);
      result = { moved, total: after.p.length, changed, epochs };
      progress.textContent = ` trained ${epochs} epochs.`;
      changedParameters.set(`${moved} of ${after.p.length}`, moved);
      changedSettings.set(
        `${changed.length} of ${SETTINGS.length}${changed.length ? ` (${changed.join(', ')})` : ''}`,
        changed.length,
      );
      return result;
    })();
    try {
      return await running;
    } finally {
      running = null;
    }
  }
  train.addEventListener('click', () =>
    trainAndCompare().catch((error) => (progress.textContent = ` ${error.message}`)),
  );

  sort.addEventListener('submit', (event) => {
    event.preventDefault();
    const wrong = [];
    let missing = 0;
    CARDS.forEach((card, k) => {
      const mark = list.children[k].querySelector('.card-mark');
      const chosen = selects[k].value;
      if (chosen === '') {
        missing++;
        mark.textContent = '';
        return;
      }
      const right = Number(chosen) === card.bin;
      mark.textContent = right ? ' ✓' : ` ✗ ${BINS[card.bin]}: ${card.why}`;
      mark.dataset.verdict = right ? 'right' : 'wrong';
      if (!right) wrong.push(card.label);
    });
    if (missing) {
      sortVerdict.dataset.verdict = 'unreadable';
      sortVerdict.textContent = `Place every card first (${missing} still to choose).`;
      return;
    }
    sortVerdict.dataset.verdict = wrong.length ? 'wrong' : 'right';
    sortVerdict.textContent = wrong.length
      ? `${CARDS.length - wrong.length} of ${CARDS.length} right; look again at ${wrong.join(', ')}.`
      : `All ${CARDS.length} right.`;
  });

  // The engine's count, read when the student checks: Adam makes its m and v at its first step.
  function adamCount() {
    let truth = 0;
    let weightsOnly = 0;
    let parameters = 0;
    let made = true;
    for (let l = 1; l <= api.network.numLayers(); l++) {
      const s = api.network.optimizerState(l);
      parameters += api.network.weights(l).length + api.network.biases(l).length;
      if (!s.m || !s.v || !s.b.m || !s.b.v) made = false;
      else {
        truth += s.m.length + s.v.length + s.b.m.length + s.b.v.length;
        weightsOnly += s.m.length + s.v.length;
      }
    }
    return made ? { truth, weightsOnly, parameters } : null;
  }

  exercise.addEventListener('submit', (event) => {
    event.preventDefault();
    const fail = (text) => {
      verdict.dataset.verdict = 'unreadable';
      verdict.textContent = text;
    };
    if (api.playground.getState().optimizer !== 'adam')
      return fail('This exercise is about Adam: choose Adam as the optimizer (or reset the lesson).');
    let task = adamCount();
    let first = '';
    if (!task) {
      // Adam makes its m and v at its first step: the check takes that step, so that it has the engine's
      // own numbers to count, and says so.
      api.playground.stepBatch();
      task = adamCount();
      first = ' (Adam makes its m and v at its first step, so the page took one to count them.)';
    }
    if (!task) return fail('Adam has no m and v yet: take a step (Epoch or Phase ›), then check.');
    const g = api.grade(answer.value, task.truth, {
      rtol: 0,
      mistakes: [
        { value: task.parameters, says: 'That is the parameters themselves; Adam keeps two numbers for each.' },
        { value: task.weightsOnly, says: 'That counts the weights only: the biases have their m and v too.' },
        { value: task.truth + 1, says: 'Close: that counts the step count t too, which the question leaves out.' },
      ],
    });
    verdict.dataset.verdict = g.verdict;
    verdict.textContent =
      g.verdict === 'right'
        ? `Right: ${task.truth} numbers, an m and a v for each of the ${task.parameters} parameters.${first}`
        : `Not yet. ${g.hint}${first}`;
  });

  function newTask() {
    question.textContent =
      `Adam keeps numbers of its own for this ${api.network.sizes().join('-')} network: an m and a v for ` +
      'every weight and every bias. How many numbers is that (leave out the step count t)? Graded exactly.';
    answer.value = '';
    verdict.textContent = '';
    delete verdict.dataset.verdict;
  }

  return {
    update(view) {
      const k = `${view.sizes.join()}|${view.config.hidden.join()}|${api.playground.getState().optimizer}`;
      if (k === key) return;
      key = k;
      newTask();
    },
    async reveal(id, guess) {
      if (id === 'lr') {
        const state = api.playground.getState();
        const epoch = api.playground.epoch();
        const first = parameters()[0];
        const lr = state.lr === 0.03 ? 0.01 : 0.03;
        await api.playground.setState({ lr });
        const kept = api.playground.epoch() === epoch && parameters()[0] === first;
        return {
          truth: kept
            ? `η is now ${lr}; the run is still at epoch ${epoch} with the same weights`
            : `η is now ${lr}; the run started over`,
          right: guess.index === (kept ? 0 : 1),
          detail:
            'η is read by each update; nothing learned depends on its past values. (Only a run that diverged starts over when η changes: its weights are no longer numbers.)',
        };
      }
      const r = await trainAndCompare();
      if (id === 'settings')
        return { truth: `${r.changed.length} of ${SETTINGS.length}`, right: Number(guess) === r.changed.length };
      if (id === 'parameters') {
        const share = r.moved / r.total;
        const shown = share === 0 ? 0 : share > 0.9 ? 2 : 1;
        return { truth: `${r.moved} of ${r.total} moved`, right: guess.index === shown };
      }
      throw new Error(`no prompt ${id}`);
    },
  };
}

export default {
  id: 'q9',
  title: 'What is set and what is learned',
  preset: { dataset: 'circle', features: ['x1', 'x2'], layers: [8, 8], act: ['tanh', 'tanh'], optimizer: 'adam' },
  text,
  prompts,
  note,
  open,
};
