// Lesson b2: a sigmoid output with binary cross-entropy gives dL/dz^[2] = ŷ − y (homework bonus 2). The
// homework's 2-4-1 network with sigmoid units: the derivation ladder for one training example, every line
// with the example's numbers (the engine's, from the lesson's own copy of the page's network) and a ✓ that
// the line agrees with the engine's backward pass; an exercise on one entry of dz^[1].

import { el, four } from './dom.js';

const text = `<p>Here the network is the homework's own: 2 inputs, 4 sigmoid neurons, 1 sigmoid output, and
binary cross-entropy as the loss. Backprop starts at the loss and works back one factor at a time. The
ladder below takes one training example through it: each line is a step of the chain rule, written out
with this example's numbers, and the ✓ says the engine's backward pass gives the same. Watch line 4: the sigmoid's slope ŷ(1 − ŷ) appears once below and once above, and nothing is left but ŷ − y.</p>`;

const prompts = [
  {
    id: 'dz2',
    text: 'For the ladder’s example the network says ŷ ≈ 0.645 and the label is y = 1. What will the engine’s dL/dz[2] be?',
    guess: { kind: 'number', label: 'dL/dz[2]' },
  },
  {
    id: 'dyhat',
    text: 'Compared with dL/dz[2], the gradient one step earlier, dL/dŷ, is…',
    guess: { kind: 'choice', choices: ['larger in size', 'the same', 'smaller in size'] },
  },
  {
    id: 'batch',
    text: 'Over a batch of 10 examples, is the engine’s dW[2] the sum or the mean of the ten examples’ dW[2]?',
    guess: { kind: 'choice', choices: ['the sum', 'the mean'] },
  },
];

const note = `The homework's products leave out two transposes: the gradient reaching the hidden layer is
dA[1] = W[2]ᵀ dz[2] (a column of 4, where W[2] is a row), and dW[1] = dz[1] Xᵀ (4 × 2, one row per hidden
neuron), as the ladder's last lines show. And over a batch every gradient is the mean of the examples'
(the third prompt), not one example's.`;

// Numbers as the ladder shows them: 5 significant figures (the homework's 0.64536).
const five = (x) => String(Number(x.toPrecision(5)));
const t = (x) => five(x).replace('-', '−');
const t4 = (x) => four(x).replace('-', '−');
const col = (xs) => `\\begin{bmatrix} ${Array.from(xs, t4).join(' \\\\ ')} \\end{bmatrix}`;
const row = (xs) => `\\begin{bmatrix} ${Array.from(xs, t4).join(' & ')} \\end{bmatrix}`;
// One ladder line: its steps one under another (the lesson column is narrow).
const steps = (...parts) =>
  `\\begin{aligned} ${parts[0]} ${parts
    .slice(1)
    .map((p) => `\\\\ &= ${p}`)
    .join(' ')} \\end{aligned}`;
const TOL = 1e-12;
const maxAbs = (a, b) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

