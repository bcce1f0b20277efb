// Lesson q3: backpropagation (homework question 3). The chain rule from the loss back to layer 1, checked
// three ways on the page's network as it is now: the engine's gradient check (backprop against central
// differences), a "wiggle one weight" probe (ΔL against dW·ε), and an exercise in which the student chains
// one hidden neuron's dz by hand for a training example no view shows. The "break σ'" switch makes the
// backward pass multiply by 1 instead of σ'(Z): the checks fail, and training stops learning. Everything
// runs on the lesson's own copies of the network and of the data set.

import { el, four } from './dom.js';

const text = `<p>Backpropagation is the chain rule, applied from the loss backwards one layer at a time. The
output layer's error dZ[L] comes straight from the loss; each layer before it receives dA = Wᵀ dZ from the
layer above and multiplies it, entry by entry, by the slope of its own activation, σ'(Z), to get its dZ.
From dZ follow dW = dZ Aᵀ and db. Step the backward phases with <b>Phase ›</b> and watch each line of the
equation panel; then see what happens when one factor of the chain is wrong.</p>`;

const prompts = [
  {
    id: 'check',
    text: 'Backprop’s gradient against the slope measured by nudging every weight (central differences): how far apart will they be, at most?',
    guess: { kind: 'choice', choices: ['below 10⁻⁶', 'about 10⁻³', 'above 0.1'] },
    button: 'Commit, then run the gradient check',
  },
  {
    id: 'broken',
    text: 'With σ′ replaced by 1 in the backward pass, where does the training loss end after 200 epochs, compared with the correct σ′?',
    guess: { kind: 'choice', choices: ['about the same', 'somewhat higher', 'it does not learn: near 0.69'] },
    button: 'Commit, then train both',
  },
];

const note = `Backprop computes the gradient; the optimizer decides what to do with it (SGD here: Adam's
first step is η · sign(g) and would hide the gradient's size). How much a wrong derivative hurts depends on
the activation: ReLU's σ' is 0 or 1, so replacing it by 1 still reaches about 85 % on this data.`;

const CHECK_EXAMPLES = 4; // training examples the gradient check uses
const PROBE_EXAMPLES = 10; // and the probe (a batch's worth)
const EPOCHS = 200;

