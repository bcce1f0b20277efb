// Lesson q2: forward propagation, layer by layer (homework question 2): z = W a + b, then a = σ(z). The
// student steps the page's own network through a forward pass, predicts before each reveal, and computes
// one neuron's z by hand for a training example no view shows (the page's weights as they are, frozen when
// the task is set); the page grades it against the engine's z of that example.

import { el, four, texNum } from './dom.js';

const text = `<p>A forward pass is the same two moves at every layer. First a weighted sum: each neuron of
layer l multiplies every value of layer l − 1 by the weight of its link, adds them up and adds its own bias,
which gives its <b>z</b>. Then the activation bends that number: <b>a = σ(z)</b>, one neuron at a time. The
a's of one layer are the inputs of the next, until the last layer gives the prediction ŷ. Press
<b>Phase ›</b> to watch one layer at a time; the equation panel fills in every number.</p>`;

const prompts = [
  {
    id: 'size',
    text: 'A step takes a batch of examples at once: how many numbers will Z[2] hold for the whole batch?',
    guess: { kind: 'number', label: 'Entries of Z[2]' },
  },
  {
    id: 'squash',
    text: 'tanh bends z into a. For the neurons of layer 1, will |a| be smaller than |z|, equal, or larger?',
    guess: { kind: 'choice', choices: ['smaller', 'equal', 'larger'] },
  },
  {
    id: 'double',
    text: 'If every weight of layer 1 were doubled (biases kept), would z[1] of this example double too?',
    guess: { kind: 'choice', choices: ['yes, always', 'only where the bias is 0', 'never'] },
  },
];

const note = `a = σ(z) entry by entry holds for tanh, ReLU and the sigmoid. A softmax output is the exception:
each of its outputs uses the whole column z[L] (they always add up to 1), so it is not one σ per neuron.`;

const WARM = 5; // epochs the warm-up button trains before a new task

