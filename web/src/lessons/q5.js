// Lesson q5: the shapes of a network (homework question 5's 4-6-4-3 iris network, and any other). Every
// shape is generated from the architecture the page runs (one example, a batch of m, the backward pass),
// the parameter count is the engine's, a quiz asks for the new shapes before a + or − is applied, and an
// exercise asks for a parameter count the lesson checks against a network it builds itself.

import { shapesTeX } from '../equations.js';
import { el } from './dom.js';

const MAX_NEURONS = 16; // the page's limit per hidden layer (state.js)

const text = `<p>Every layer is one matrix product and one shift: the weights <b>W[l]</b> turn the previous
layer's values into this layer's, so W[l] has one row per neuron of layer l and one column per neuron of
layer l − 1; the bias b[l] has one entry per neuron. A batch of m examples stacks them as columns: Z[l] and
A[l] are n<sub>l</sub> × m, and b[l] is added to every column. The gradients have the shapes of what they
are gradients of. Change the layers and watch every shape follow.</p>`;

// Prediction first (lessons.md): each prompt is revealed by the controller's reveal(id, guess) below.
const prompts = [
  {
    id: 'add',
    text: 'One more neuron in hidden layer 1: how many numbers will W[2] hold then (rows × columns)?',
    guess: { kind: 'number', label: 'Entries of W[2]' },
    button: 'Commit, then add the neuron',
  },
  {
    id: 'batch',
    text: 'Change the batch size m: which shapes change with it?',
    guess: { kind: 'choice', choices: ['W and b', 'Z and A (and dZ, dA)', 'all of them', 'none'] },
    button: 'Commit, then change m',
  },
  {
    id: 'double',
    text: 'Double every hidden layer’s width (6-4 would become 12-8): how does the parameter count change?',
    guess: { kind: 'choice', choices: ['less than twice', 'about twice', 'more than twice'] },
  },
];

const note = `A three-class output uses softmax, not an element-wise σ: each ŷ<sub>k</sub> depends on the whole
column z[L] (the three outputs always add up to 1, see the sum below), so its derivative is a matrix, not one
σ′(z<sub>k</sub>) per output.`;

// "W1 6x4, b1 6x1, W2 4x6, …": the exact string the shapes readout keeps in data-value.
function shapeList(shapes) {
  return shapes.map(({ l, rows, cols }) => `W${l} ${rows}x${cols}, b${l} ${rows}x1`).join(', ');
}

// The engine's parameter count of a network: every weight and bias it holds.
function countParameters(net) {
  let total = 0;
  for (let l = 1; l <= net.numLayers(); l++) total += net.weights(l).length + net.biases(l).length;
  return total;
}