function open(root, api) {
  // The switch and the readouts.
  const head = el(root, 'div', { className: 'readouts' });
  const switchLabel = el(head, 'label', { className: 'lesson-switch' });
  const brokenBox = el(switchLabel, 'input', { type: 'checkbox' });
  switchLabel.append(' Break σ′ (the backward pass uses 1 instead of σ′(Z); starts a paired run, same seed)');
  brokenBox.addEventListener('change', () => api.playground.setState({ broken: brokenBox.checked }));
  const readouts = el(root, 'div', { className: 'readouts' });
  const brokenOut = api.readout(readouts, 'broken', 'σ′ in the backward pass:');
  const checkOut = api.readout(readouts, 'gradient-check', 'Gradient check (largest relative difference):');
  const lossOut = api.readout(readouts, 'loss', 'Training loss now:');
  const start = el(root, 'p', { className: 'lesson-start' });
  const fresh = el(start, 'button', { type: 'button', text: 'New task' });
  el(start, 'span', { text: ' Train a little (Epoch) and the checks follow the weights.' });
  fresh.addEventListener('click', () => {
    count++;
    if (view) newTask(view);
  });

  // The probe.
  const probe = el(root, 'form', { className: 'lesson-probe', 'aria-label': 'Wiggle one weight' });
  el(probe, 'h3', { text: 'Wiggle one weight' });
  const pick = el(probe, 'p', { className: 'probe-pick' });
  const layerLabel = el(pick, 'label', { text: 'W of layer ' });
  const layerSel = el(layerLabel, 'select', { 'aria-label': 'probe layer' });
  const rowLabel = el(pick, 'label', { text: ' row ' });
  const rowSel = el(rowLabel, 'select', { 'aria-label': 'probe row' });
  const colLabel = el(pick, 'label', { text: ' column ' });
  const colSel = el(colLabel, 'select', { 'aria-label': 'probe column' });
  const epsLabel = el(pick, 'label', { text: ' by ε = ' });
  const eps = el(epsLabel, 'input', { type: 'text', value: '1e-4', inputMode: 'decimal', 'aria-label': 'ε' });
  el(probe, 'button', { type: 'submit', text: 'Wiggle it' });
  const probeOut = el(probe, 'output', { className: 'probe-result', 'aria-live': 'polite' });
  probeOut.dataset.readout = 'wiggle';

  // The exercise.
  const exercise = el(root, 'form', { className: 'lesson-exercise', 'aria-label': 'Exercise' });
  el(exercise, 'h3', { text: 'Exercise: one link of the chain' });
  const question = el(exercise, 'p', { className: 'exercise-question' });
  const formula = el(exercise, 'div', { className: 'lesson-math exercise-formula' });
  const values = el(exercise, 'ul', { className: 'exercise-values' });
  const answerLabel = el(exercise, 'label', { htmlFor: 'q3-answer', text: 'Your dz: ' });
  const answer = el(answerLabel, 'input', { id: 'q3-answer', type: 'text', inputMode: 'decimal', autocomplete: 'off' });
  el(exercise, 'button', { type: 'submit', text: 'Check' });
  const verdict = el(exercise, 'p', { className: 'verdict', 'aria-live': 'polite' });

  let view = null;
  let checked = null; // the key of the weights the gradient check was run on
  let task = null;
  let sizesKey = '';
  let count = 0; // tasks set so far: each takes the next example and neuron
  // Rows first..first+count−1 of the training set, example-major as the engine takes them.
  function rows(first, count) {
    const { X, Y, n } = api.pageData();
    const sizes = api.network.sizes();
    const n0 = sizes[0];
    const nL = sizes.at(-1);
    const k = Math.min(count, n - first);
    return { X: X.slice(first * n0, (first + k) * n0), Y: Y.slice(first * nL, (first + k) * nL), m: k };
  }
  // The lesson's copy of the page's network as it is now (no regularization: the data loss alone), with
  // σ' broken or not.
  function withCopy(broken, work) {
    const net = api.engine.NetworkFromJSON(api.network.toJSON());
    try {
      net.setRegularization({ l1: 0, l2: 0, dropout: 0 });
      net.setBrokenDerivative(broken);
      return work(net);
    } finally {
      api.engine.delete(net);
    }
  }
  const broken = () => Boolean(api.playground.getState().broken);
  const gradientCheck = () =>
    withCopy(broken(), (net) => {
      const { X, Y, m } = rows(0, CHECK_EXAMPLES);
      return net.gradientCheck(X, Y, m);
    });

  function fillSelect(select, count, keep) {
    const value = Number(select.value) || keep;
    select.replaceChildren(...Array.from({ length: count }, (_, k) => new Option(String(k + 1), String(k + 1))));
    select.value = String(Math.min(value, count));
  }
  function fillProbe(sizes) {
    fillSelect(layerSel, sizes.length - 1, 1);
    const l = Number(layerSel.value);
    fillSelect(rowSel, sizes[l], 1);
    fillSelect(colSel, sizes[l - 1], 1);
  }
  layerSel.addEventListener('change', () => view && fillProbe(view.sizes));

  probe.addEventListener('submit', (event) => {
    event.preventDefault();
    const e = Number(eps.value.trim().replace('−', '-'));
    if (!(e > 0 && e <= 0.1)) {
      probeOut.textContent = `ε must be a number in (0, 0.1], such as 1e-4; got “${eps.value}”.`;
      return;
    }
    const l = Number(layerSel.value);
    const i = Number(rowSel.value) - 1;
    const k = Number(colSel.value) - 1;
    const index = i * api.network.sizes()[l - 1] + k;
    const { X, Y, m } = rows(0, PROBE_EXAMPLES);
    const result = withCopy(broken(), (net) => {
      net.forward(X, m);
      const loss = net.backward(Y);
      const g = net.gradWeights(l)[index];
      const W = net.weights(l);
      const at = (w) => {
        const moved = W.slice();
        moved[index] = w;
        net.setWeights(l, moved);
        net.forward(X, m);
        return net.backward(Y);
      };
      const up = at(W[index] + e);
      const down = at(W[index] - e);
      return { loss, g, slope: (up - down) / (2 * e), up };
    });
    const agree = Math.abs(result.g - result.slope) <= 1e-4 * Math.max(Math.abs(result.slope), 1e-6) + 1e-9;
    probeOut.dataset.value = String(result.slope);
    probeOut.dataset.verdict = agree ? 'agree' : 'differ';
    probeOut.textContent =
      `On the first ${m} training examples, L moves by ${api.plain(result.up - result.loss)} when W[${l}] row ${i + 1}, column ${k + 1} moves by ${api.plain(e)}: ` +
      `the measured slope (L(w+ε) − L(w−ε))/2ε is ${api.plain(result.slope)}; backprop's dW is ${api.plain(result.g)}` +
      (agree ? ' — they agree.' : ` — they differ${broken() ? ': the backward pass is broken.' : '.'}`);
  });

  // A new task: neuron i of the last hidden layer and training example e (the next of each with every
  // task); its pieces and the chain rule's value from the lesson's copy with the correct σ', frozen.
  function newTask(v) {
    const sizes = v.sizes;
    const L = sizes.length - 1;
    const h = L - 1; // the hidden layer just below the output
    if (sizes[L] !== 1) {
      task = null;
      question.textContent = 'This exercise uses a one-output network (reset the lesson for its preset).';
      formula.replaceChildren();
      values.replaceChildren();
      return;
    }
    const { n } = api.pageData();
    const e = (7 * count + 5) % n;
    const i = count % sizes[h];
    const act = v.config.hidden[h - 1];
    const { X, Y } = rows(e, 1);
    const pieces = withCopy(false, (net) => {
      net.forward(X, 1);
      net.backward(Y);
      return {
        truth: net.dz(h)[i],
        sigmaPrime: net.sigmaPrime(h)[i],
        w: net.weights(L)[i],
        dzL: net.dz(L)[0],
        a: net.a(h)[i],
      };
    });
    const engine = broken()
      ? withCopy(true, (net) => (net.forward(X, 1), net.backward(Y), net.dz(h)[i]))
      : pieces.truth;
    const { truth, sigmaPrime, w, dzL, a } = pieces;
    task = { key: `${sizes.join()}|${act}`, e, i, truth, sigmaPrime, w, dzL, a, act, h, L, broken: broken(), engine };
    question.textContent =
      `Training example ${e + 1} (one example, no view shows it): compute dz of neuron ${i + 1} in layer ${h} ` +
      'from the numbers below (graded within 0.5 %, about 3 significant figures).';
    const rule = act === 'tanh' ? `\\tanh'(z) = 1 - a^2` : `${act}'(z)`;
    // Two lines, so that it fits the lesson's column.
    api.tex(
      formula,
      `\\begin{gathered} dz^{[${h}]}_{${i + 1}} = \\underbrace{W^{[${L}]}_{1,${i + 1}}\\, dz^{[${L}]}}_{da^{[${h}]}_{${i + 1}}}` +
        `\\cdot \\sigma'\\big(z^{[${h}]}_{${i + 1}}\\big) \\\\ ${rule} \\end{gathered}`,
    );
    values.replaceChildren();
    const item = (label, value, name) => {
      const li = el(values, 'li');
      el(li, 'span', { text: `${label} = ` });
      const out = el(li, 'output', { text: four(value), className: 'exercise-value' });
      out.dataset.value = four(value);
      out.dataset.name = name;
    };
    item(`W[${L}] row 1, column ${i + 1}`, w, 'w');
    item(`dz[${L}] of the example (the output's error, ŷ − y)`, dzL, 'dzL');
    if (act === 'tanh') item(`a[${h}] of neuron ${i + 1} (tanh of its z)`, a, 'a');
    else item(`σ′(z) of neuron ${i + 1}`, sigmaPrime, 'sigmaPrime');
    answer.value = '';
    verdict.textContent = '';
    delete verdict.dataset.verdict;
  }

  exercise.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!task) return;
    const g = api.grade(answer.value, task.truth, {
      atol: 1e-9,
      factors: [
        { name: 'σ′(z)', value: task.sigmaPrime, shown: api.plain(task.sigmaPrime) },
        { name: `W[${task.L}]`, value: task.w, shown: four(task.w) },
      ],
      mistakes: [
        { value: task.w * task.dzL * task.a, says: 'You multiplied by a itself; the slope of tanh is 1 − a².' },
        { value: task.w * task.dzL * (1 - task.a), says: 'The slope of tanh is 1 − a², not 1 − a.' },
      ],
    });
    verdict.dataset.verdict = g.verdict;
    const engine =
      task.broken && Math.abs(task.engine - task.truth) > 1e-12
        ? ` With σ′ broken the page's engine used ${api.plain(task.engine)} (σ′ taken as 1) instead.`
        : '';
    verdict.textContent =
      g.verdict === 'right' ? `Right: dz = ${api.plain(task.truth)}.${engine}` : `Not yet. ${g.hint}`;
  });

  return {
    update(v) {
      view = v;
      const isBroken = Boolean(v.state.broken);
      brokenBox.checked = isBroken;
      brokenOut.set(isBroken ? 'broken: 1 instead of σ′(Z)' : 'correct: σ′(Z)', isBroken ? 'broken' : 'correct');
      const train = v.history?.train ?? [];
      const last = train.length ? train[train.length - 1] : null;
      lossOut.set(last === null ? '— (no epoch yet)' : api.plain(last), last ?? '');
      const key = v.sizes.join();
      if (key !== sizesKey) {
        sizesKey = key;
        fillProbe(v.sizes);
      }
      // The gradient check follows the weights: run again when a step or a setting changed them.
      const weights = `${key}|${isBroken}|${v.epoch}|${v.t}|${v.record?.id ?? ''}|${api.playground.getState().seed}`;
      if (weights !== checked) {
        checked = weights;
        try {
          const check = gradientCheck();
          checkOut.set(api.plain(check), check);
        } catch (error) {
          checkOut.set(`not available: ${error.message}`, '');
        }
      }
      if (!task || task.key !== `${key}|${v.config.hidden.at(-1)}`) newTask(v);
    },
    async reveal(id, guess) {
      if (id === 'check') {
        const check = gradientCheck();
        const bucket = check < 1e-6 ? 0 : check < 0.1 ? 1 : 2;
        return {
          truth: api.plain(check),
          right: guess.index === bucket,
          detail: broken()
            ? 'With σ′ broken, backprop no longer computes the slope of the loss.'
            : 'Backprop is exact up to rounding: the differences come from the finite ε, not from the chain rule.',
        };
      }
      if (id === 'broken') {
        // Two networks of the lesson's own, the page's architecture and seed, trained side by side.
        const state = api.playground.getState();
        const { ds, n: nTrain } = api.pageData(); // the page's data, the lesson's copy
        const final = [false, true].map((broken) => {
          const net = api.engine.Network({
            sizes: api.network.sizes(),
            hidden: state.act,
            output: state.output,
            loss: state.loss,
            init: state.init,
            seed: state.seed,
          });
          net.setOptimizer(api.network.optimizer());
          net.setBrokenDerivative(broken);
          const batchSize = Math.min(state.batch || nTrain, nTrain);
          const trainer = api.engine.Trainer(net, ds, { batchSize, seed: state.seed });
          trainer.run(EPOCHS);
          const h = trainer.history();
          const loss = h.train[h.train.length - 1];
          api.engine.delete(trainer);
          api.engine.delete(net);
          return loss;
        });
        const [correct, broken] = final;
        const shown = broken > 0.5 ? 2 : broken > 2 * correct ? 1 : 0;
        return {
          truth: `${api.plain(broken)} broken, against ${api.plain(correct)} correct`,
          right: guess.index === shown,
          detail:
            'Tick “Break σ′” above to watch it on the page: the run with the correct σ′ stays on the chart beside it.',
        };
      }
      throw new Error(`no prompt ${id}`);
    },
  };
}

export default {
  id: 'q3',
  title: 'Backpropagation, and a broken derivative',
  preset: {
    dataset: 'circle',
    features: ['x1', 'x2'],
    layers: [8, 8],
    act: ['tanh', 'tanh'],
    output: 'sigmoid',
    loss: 'bce',
    optimizer: 'sgd',
    lr: 0.1,
    batch: 10,
    broken: false,
  },
  text,
  prompts,
  note,
  open,
};
