// Lesson q3: backpropagation (homework question 3). The chain rule from the loss back to layer 1, checked
// three ways on the page's own step: the engine's gradient check (backprop against central differences), a
// "wiggle one weight" probe (ΔL against dW·ε), and an exercise in which the student chains one hidden
// neuron's dz by hand. The "break σ'" switch makes the backward pass multiply by 1 instead of σ'(Z): the
// checks fail, and training stops learning. The probes run on the lesson's own copy of the network.

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
    text: 'With σ′ replaced by 1 in the backward pass, where does the training loss end after 200 epochs (the correct one ends near 0.01)?',
    guess: { kind: 'choice', choices: ['about the same', 'somewhat higher', 'it does not learn: near 0.69'] },
    button: 'Commit, then train both',
  },
];

const note = `Backprop computes the gradient; the optimizer decides what to do with it (SGD here: Adam's
first step is η · sign(g) and would hide the gradient's size). How much a wrong derivative hurts depends on
the activation: ReLU's σ' is 0 or 1, so replacing it by 1 still reaches about 85 % on this data.`;

const CHECK_EXAMPLES = 4; // examples of the step the gradient check uses
const EPOCHS = 200;

function el(parent, tag, props = {}) {
  const node = parent.appendChild(document.createElement(tag));
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k in node) node[k] = v;
    else node.setAttribute(k, v);
  }
  return node;
}

const four = (x) => String(Number(x.toPrecision(4)));