function open(root, api) {
  const head = el(root, 'p', { className: 'lesson-start' });
  const next = el(head, 'button', { type: 'button', text: 'Next example' });
  const which = el(head, 'span', { className: 'b2-which', 'aria-live': 'polite' });
  const readouts = el(root, 'div', { className: 'readouts' });
  const yhatOut = api.readout(readouts, 'yhat', 'ŷ:');
  const yOut = api.readout(readouts, 'y', 'y:');
  const dz2Out = api.readout(readouts, 'dz2', 'dL/dz[2] (engine):');
  const checkOut = api.readout(readouts, 'gradient-check', 'Gradient check (engine, this example):');
  const status = el(root, 'p', { className: 'b2-status' });
  // The ladder, dz[2]'s readout and the exercise answer prompts 1 and 2: they open once both are committed
  // (or on "show it now"), so that the guesses come first.
  const gate = el(root, 'p', { className: 'b2-gate' });
  el(gate, 'span', { text: 'The ladder answers prompts 1 and 2: commit your guesses above first, or ' });
  const openNow = el(gate, 'button', { type: 'button', text: 'show the ladder now' });
  const piece = el(root, 'div', { className: 'b2-piece', hidden: true });
  piece.append(dz2Out.element.parentElement, checkOut.element.parentElement);
  const ladder = el(piece, 'ol', { className: 'b2-ladder', 'aria-label': 'The derivation ladder' });
  const hiddenRow = el(piece, 'p', { className: 'b2-hidden-row' });
  const showHidden = el(hiddenRow, 'button', { type: 'button', text: 'Show the hidden layer’s lines' });
  el(hiddenRow, 'span', { text: ' (they hold the exercise’s answer).' });

  const exercise = el(piece, 'form', { className: 'lesson-exercise', 'aria-label': 'Exercise' });
  el(exercise, 'h3', { text: 'Exercise: one entry of dz[1]' });
  const question = el(exercise, 'p', { className: 'exercise-question' });
  const formula = el(exercise, 'div', { className: 'lesson-math exercise-formula' });
  const answerLabel = el(exercise, 'label', { htmlFor: 'b2-answer', text: 'Your dz: ' });
  const answer = el(answerLabel, 'input', { id: 'b2-answer', type: 'text', inputMode: 'decimal', autocomplete: 'off' });
  el(exercise, 'button', { type: 'submit', text: 'Check' });
  const verdict = el(exercise, 'p', { className: 'verdict', 'aria-live': 'polite' });

  const committed = new Set(); // the prompts revealed so far
  const openLadder = () => {
    piece.hidden = false;
    gate.hidden = true;
  };
  openNow.addEventListener('click', openLadder);

  let data = null; // {key, ds, X, Y, n}
  let copy = null; // {key, net}
  let k = 0; // the training example
  let shownHidden = false;
  let g = null; // the example's numbers from the engine
  let lastKey = '';
  let task = null;

  // The lesson's copy of the page's data set; a new copy starts again at its first example.
  function dataFor(state) {
    const d = api.pageData(state);
    if (d !== data) {
      data = d;
      k = 0;
    }
    return data;
  }

  // Every number of the ladder, from the lesson's copy of the page's network (its current weights).
  function compute(state) {
    const sizes = api.network.sizes();
    const cfg = api.network.config();
    const d = dataFor(state);
    const key = `${sizes.join('-')}|${cfg.hidden.join()}|${cfg.output}|${cfg.loss}`;
    if (copy?.key !== key) {
      if (copy) api.engine.delete(copy.net);
      copy = { key, net: api.engine.Network({ sizes, hidden: cfg.hidden, output: cfg.output, loss: cfg.loss }) };
    }
    const net = copy.net;
    for (let l = 1; l < sizes.length; l++) {
      net.setWeights(l, api.network.weights(l));
      net.setBiases(l, api.network.biases(l));
    }
    const n0 = sizes[0];
    const nL = sizes.at(-1);
    const x = d.X.subarray(k * n0, (k + 1) * n0);
    const y = d.Y.subarray(k * nL, (k + 1) * nL);
    net.forward(x, 1);
    net.backward(y);
    const L = sizes.length - 1;
    const out = {
      sizes,
      L,
      x: Array.from(x),
      y: y[0],
      z2: net.z(L)[0],
      yhat: net.a(L)[0],
      da2: net.da(L)[0],
      sp2: net.sigmaPrime(L)[0],
      dz2: net.dz(L)[0],
      a1: net.a(1),
      z1: net.z(1),
      W2: net.weights(L),
      dW2: net.gradWeights(L),
      db2: net.gradBiases(L)[0],
      da1: net.da(1),
      sp1: net.sigmaPrime(1),
      dz1: net.dz(1),
      dW1: net.gradWeights(1),
      homework: sizes.length === 3 && nL === 1 && cfg.output === 'sigmoid' && cfg.loss === 'bce',
      sigmoidHidden: cfg.hidden.every((h) => h === 'sigmoid'),
    };
    out.check = net.gradientCheck(x, y, 1);
    out.sigmaZ2 = api.engine.activation('sigmoid', [out.z2]).a[0];
    return out;
  }

  // The ladder: [id, TeX, agrees with the engine?, hidden-layer line?].
  function lines(n) {
    const { yhat, y, da2, sp2, dz2 } = n;
    const m = n.sizes[1];
    const dW1 = [];
    for (let i = 0; i < m; i++) dW1.push(Array.from(n.dW1.subarray(i * n.sizes[0], (i + 1) * n.sizes[0])));
    const outer = (a, b) => a.flatMap((ai) => b.map((bj) => ai * bj));
    const slope = '\\hat y(1-\\hat y)';
    return [
      [
        'yhat',
        steps(`\\hat y &= \\sigma(z^{[2]})`, `\\sigma(${t(n.z2)})`, t(yhat)),
        Math.abs(n.sigmaZ2 - yhat) <= TOL,
        false,
      ],
      [
        'dyhat',
        steps(
          `\\frac{\\partial L}{\\partial \\hat y} &= -\\Big(\\frac{y}{\\hat y} - \\frac{1-y}{1-\\hat y}\\Big)`,
          `\\frac{\\hat y - y}{${slope}}`,
          `\\frac{${t(yhat)} - ${t(y)}}{${t(yhat)}\\,(1 - ${t(yhat)})}`,
          t(da2),
        ),
        Math.abs(da2 * yhat * (1 - yhat) - (yhat - y)) <= 1e-9,
        false,
      ],
      [
        'sigma',
        steps(`\\frac{\\partial \\hat y}{\\partial z^{[2]}} &= ${slope}`, `${t(yhat)}\\,(${t(1 - yhat)})`, t(sp2)),
        Math.abs(sp2 - yhat * (1 - yhat)) <= TOL,
        false,
      ],
      [
        'dz2',
        steps(
          `\\frac{\\partial L}{\\partial z^{[2]}} &= \\frac{\\partial L}{\\partial \\hat y}\\cdot\\frac{\\partial \\hat y}{\\partial z^{[2]}}`,
          `\\frac{\\hat y - y}{\\cancel{${slope}}} \\cdot \\cancel{${slope}}`,
          `\\frac{${t(yhat - y)}}{\\cancel{${t(sp2)}}} \\cdot \\cancel{${t(sp2)}}`,
          `\\hat y - y = ${t(dz2)}`,
        ),
        Math.abs(dz2 - (yhat - y)) <= TOL,
        false,
      ],
      [
        'dW2',
        steps(
          `\\frac{\\partial L}{\\partial W^{[2]}} &= dz^{[2]}\\, a^{[1]\\mathsf T}`,
          `(${t(dz2)})\\, ${col(n.a1)}^{\\mathsf T}`,
          `${col(n.dW2)}^{\\mathsf T}`,
        ),
        maxAbs(
          n.dW2,
          Array.from(n.a1, (a) => dz2 * a),
        ) <= TOL,
        false,
      ],
      ['db2', steps(`\\frac{\\partial L}{\\partial b^{[2]}} &= dz^{[2]}`, t(n.db2)), n.db2 === dz2, false],
      [
        'da1',
        steps(`dA^{[1]} &= W^{[2]\\mathsf T} dz^{[2]}`, `${col(n.W2)} (${t(dz2)})`, col(n.da1)),
        maxAbs(
          n.da1,
          Array.from(n.W2, (w) => w * dz2),
        ) <= TOL,
        true,
      ],
      [
        'dz1',
        steps(
          `dz^{[1]} &= dA^{[1]} \\odot ${n.sigmoidHidden ? 'a^{[1]}(1 - a^{[1]})' : "\\sigma'(z^{[1]})"}`,
          `${col(n.da1)} \\odot ${col(n.sp1)}`,
          col(n.dz1),
        ),
        maxAbs(
          n.dz1,
          Array.from(n.da1, (v, i) => v * n.sp1[i]),
        ) <= TOL,
        true,
      ],
      [
        'dW1',
        steps(
          `\\frac{\\partial L}{\\partial W^{[1]}} &= dz^{[1]} X^{\\mathsf T}`,
          `${col(n.dz1)} ${row(n.x)}`,
          `\\begin{bmatrix} ${dW1.map((r) => r.map(t4).join(' & ')).join(' \\\\ ')} \\end{bmatrix}`,
        ),
        maxAbs(n.dW1, outer(Array.from(n.dz1), n.x)) <= TOL,
        true,
      ],
    ];
  }

  // The ladder's nine lines, made once (so the page frames each formula) and filled for each example.
  const LINE_IDS = ['yhat', 'dyhat', 'sigma', 'dz2', 'dW2', 'db2', 'da1', 'dz1', 'dW1'];
  const items = LINE_IDS.map((id) => {
    const item = el(ladder, 'li', { className: 'b2-line' });
    item.dataset.line = id;
    const math = el(item, 'div', { className: 'lesson-math' });
    const mark = el(item, 'span', { className: 'b2-mark' });
    return { item, math, mark };
  });
  function drawLadder() {
    lines(g).forEach(([id, tex, ok, hidden], i) => {
      const { item, math, mark } = items[i];
      if (item.dataset.line !== id) throw new Error(`ladder line ${i} is ${id}`);
      item.hidden = hidden && !shownHidden;
      api.tex(math, tex);
      mark.textContent = ok ? '✓ engine' : '✗ not the engine’s';
      mark.dataset.check = ok ? 'ok' : 'off';
    });
    ladder.hidden = false;
    showHidden.hidden = shownHidden;
  }

  function newTask() {
    const j = k % g.sizes[1];
    task = {
      j,
      truth: g.dz1[j],
      w: g.W2[j],
      dz2: g.dz2,
      sp: g.sp1[j],
      a: g.a1[j],
    };
    question.textContent =
      `For this example, compute dz[1] of hidden neuron ${j + 1} from the numbers below (graded ` +
      'within 0.5 %, about 3 significant figures, against the engine’s backward pass).';
    api.tex(
      formula,
      `\\begin{aligned} dz^{[1]}_{${j + 1}} &= W^{[2]}_{1,${j + 1}}\\; dz^{[2]}\\; a^{[1]}_{${j + 1}}(1 - a^{[1]}_{${j + 1}}) \\\\ ` +
        `W^{[2]}_{1,${j + 1}} &= ${t(task.w)} \\\\ dz^{[2]} &= ${t(task.dz2)} \\\\ a^{[1]}_{${j + 1}} &= ${t(task.a)} \\end{aligned}`,
    );
    answer.value = '';
    verdict.textContent = '';
    delete verdict.dataset.verdict;
  }

  function update(v) {
    try {
      g = compute(v.state);
    } catch (error) {
      g = null;
      task = null;
      lastKey = '';
      ladder.hidden = true;
      for (const r of [yhatOut, yOut, dz2Out, checkOut]) r.set('—', '');
      status.textContent = `No ladder for this network: ${error.message}`;
      return;
    }
    status.textContent = g.homework
      ? g.sigmoidHidden
        ? `The homework’s network: ${g.sizes.join('-')}, sigmoid units, binary cross-entropy.`
        : `Hidden layer ${api.network.config().hidden.join(', ')}: the ladder’s σ′ lines use its slope (the homework has sigmoid).`
      : 'The ladder is written for one hidden layer and a single sigmoid output with BCE: reset the lesson.';
    which.textContent = ` training example ${k + 1} of ${data.n}`;
    yhatOut.set(t(g.yhat), g.yhat);
    yOut.set(t(g.y), g.y);
    dz2Out.set(t(g.dz2), g.dz2);
    checkOut.set(api.plain(g.check), g.check);
    const key = `${k}|${g.dz1.join()}`;
    if (key === lastKey) return;
    lastKey = key;
    if (!g.homework) {
      ladder.hidden = true;
      task = null;
      return;
    }
    drawLadder();
    newTask();
  }

  let view = null;
  next.addEventListener('click', () => {
    if (!data) return;
    k = (k + 1) % data.n;
    update(view);
  });
  showHidden.addEventListener('click', () => {
    shownHidden = true;
    if (g?.homework) drawLadder();
  });

  exercise.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!task) return;
    const r = api.grade(answer.value, task.truth, {
      factors: [
        { name: `σ′(z[1]${task.j + 1}) = a(1 − a)`, value: Number(four(task.sp)) },
        { name: `W[2]1,${task.j + 1}`, value: Number(four(task.w)) },
        { name: 'dz[2]', value: Number(four(task.dz2)) },
      ],
      mistakes: [
        {
          value: task.w * task.dz2 * task.a,
          says: 'You multiplied by a instead of the slope a(1 − a): the sigmoid’s derivative is a(1 − a).',
        },
      ],
    });
    verdict.dataset.verdict = r.verdict;
    if (r.verdict === 'right') {
      shownHidden = true;
      drawLadder();
    }
    verdict.textContent =
      r.verdict === 'right'
        ? `Right: the engine’s dz[1]${task.j + 1} is ${api.plain(task.truth)} (the ladder’s hidden lines are open now).`
        : `Not yet. ${r.hint}`;
  });

  return {
    update(v) {
      view = v;
      update(v);
    },
    reveal(id, guess) {
      if (!g) throw new Error('no example yet');
      committed.add(id);
      if (committed.has('dz2') && committed.has('dyhat')) openLadder();
      if (id === 'dz2') {
        const right = Math.abs(Number(guess) - g.dz2) <= 5e-3 * Math.abs(g.dz2);
        return {
          truth: `${t(g.dz2)} = ŷ − y = ${t(g.yhat)} − ${t(g.y)}`,
          right,
          detail: 'The sigmoid’s slope cancels against the loss’s denominator: only the error is left.',
        };
      }
      if (id === 'dyhat') {
        const a = Math.abs(g.da2);
        const z = Math.abs(g.dz2);
        const shown = a > z ? 0 : a === z ? 1 : 2;
        return {
          truth: `|dL/dŷ| = ${five(a)}, |dL/dz[2]| = ${five(z)}`,
          right: guess.index === shown,
          detail: 'dL/dz[2] = dL/dŷ · ŷ(1 − ŷ), and ŷ(1 − ŷ) ≤ 1/4: the step through the sigmoid shrinks it.',
        };
      }
      if (id === 'batch') {
        if (!g.homework) throw new Error('the batch prompt is for the homework’s network: reset the lesson');
        // The lesson's copy: one backward over 10 examples, and each example's own.
        const B = Math.min(10, data.n);
        const net = copy.net;
        const n0 = g.sizes[0];
        const L = g.L;
        net.forward(data.X.subarray(0, B * n0), B);
        net.backward(data.Y.subarray(0, B));
        const batch = net.gradWeights(L);
        const sum = new Float64Array(batch.length);
        for (let e = 0; e < B; e++) {
          net.forward(data.X.subarray(e * n0, (e + 1) * n0), 1);
          net.backward(data.Y.subarray(e, e + 1));
          net.gradWeights(L).forEach((v, i) => (sum[i] += v));
        }
        const ratio = batch[0] / sum[0];
        const mean = Math.abs(ratio - 1 / B) < 1e-9;
        lastKey = ''; // the copy's caches now hold other examples: draw the ladder again
        update(view);
        return {
          truth: `${mean ? 'the mean' : 'the sum'}: dW[2]1,1 of the batch is ${four(batch[0])}, the sum of the ${B} examples’ is ${four(sum[0])} (×${four(ratio)})`,
          right: guess.index === (mean ? 1 : 0),
          detail: 'The loss is the mean over the batch, so every gradient is too.',
        };
      }
      throw new Error(`no prompt ${id}`);
    },
  };
}

export default {
  id: 'b2',
  title: 'Sigmoid and cross-entropy: dL/dz = ŷ − y',
  preset: {
    dataset: 'circle',
    features: ['x1', 'x2'],
    layers: [4],
    act: ['sigmoid'],
    output: 'sigmoid',
    loss: 'bce',
  },
  text,
  prompts,
  note,
  open,
};