function open(root, api) {
  const readouts = el(root, 'div', { className: 'readouts' });
  const parameters = api.readout(readouts, 'parameters', 'Parameters (engine count):');
  const shapes = api.readout(readouts, 'shapes', 'Shapes:');
  const cards = el(root, 'div', { className: 'matrix-cards' });
  const softmaxSum = api.readout(root, 'softmax-sum', 'Sum of the outputs ŷ of the first validation example:');

  // The shape quiz: + / − per hidden layer; with the quiz on, a prediction comes first.
  const quiz = el(root, 'section', { className: 'lesson-quiz', 'aria-label': 'Shape quiz' });
  el(quiz, 'h3', { text: 'Shape quiz: change a hidden layer' });
  const buttons = el(quiz, 'div', { className: 'quiz-buttons' });
  const ask = el(quiz, 'form', { className: 'quiz-ask', hidden: true });
  const askText = el(ask, 'p');
  const guesses = el(ask, 'div', { className: 'quiz-guesses' });
  el(ask, 'button', { type: 'submit', text: 'Apply and check' });
  const result = el(quiz, 'p', { className: 'quiz-result', 'aria-live': 'polite' });
  let pending = null; // {layers, asked: [{l, rows, cols inputs}]}

  // The exercise: the parameters of the network with one neuron more (or fewer) in hidden layer 1.
  const exercise = el(root, 'form', { className: 'lesson-exercise', 'aria-label': 'Exercise' });
  el(exercise, 'h3', { text: 'Exercise' });
  const question = el(exercise, 'p');
  const answerLabel = el(exercise, 'label', { htmlFor: 'q5-answer', text: 'Your count: ' });
  const answer = el(answerLabel, 'input', { id: 'q5-answer', type: 'text', inputMode: 'numeric', autocomplete: 'off' });
  el(exercise, 'button', { type: 'submit', text: 'Check' });
  const verdict = el(exercise, 'p', { className: 'verdict', 'aria-live': 'polite' });
  let task = null; // {truth, net, terms, mistakes}
  const math = el(root, 'div', { className: 'math lesson-math' });

  let key = '';

  function applyLayers(layers) {
    const state = api.playground.getState();
    api.playground.setState({ layers, act: layers.map((_, k) => state.act[Math.min(k, state.act.length - 1)]) });
  }

  function propose(layers, changed) {
    if (!api.switch('quiz')) {
      applyLayers(layers);
      return;
    }
    const sizes = api.network.sizes();
    const next = [sizes[0], ...layers, sizes[sizes.length - 1]];
    const asked = [changed, changed + 1].map((l) => ({ l }));
    askText.textContent = `Hidden layer ${changed} will have ${layers[changed - 1]} neurons. Predict:`;
    guesses.replaceChildren();
    for (const a of asked) {
      const row = el(guesses, 'p');
      el(row, 'span', { text: `W[${a.l}]: ` });
      a.rows = el(row, 'input', {
        type: 'number',
        min: '1',
        'aria-label': `rows of W[${a.l}]`,
        className: 'shape-guess',
      });
      el(row, 'span', { text: ' × ' });
      a.cols = el(row, 'input', {
        type: 'number',
        min: '1',
        'aria-label': `columns of W[${a.l}]`,
        className: 'shape-guess',
      });
    }
    pending = { layers, next, asked };
    ask.hidden = false;
    result.textContent = '';
    asked[0].rows.focus();
  }

  ask.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!pending) return;
    const { layers, asked } = pending;
    pending = null;
    ask.hidden = true;
    applyLayers(layers);
    // The truth is the engine's: the shapes of the network the page now runs.
    const sizes = api.network.sizes();
    const lines = asked.map(({ l, rows, cols }) => {
      const truth = `${sizes[l]}×${sizes[l - 1]}`;
      const guess = `${rows.value || '?'}×${cols.value || '?'}`;
      const right =
        Number(rows.value) === sizes[l] &&
        Number(cols.value) === sizes[l - 1] &&
        api.network.weights(l).length === sizes[l] * sizes[l - 1];
      return `W[${l}]: you said ${guess}, the engine has ${truth} ${right ? '✓' : '✗'}`;
    });
    result.textContent = lines.join(' · ');
  });

  function buildButtons(layers) {
    buttons.replaceChildren();
    layers.forEach((count, k) => {
      const row = el(buttons, 'span', { className: 'quiz-layer' });
      el(row, 'span', { text: `layer ${k + 1}: ${count} ` });
      const minus = el(row, 'button', {
        type: 'button',
        text: '−',
        'aria-label': `Quiz: remove a neuron from layer ${k + 1}`,
      });
      const plus = el(row, 'button', {
        type: 'button',
        text: '+',
        'aria-label': `Quiz: add a neuron to layer ${k + 1}`,
      });
      minus.disabled = count <= 1;
      plus.disabled = count >= MAX_NEURONS;
      const change = (d) =>
        propose(
          layers.map((n, i) => (i === k ? n + d : n)),
          k + 1,
        );
      minus.addEventListener('click', () => change(-1));
      plus.addEventListener('click', () => change(1));
    });
  }

  function newTask(sizes, config) {
    if (task) api.engine.delete(task.net);
    const d = sizes[1] < MAX_NEURONS ? 1 : -1;
    const next = sizes.slice();
    next[1] += d;
    // The lesson's own network of the changed shape: its parameter count is the engine's answer.
    const net = api.engine.Network({
      sizes: next,
      hidden: config.hidden,
      output: config.output,
      loss: config.loss,
      seed: 1,
    });
    const truth = countParameters(net);
    const weightsOnly = next.slice(1).reduce((s, n, k) => s + n * next[k], 0);
    const parts = [
      { name: `the bias of the ${d > 0 ? 'new' : 'removed'} neuron`, value: 1 },
      { name: 'its row of W[1]', value: sizes[0] },
      { name: 'its column of W[2]', value: sizes[2] },
    ];
    // Two parts of one size cannot be told apart: name both.
    const terms = [];
    for (const p of parts) {
      const same = terms.find((t) => t.value === p.value);
      if (same) same.name = `${same.name} or ${p.name}`;
      else terms.push({ ...p });
    }
    task = {
      net,
      truth,
      d,
      terms: terms.map((t) => ({ ...t, value: d * t.value })),
      mistakes: [
        {
          value: countParameters(api.network),
          says: 'That is the count of the network as it is now; the exercise changes layer 1.',
        },
        { value: weightsOnly, says: 'Those are the weights only: every neuron also has a bias.' },
      ],
    };
    question.textContent =
      `How many parameters (weights and biases) would this network have with ${d > 0 ? 'one more' : 'one fewer'}` +
      ` neuron in hidden layer 1 (${next[1]} instead of ${sizes[1]})? Graded exactly.`;
    answer.value = '';
    verdict.textContent = '';
    delete verdict.dataset.verdict;
  }

  exercise.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!task) return;
    const g = api.grade(answer.value, task.truth, { rtol: 0, terms: task.terms, mistakes: task.mistakes });
    verdict.dataset.verdict = g.verdict;
    // A count no known slip explains: say how to count rather than only "not the engine's value".
    const hint =
      g.verdict === 'wrong' && g.off === null && !task.mistakes.some((m) => m.value === Number(answer.value))
        ? `${task.truth > Number(answer.value) ? 'Too few' : 'Too many'}. Count layer by layer: W[l] holds n_l × n_(l−1) weights and b[l] n_l biases; the change touches W[1], b[1] and W[2].`
        : g.hint;
    verdict.textContent = g.verdict === 'right' ? `Right: ${task.truth} parameters.` : `Not yet. ${hint}`;
  });

  // W[l] as the engine holds it now: {rows, cols}.
  const shapeOf = (l) => {
    const rows = api.network.biases(l).length;
    return { rows, cols: api.network.weights(l).length / rows };
  };

  return {
    async reveal(id, guess) {
      const state = api.playground.getState();
      if (id === 'add') {
        if (state.layers[0] >= MAX_NEURONS)
          throw new Error(`hidden layer 1 already has ${MAX_NEURONS} neurons, the most; remove one first`);
        applyLayers(state.layers.map((n, k) => (k === 0 ? n + 1 : n)));
        const { rows, cols } = shapeOf(2);
        const count = api.network.weights(2).length;
        return {
          truth: `W[2] is ${rows}×${cols} = ${count} numbers`,
          right: Number(guess) === count,
          detail: `The new neuron has a row of W[1] (its ${shapeOf(1).cols} incoming weights) and a column of W[2] (its ${rows} outgoing ones).`,
        };
      }
      if (id === 'batch') {
        const before = shapeOf(1);
        const data = api.pageData(state);
        const m = state.batch === 25 || data.n < 25 ? Math.min(5, data.n) : 25;
        await api.playground.setState({ batch: m });
        const after = shapeOf(1);
        const same = before.rows === after.rows && before.cols === after.cols;
        // Z[1] of a batch of m examples, as the engine computes it (evaluation mode, caches untouched).
        const z = api.network.activations(data.X.subarray(0, m * after.cols), m).z[1];
        return {
          truth: `with m = ${m}: W[1] ${same ? 'is still' : 'became'} ${after.rows}×${after.cols}, Z[1] and A[1] are ${after.rows}×${z.length / after.rows}`,
          right: same ? guess.index === 1 : null,
          detail:
            'Weights and biases belong to the network, not to the batch: the same W multiplies every column of A.',
        };
      }
      if (id === 'double') {
        // The doubled network is the lesson's own (widths capped at the page's 16); its count is the engine's.
        const sizes = api.network.sizes();
        const wide = sizes.map((n, k) => (k === 0 || k === sizes.length - 1 ? n : Math.min(2 * n, MAX_NEURONS)));
        const config = api.network.config();
        const net = api.engine.Network({
          sizes: wide,
          hidden: config.hidden,
          output: config.output,
          loss: config.loss,
        });
        const before = countParameters(api.network);
        const after = countParameters(net);
        api.engine.delete(net);
        const ratio = after / before;
        const shown = ratio < 1.9 ? 0 : ratio <= 2.1 ? 1 : 2;
        return {
          truth: `${sizes.join('-')}: ${before}, ${wide.join('-')}: ${after} parameters (×${api.plain(ratio)})`,
          right: guess.index === shown,
          detail:
            'A weight matrix between two hidden layers has n_l × n_(l−1) entries: doubling both widths makes it four times as large, while the biases and the input and output layers’ matrices only double.',
        };
      }
      throw new Error(`no prompt ${id}`);
    },
    update(view) {
      const { sizes, config, state, info } = view;
      const m = state.batch === 0 ? info.nTrain : Math.min(state.batch, info.nTrain);
      const k = `${sizes.join()}|${config.hidden.join()}|${config.output}|${m}`;
      if (k === key) return;
      key = k;
      const list = [];
      for (let l = 1; l < sizes.length; l++) {
        const W = api.network.weights(l);
        const rows = api.network.biases(l).length;
        list.push({ l, rows, cols: W.length / rows });
      }
      parameters.set(String(countParameters(api.network)), countParameters(api.network));
      shapes.set(
        list.map(({ l, rows, cols }) => `W[${l}] ${rows}×${cols}, b[${l}] ${rows}×1`).join(' · '),
        shapeList(list),
      );
      cards.replaceChildren();
      for (const { l, rows, cols } of list)
        api.views.matrix(cards, { label: `W[${l}]` }).update({ name: `W[${l}]`, rows, cols });
      api.tex(math, shapesTeX(sizes, config, m));
      // The evidence for the note: the page network's outputs for one example (predict changes nothing).
      // (Planar data feeds derived features, which the raw points are not: no evidence shown there.)
      if (info.twoD) {
        softmaxSum.set('—', '');
      } else {
        const yHat = api.network.predict(view.validationPoints.slice(0, sizes[0]), 1);
        const sum = yHat.reduce((s, v) => s + v, 0);
        softmaxSum.set(`${Array.from(yHat, (v) => api.plain(v)).join(' + ')} = ${api.plain(sum)}`, sum);
      }
      buildButtons(sizes.slice(1, -1));
      newTask(sizes, config);
      pending = null;
      ask.hidden = true;
    },
  };
}

export default {
  id: 'q5',
  title: 'The shapes of a network',
  preset: { dataset: 'iris', layers: [6, 4], act: ['relu', 'relu'], output: 'softmax', loss: 'cross_entropy' },
  switches: { quiz: { type: 'bool', default: true, label: 'predict the shapes before a change' } },
  text,
  prompts,
  note,
  open,
};
