// Lesson q2: forward propagation, layer by layer (homework question 2): z = W a + b, then a = σ(z). The
// student steps the page's own network through a forward pass, predicts before each reveal, and computes
// one neuron's z of the frozen step by hand; the page grades it against the engine's z of that step.

const text = `<p>A forward pass is the same two moves at every layer. First a weighted sum: each neuron of
layer l multiplies every value of layer l − 1 by the weight of its link, adds them up and adds its own bias,
which gives its <b>z</b>. Then the activation bends that number: <b>a = σ(z)</b>, one neuron at a time. The
a's of one layer are the inputs of the next, until the last layer gives the prediction ŷ. Press
<b>Phase ›</b> to watch one layer at a time; the equation panel fills in every number.</p>`;

const prompts = [
  {
    id: 'size',
    text: 'Before the forward pass reaches layer 2: how many numbers will z[2] hold for one example?',
    guess: { kind: 'number', label: 'Entries of z[2]' },
  },
  {
    id: 'squash',
    text: 'tanh bends z into a. For the neuron of the exercise below, will |a| be smaller than |z|, equal, or larger?',
    guess: { kind: 'choice', choices: ['smaller', 'equal', 'larger'] },
  },
  {
    id: 'double',
    text: 'If every weight of layer 1 were doubled (biases kept), would z[1] of this example double too?',
    guess: { kind: 'choice', choices: ['yes, every entry doubles', 'no, not exactly'] },
  },
];

const note = `a = σ(z) entry by entry holds for tanh, ReLU and the sigmoid. A softmax output is the exception:
each of its outputs uses the whole column z[L] (they always add up to 1), so it is not one σ per neuron.`;

const WARM = 5; // epochs trained before the exercise's first step

// 4 significant figures: what the exercise shows of each number it asks the student to combine.
const four = (x) => String(Number(x.toPrecision(4)));
const texNum = (x) => four(x).replace('-', '−');

function el(parent, tag, props = {}) {
  const node = parent.appendChild(document.createElement(tag));
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k in node) node[k] = v;
    else node.setAttribute(k, v);
  }
  return node;
}

function open(root, api) {
  const start = el(root, 'p', { className: 'lesson-start' });
  const startButton = el(start, 'button', { type: 'button', text: 'Take a step (forward pass of layer 1)' });
  el(start, 'span', {
    text: ` After ${WARM} epochs at least, so the biases have moved from their starting 0. The exercise uses the step it shows; Phase › walks on through it.`,
  });
  startButton.addEventListener('click', async () => {
    await api.playground.pause();
    while (api.playground.epoch() < WARM && api.playground.getState().lesson === 'q2') await api.playground.stepEpoch();
    await api.playground.stepPhase();
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

  let task = null; // {recordId, j, e, neuron, truth, a, w, x, b, revealed}
  let view = null;

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

  // A new task for each step: neuron j of layer 1 (one after another from step to step) and the example
  // the equation panel shows.
  function newTask(v) {
    const rec = v.record;
    const n0 = v.sizes[0];
    const n1 = v.sizes[1];
    const m = rec.m;
    const e = Math.min(v.j, m - 1);
    const j = (rec.id - 1) % n1;
    const w = Array.from({ length: n0 }, (_, k) => rec.W[1][j * n0 + k]);
    const x = Array.from({ length: n0 }, (_, k) => rec.A[0][k * m + e]);
    const b = rec.b[1][j];
    task = {
      recordId: rec.id,
      e,
      j,
      w,
      x,
      b,
      truth: rec.Z[1][j * m + e],
      a: rec.A[1][j * m + e],
      revealed: false,
      labels: v.inputLabels ?? x.map((_, k) => `x${k + 1}`),
    };
    question.textContent =
      `In this step, example ${e + 1} of ${m}: compute z of neuron ${j + 1} of layer 1 from these numbers ` +
      `(graded to 3 significant figures).`;
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
      if (!v.record) {
        task = null;
        question.textContent = 'Take a step first (the button above, or Phase ›): the exercise uses its numbers.';
        terms.replaceChildren();
        formula.replaceChildren();
        hide();
        return;
      }
      if (!task || task.recordId !== v.record.id || task.e !== Math.min(v.j, v.record.m - 1)) newTask(v);
    },
    reveal(id, guess) {
      const v = view;
      if (id === 'size') {
        const truth = v.sizes[2];
        return { truth: `${truth} (one per neuron of layer 2)`, right: Number(guess) === truth };
      }
      if (!task) throw new Error('take a step first (the button of the exercise)');
      if (id === 'squash') {
        const z = Math.abs(task.truth);
        const a = Math.abs(task.a);
        const shown = a < z ? 'smaller' : a === z ? 'equal' : 'larger';
        return {
          truth: `|z| = ${api.plain(z)}, |a| = ${api.plain(a)}: ${shown}`,
          right: guess.text === shown,
          detail: 'tanh pulls every z towards 0 (|tanh z| < |z| for z ≠ 0), hardest where |z| is large.',
        };
      }
      if (id === 'double') {
        // The lesson's own copy of the network with W[1] doubled: the engine's z[1] of the same example.
        const rec = v.record;
        const net = api.engine.Network({
          sizes: v.sizes,
          hidden: v.config.hidden,
          output: v.config.output,
          loss: v.config.loss,
        });
        try {
          for (let l = 1; l < v.sizes.length; l++) {
            net.setWeights(l, l === 1 ? rec.W[1].map((w) => 2 * w) : rec.W[l]);
            net.setBiases(l, rec.b[l]);
          }
          net.forward(Float64Array.from(task.x), 1);
          const doubled = net.z(1);
          const ratios = Array.from(doubled, (z, k) => z / rec.Z[1][k * rec.m + task.e]);
          const all = ratios.every((r) => Math.abs(r - 2) < 1e-12);
          return {
            truth: `z[1] changes by ×${ratios
              .slice(0, 4)
              .map((r) => api.plain(r))
              .join(', ×')}${ratios.length > 4 ? ', …' : ''} per neuron`,
            right: guess.index === (all ? 0 : 1),
            detail: all
              ? 'Here every bias of layer 1 is still 0 (no update has moved it yet), so z doubles; once b ≠ 0 it does not: only W a doubles, b is added unchanged.'
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