// The step's first `count` examples, example-major as the engine takes them: X (count × n0), Y (count × nL).
function batchOf(rec, count) {
  const m = rec.m;
  const k = Math.min(count, m);
  const n0 = rec.sizes[0];
  const nL = rec.sizes[rec.L];
  const X = new Float64Array(k * n0);
  for (let i = 0; i < k; i++) for (let f = 0; f < n0; f++) X[i * n0 + f] = rec.A[0][f * m + i];
  return { X, Y: rec.Y.slice(0, k * nL), m: k };
}

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
  const startButton = el(start, 'button', { type: 'button', text: 'Take a step (to check and probe)' });
  startButton.addEventListener('click', async () => {
    await api.playground.pause();
    await api.playground.stepBatch();
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
  let recordId = null;
  let task = null;
  let sizesKey = '';

  // The lesson's copy of the page's network with the step's weights before its update, broken as the page's.
  function copyAtStep(rec, broken = rec.broken) {
    const net = api.engine.NetworkFromJSON(api.network.toJSON());
    for (let l = 1; l <= rec.L; l++) {
      net.setWeights(l, rec.W[l]);
      net.setBiases(l, rec.b[l]);
    }
    net.setRegularization({ l1: 0, l2: 0, dropout: 0 });
    net.setBrokenDerivative(broken);
    return net;
  }
  function withCopy(rec, broken, work) {
    const net = copyAtStep(rec, broken);
    try {
      return work(net);
    } finally {
      api.engine.delete(net);
    }
  }
  const gradientCheck = (rec) =>
    withCopy(rec, rec.broken, (net) => {
      const { X, Y, m } = batchOf(rec, CHECK_EXAMPLES);
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
    const rec = view?.record;
    if (!rec) {
      probeOut.textContent = 'Take a step first: the probe uses its examples and weights.';
      return;
    }
    const e = Number(eps.value.trim().replace('−', '-'));
    if (!(e > 0 && e <= 0.1)) {
      probeOut.textContent = `ε must be a number in (0, 0.1], such as 1e-4; got “${eps.value}”.`;
      return;
    }
    const l = Number(layerSel.value);
    const i = Number(rowSel.value) - 1;
    const k = Number(colSel.value) - 1;
    const index = i * rec.sizes[l - 1] + k;
    const { X, Y, m } = batchOf(rec, rec.m);
    const result = withCopy(rec, rec.broken, (net) => {
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
      `L moves by ${api.plain(result.up - result.loss)} when W[${l}] row ${i + 1}, column ${k + 1} moves by ${api.plain(e)}: ` +
      `the measured slope (L(w+ε) − L(w−ε))/2ε is ${api.plain(result.slope)}; backprop's dW is ${api.plain(result.g)}` +
      (agree ? ' — they agree.' : ` — they differ${rec.broken ? ': the backward pass is broken.' : '.'}`);
  });

  function newTask(v) {
    const rec = v.record;
    const L = rec.L;
    const h = L - 1; // the hidden layer just below the output
    const m = rec.m;
    const e = Math.min(v.j, m - 1);
    const i = (rec.id - 1) % rec.sizes[h];
    const nL = rec.sizes[L];
    if (nL !== 1) {
      task = null;
      question.textContent = 'This exercise uses a one-output network (reset the lesson for its preset).';
      formula.replaceChildren();
      values.replaceChildren();
      return;
    }
    const act = rec.config.hidden[h - 1];
    // The chain rule's value from the lesson's copy with the correct σ' (what the page's engine computes
    // when σ' is not broken), and the pieces it is made of, from the step record.
    const truth = withCopy(rec, false, (net) => {
      const { X, Y } = batchOf(rec, m);
      net.forward(X, m);
      net.backward(Y);
      return net.dz(h)[i * m + e];
    });
    const sigmaPrime = rec.sigmaPrime[h][i * m + e];
    const w = rec.W[L][i];
    const dzL = rec.dZ[L][e];
    const a = rec.A[h][i * m + e];
    task = {
      recordId: rec.id,
      e,
      i,
      truth,
      sigmaPrime,
      w,
      dzL,
      a,
      act,
      h,
      L,
      broken: rec.broken,
      engine: rec.dZ[h][i * m + e],
    };
    question.textContent =
      `Example ${e + 1} of this step: compute dz of neuron ${i + 1} in layer ${h} from the numbers below ` +
      '(graded to 3 significant figures).';
    const rule = act === 'tanh' ? `\\tanh'(z) = 1 - a^2` : `${act}'(z)`;
    api.tex(
      formula,
      `dz^{[${h}]}_{${i + 1}} = \\underbrace{W^{[${L}]}_{1,${i + 1}}\\, dz^{[${L}]}}_{da^{[${h}]}_{${i + 1}}}` +
        `\\cdot \\sigma'\\big(z^{[${h}]}_{${i + 1}}\\big), \\qquad ${rule}`,
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
    item(`dz[${L}] of example ${e + 1} (the output's error, 1/m included)`, dzL, 'dzL');
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
      const broken = Boolean(v.state.broken);
      brokenBox.checked = broken;
      brokenOut.set(broken ? 'broken: 1 instead of σ′(Z)' : 'correct: σ′(Z)', broken ? 'broken' : 'correct');
      const train = v.history?.train ?? [];
      const last = train.length ? train[train.length - 1] : null;
      lossOut.set(last === null ? '— (no epoch yet)' : api.plain(last), last ?? '');
      const key = v.sizes.join();
      if (key !== sizesKey) {
        sizesKey = key;
        fillProbe(v.sizes);
      }
      if (!v.record) {
        recordId = null;
        task = null;
        checkOut.set('— (take a step)', '');
        question.textContent = 'Take a step first (the button above, Batch or Phase ›): the exercise uses its numbers.';
        formula.replaceChildren();
        values.replaceChildren();
        return;
      }
      if (v.record.id !== recordId) {
        recordId = v.record.id;
        try {
          const check = gradientCheck(v.record);
          checkOut.set(api.plain(check), check);
        } catch (error) {
          checkOut.set(`not available: ${error.message}`, '');
        }
      }
      if (!task || task.recordId !== v.record.id || task.e !== Math.min(v.j, v.record.m - 1)) newTask(v);
    },
    async reveal(id, guess) {
      if (id === 'check') {
        if (!view?.record) await api.playground.stepBatch();
        const check = gradientCheck(view.record);
        const bucket = check < 1e-6 ? 0 : check < 0.1 ? 1 : 2;
        return {
          truth: api.plain(check),
          right: guess.index === bucket,
          detail: view.record.broken
            ? 'With σ′ broken, backprop no longer computes the slope of the loss.'
            : 'Backprop is exact up to rounding: the differences come from the finite ε, not from the chain rule.',
        };
      }
      if (id === 'broken') {
        // Two networks of the lesson's own, the page's architecture and seed, trained side by side.
        const state = api.playground.getState();
        const info = api.engine.datasetInfo(state.dataset);
        const options = { name: state.dataset, noise: state.noise, seed: state.seed, validationFraction: state.split };
        if (info.maxNoise > 0) options.n = state.n;
        if (info.twoD) options.features = state.features;
        const data = api.engine.Dataset(options);
        const nTrain = data.info().nTrain;
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
          const trainer = api.engine.Trainer(net, data, { batchSize, seed: state.seed });
          trainer.run(EPOCHS);
          const h = trainer.history();
          const loss = h.train[h.train.length - 1];
          api.engine.delete(trainer);
          api.engine.delete(net);
          return loss;
        });
        api.engine.delete(data);
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