function open(root, api) {
  const start = el(root, 'p', { className: 'lesson-start' });
  const warm = el(start, 'button', { type: 'button', text: `Train ${WARM} epochs, then a new task` });
  const fresh = el(start, 'button', { type: 'button', text: 'New task' });
  el(start, 'span', { text: ' The biases start at 0: a few epochs of training give them values that count.' });
  warm.addEventListener('click', async () => {
    await api.trainEpochs(WARM);
    count++;
    if (view) newTask(view); // a task with the trained weights
  });
  fresh.addEventListener('click', () => {
    count++;
    if (view) newTask(view);
  });
  const readouts = el(root, 'div', { className: 'readouts' });
  const zOut = api.readout(readouts, 'z', 'z of the exercise’s neuron (engine):');
  const aOut = api.readout(readouts, 'a', 'a = tanh(z) (engine):');

  const exercise = el(root, 'form', { className: 'lesson-exercise', 'aria-label': 'Exercise' });
  el(exercise, 'h3', { text: 'Exercise: one neuron’s z' });
  const question = el(exercise, 'p', { className: 'exercise-question' });
  const formula = el(exercise, 'div', { className: 'lesson-math exercise-formula' });
  const terms = el(exercise, 'div', { className: 'exercise-terms' });
  const answerLabel = el(exercise, 'label', { htmlFor: 'q2-answer', text: 'Your z: ' });
  const answer = el(answerLabel, 'input', { id: 'q2-answer', type: 'text', inputMode: 'decimal', autocomplete: 'off' });
  el(exercise, 'button', { type: 'submit', text: 'Check' });
  const show = el(exercise, 'button', { type: 'button', text: 'Show the engine’s z' });
  const verdict = el(exercise, 'p', { className: 'verdict', 'aria-live': 'polite' });

  let task = null; // {key, e, j, w, x, b, truth, a, revealed}: frozen when set
  let view = null;
  let count = 0; // tasks set so far: each takes the next example and neuron

  const hide = () => {
    zOut.set('hidden until you answer', '');
    aOut.set('hidden until you answer', '');
  };
  const revealReadouts = () => {
    if (!task) return;
    task.revealed = true;
    zOut.set(api.plain(task.truth), task.truth);
    aOut.set(api.plain(task.a), task.a);
  };

  // A new task: neuron j of layer 1 and training example e (the next of each with every task), with the
  // page's weights now; the engine's z and a of that example come from the page's network (activations()
  // reads, it changes nothing).
  function newTask(v) {
    const n0 = v.sizes[0];
    const n1 = v.sizes[1];
    const { X, n } = api.pageData();
    const e = (7 * count + 3) % n;
    const j = count % n1;
    const W = api.network.weights(1);
    const w = Array.from({ length: n0 }, (_, k) => W[j * n0 + k]);
    const x = Array.from(X.subarray(e * n0, (e + 1) * n0));
    const b = api.network.biases(1)[j];
    const { z, a } = api.network.activations(Float64Array.from(x), 1);
    task = {
      key: `${v.sizes.join()}|${v.inputLabels.join()}`,
      e,
      j,
      w,
      x,
      b,
      truth: z[1][j],
      a: a[1][j],
      revealed: false,
      labels: v.inputLabels ?? x.map((_, k) => `x${k + 1}`),
    };
    question.textContent =
      `Training example ${e + 1} (not one the views show): compute z of neuron ${j + 1} of layer 1 from these numbers ` +
      `(graded within 0.5 %, about 3 significant figures).${b === 0 ? ' Its bias is still 0: train a few epochs for one that counts.' : ''}`;
    // One term a line, so that the formula fits the lesson's column whatever the number of inputs.
    const lines = w.map((wk, k) => `&${k ? '+' : '='} (${texNum(wk)})\\,(${texNum(x[k])})`);
    api.tex(
      formula,
      `\\begin{aligned} z^{[1]}_{${j + 1}} &= \\textstyle\\sum_{k} W^{[1]}_{${j + 1},k}\\, a^{[0]}_k + b^{[1]}_{${j + 1}} \\\\ ` +
        `${lines.join(' \\\\ ')} \\\\ &+ (${texNum(b)}) \\;=\\; ? \\end{aligned}`,
    );
    terms.replaceChildren();
    const list = el(terms, 'ul', { className: 'exercise-values' });
    // "W[1] with 1,2 below", as the course writes it, then the number shown.
    const symbol = (item, name, sub) => {
      el(item, 'var', { text: name });
      el(item, 'sup', { text: name === 'a' ? '[0]' : '[1]' });
      el(item, 'sub', { text: sub });
    };
    const value = (item, v) =>
      (el(item, 'output', { text: four(v), className: 'exercise-value' }).dataset.value = four(v));
    w.forEach((wk, k) => {
      const item = el(list, 'li');
      symbol(item, 'W', `${j + 1},${k + 1}`);
      el(item, 'span', { text: ' = ' });
      value(item, wk);
      el(item, 'span', { text: ', ' });
      symbol(item, 'a', `${k + 1}`);
      el(item, 'span', { text: ` (${task.labels[k]}) = ` });
      value(item, x[k]);
    });
    const item = el(list, 'li');
    symbol(item, 'b', `${j + 1}`);
    el(item, 'span', { text: ' = ' });
    value(item, b);
    answer.value = '';
    verdict.textContent = '';
    delete verdict.dataset.verdict;
    hide();
  }

  exercise.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!task) return;
    // The numbers are shown to 4 figures: their rounding is allowed for besides the 3 figures.
    const atol = task.w.reduce((s, wk, k) => s + 5e-4 * Math.abs(wk * task.x[k]), 5e-4 * Math.abs(task.b));
    const g = api.grade(answer.value, task.truth, {
      atol,
      terms: [
        { name: `the bias b[1]${task.j + 1}`, value: Number(four(task.b)) },
        ...task.w.map((wk, k) => ({
          name: `the term W[1]${task.j + 1},${k + 1} · a[0]${k + 1}`,
          value: Number(four(wk * task.x[k])),
        })),
      ],
      mistakes: [
        { value: task.a, says: `That is a = tanh(z), the neuron's output; the exercise asks for z, before tanh.` },
      ],
    });
    verdict.dataset.verdict = g.verdict;
    if (g.verdict === 'right') {
      revealReadouts();
      verdict.textContent = `Right: the engine's z is ${api.plain(task.truth)}, and a = tanh(z) = ${api.plain(task.a)}.`;
    } else verdict.textContent = `Not yet. ${g.hint}`;
  });
  show.addEventListener('click', () => {
    revealReadouts();
    if (task) verdict.textContent = `The engine's z is ${api.plain(task.truth)}.`;
  });

  return {
    update(v) {
      view = v;
      if (!task || task.key !== `${v.sizes.join()}|${v.inputLabels.join()}`) newTask(v);
    },
    reveal(id, guess) {
      const v = view;
      if (id === 'size') {
        // Z[2] of one batch, as the engine computes it for the batch's m examples (evaluation mode).
        const state = api.playground.getState();
        const data = api.pageData(state);
        const m = state.batch === 0 ? data.n : Math.min(state.batch, data.n);
        const z2 = api.network.activations(data.X.subarray(0, m * v.sizes[0]), m).z[2];
        return {
          truth: `${z2.length} (${v.sizes[2]} neurons × m = ${m} examples)`,
          right: Number(guess) === z2.length,
          detail:
            'One column per example of the batch, one row per neuron: the equation panel writes it Z[2] of n₂ × m.',
        };
      }
      if (!task) newTask(v);
      // Another training example than the exercise's: its layer 1 from the page's network as it is now.
      const { X, n } = api.pageData();
      const n0 = v.sizes[0];
      const other = (task.e + 1) % n;
      const x = X.slice(other * n0, (other + 1) * n0);
      const { z, a } = api.network.activations(x, 1);
      if (id === 'squash') {
        const smaller = Array.from(z[1]).filter((zk, k) => Math.abs(a[1][k]) < Math.abs(zk)).length;
        const equal = Array.from(z[1]).filter((zk, k) => Math.abs(a[1][k]) === Math.abs(zk)).length;
        const n1 = z[1].length;
        const shown = smaller === n1 ? 'smaller' : equal === n1 ? 'equal' : 'larger';
        let widest = 0;
        z[1].forEach((zk, k) => Math.abs(zk) > Math.abs(z[1][widest]) && (widest = k));
        return {
          truth: `|a| < |z| for ${smaller} of the ${n1} neurons of layer 1 on training example ${other + 1} (the largest: |z| = ${api.plain(Math.abs(z[1][widest]))}, |a| = ${api.plain(Math.abs(a[1][widest]))})`,
          right: guess.text === shown,
          detail: 'tanh pulls every z towards 0 (|tanh z| < |z| for z ≠ 0), hardest where |z| is large.',
        };
      }
      if (id === 'double') {
        // The lesson's own copy of the page's network with W[1] doubled: the engine's z[1] of the same example.
        const net = api.engine.NetworkFromJSON(api.network.toJSON());
        try {
          net.setWeights(
            1,
            api.network.weights(1).map((w) => 2 * w),
          );
          net.forward(x, 1);
          const ratios = Array.from(net.z(1), (zk, k) => zk / z[1][k]);
          const all = ratios.every((r) => Math.abs(r - 2) < 1e-12);
          return {
            truth: `z[1] of training example ${other + 1} changes by ×${ratios
              .slice(0, 4)
              .map((r) => api.plain(r))
              .join(', ×')}${ratios.length > 4 ? ', …' : ''} per neuron`,
            // z = W a + b: W a doubles, b is added unchanged, so z doubles exactly where b is 0 — which the
            // engine's ratios show, whether the biases are still 0 (×2 everywhere) or training moved them.
            right: guess.index === 1,
            detail: all
              ? 'Here every bias of layer 1 is still 0 (no update has moved it yet), so every z doubles; train an epoch and ask again: once b ≠ 0, only W a doubles and b is added unchanged.'
              : 'Only W a doubles; the bias b is added unchanged, so z doubles only where b is 0.',
          };
        } finally {
          api.engine.delete(net);
        }
      }
      throw new Error(`no prompt ${id}`);
    },
  };
}

export default {
  id: 'q2',
  title: 'Forward propagation, layer by layer',
  preset: { dataset: 'circle', features: ['x1', 'x2'], layers: [8, 8], act: ['tanh', 'tanh'], batch: 10 },
  text,
  prompts,
  note,
  open,
};
