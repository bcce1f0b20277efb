// Lesson q4: without activations a network collapses to one affine map W* x + b* (homework question 4). The
// σ and σ' of every activation (the engine's bp.activation); the collapse card: the engine's collapse() of
// an all-linear copy of the page's network, W* and b* live, a one-layer network holding W*, b* evaluated on
// every validation point beside the page's network; paired runs (linear, tanh, linear on x1², x2²) trained
// by the lesson's own engine objects; an exercise on the logit W* x + b* of one example.

import { el, four, texNum } from './dom.js';

const EPOCHS = 200;

const text = `<p>Take away every activation and each layer only multiplies by a matrix and adds a vector. A
matrix times a matrix is one matrix, so the whole stack of layers folds into a single map:
<b>z = W* x + b*</b>, with W* the product of all the weight matrices. However many layers and neurons, the
boundary the network draws on the plane is then one straight line. The card below asks the engine for W*
and b* of the network on the page and checks the map against the network point by point. The plots show
what each activation does to z (σ, black) and the slope backprop multiplies by (σ', shaded).</p>`;

const prompts = [
  {
    id: 'accuracy',
    text: `This network has linear hidden layers. After ${EPOCHS} epochs on the circle, its validation accuracy will be…`,
    guess: { kind: 'choice', choices: ['about 0.5 or below', 'about 0.75', 'close to 1.00'] },
    button: `Commit, then train ${EPOCHS} epochs`,
  },
  {
    id: 'shape',
    text: 'The 2-8-8-1 network has 105 parameters. How many numbers does its collapsed W* hold?',
    guess: { kind: 'number', label: 'Entries of W*' },
  },
  {
    id: 'squares',
    text: `Keep every layer linear but give the network x1² and x2² as inputs too. Will it reach a validation accuracy of 1.00 in ${EPOCHS} epochs?`,
    guess: { kind: 'choice', choices: ['yes', 'no, it is still linear'] },
    button: `Commit, then train ${EPOCHS} epochs`,
  },
];

const note = `“No activation, no better than one layer” means linear <i>in the inputs it is given</i>: fed x1²
and x2², the all-linear network separates the circle (the third prompt). And with a sigmoid output the
collapse is of the logit z: ŷ = σ(W* x + b*), which is logistic regression, not linear regression (the card
compares both).`;

const HIDDEN = ['linear', 'relu', 'leaky_relu', 'sigmoid', 'tanh'];
const ZS = Array.from({ length: 121 }, (_, i) => -3 + i / 20);

function open(root, api) {
  // The activations: σ and σ' of each, from the engine.
  const acts = el(root, 'div', { className: 'q4-activations', 'aria-label': 'Activations and their slopes' });
  for (const name of api.engine.activationNames().filter((n) => HIDDEN.includes(n))) {
    const { a, derivative } = api.engine.activation(name, ZS);
    const cell = el(acts, 'figure', { className: 'q4-activation' });
    cell.dataset.activation = name;
    el(cell, 'figcaption', { text: `${name.replace('_', ' ')}: σ(z) and σ′(z)` });
    const plot = api.views.plot(cell, { width: 140, height: 100, label: `${name}: σ and σ′ over z in [−3, 3]` });
    plot.update({
      x: ZS,
      series: [{ label: `σ′ of ${name}`, y: Array.from(derivative) }],
      stacked: false,
      total: { label: `σ of ${name}`, y: Array.from(a) },
    });
  }

  // The collapse card.
  const card = el(root, 'section', { className: 'q4-collapse', 'aria-label': 'The collapse card' });
  el(card, 'h3', { text: 'The collapse card: the page’s network as one map' });
  const status = el(card, 'p', { className: 'q4-status' });
  const mats = el(card, 'div', { className: 'q4-matrices' });
  const wCard = api.views.matrix(mats, { label: 'W*' });
  const bCard = api.views.matrix(mats, { label: 'b*' });
  const example = el(card, 'div', { className: 'lesson-math q4-example' });
  const readouts = el(card, 'div', { className: 'readouts' });
  const maxDiff = api.readout(readouts, 'collapse-max-diff', 'Largest |ŷ − σ(W* x + b*)| over the validation points:');
  const logitDiff = api.readout(readouts, 'collapse-logit-diff', 'Largest |z − (W* x + b*)| (the logits):');
  const shape = api.readout(readouts, 'w-star-shape', 'Shape of W*:');

  // The paired runs.
  const runs = el(root, 'section', { className: 'q4-runs', 'aria-label': 'Paired runs' });
  const row = el(runs, 'p', { className: 'lesson-start' });
  const train = el(row, 'button', { type: 'button', text: `Train the three networks ${EPOCHS} epochs` });
  const progress = el(row, 'span', { className: 'lesson-progress', 'aria-live': 'polite' });
  el(runs, 'p', {
    text: 'The lesson’s own copies, same data, seed, optimizer and batches as the page: only the activation or the inputs differ.',
  });
  const accReadouts = el(runs, 'div', { className: 'readouts' });
  const accuracy = {
    linear: api.readout(accReadouts, 'accuracy-linear', 'Validation accuracy, all linear:'),
    tanh: api.readout(accReadouts, 'accuracy-tanh', 'Same shape with tanh:'),
    squares: api.readout(accReadouts, 'accuracy-squares', 'All linear, inputs x1, x2, x1², x2²:'),
  };
  for (const r of Object.values(accuracy)) r.set('— (train to compare)', '');

  // The exercise.
  const exercise = el(root, 'form', { className: 'lesson-exercise', 'aria-label': 'Exercise' });
  el(exercise, 'h3', { text: 'Exercise: the logit from W* and b*' });
  const question = el(exercise, 'p', { className: 'exercise-question' });
  const formula = el(exercise, 'div', { className: 'lesson-math exercise-formula' });
  const answerLabel = el(exercise, 'label', { htmlFor: 'q4-answer', text: 'Your z: ' });
  const answer = el(answerLabel, 'input', { id: 'q4-answer', type: 'text', inputMode: 'decimal', autocomplete: 'off' });
  el(exercise, 'button', { type: 'submit', text: 'Check' });
  const verdict = el(exercise, 'p', { className: 'verdict', 'aria-live': 'polite' });
  const logit = api.readout(exercise, 'logit', 'The engine’s z of the page’s network:');

  // The lesson's engine objects, made again when what they depend on changes.
  let data = null; // {key, ds, X, m, n0}
  let copy = null; // {key, net}: the all-linear copy of the page's network
  let one = null; // {key, net}: one layer holding W*, b* with the page's output activation
  let collapsed = null; // {W, b, rows, cols, allLinear, yNet, yOne, zNet, zOne, x, e, n0, maxDiff, logitDiff}
  let task = null;

  const dropObject = (holder) => {
    if (holder) api.engine.delete(holder.net);
    return null;
  };

  // The validation examples of the lesson's copy of the page's data set.
  function dataFor(state) {
    const { key, ds } = api.pageData(state);
    if (data?.key !== key) data = { key, ds, X: ds.validationX(), m: ds.info().nValidation, n0: ds.info().inputs };
    return data;
  }

  // Everything the card shows, from the engine: the collapse of the linear copy and the two outputs.
  function compute(v) {
    const sizes = api.network.sizes();
    const cfg = api.network.config();
    const L = sizes.length - 1;
    const d = dataFor(v.state);
    if (d.n0 !== sizes[0] || d.m === 0) return null;
    const key = sizes.join('-');
    if (copy?.key !== key) {
      copy = dropObject(copy);
      copy = { key, net: api.engine.Network({ sizes, hidden: 'linear', output: 'linear', loss: 'mse' }) };
    }
    for (let l = 1; l <= L; l++) {
      copy.net.setWeights(l, api.network.weights(l));
      copy.net.setBiases(l, api.network.biases(l));
    }
    const { W, b } = copy.net.collapse();
    const oneKey = `${sizes[0]}-${sizes[L]}-${cfg.output}-${cfg.loss}`;
    if (one?.key !== oneKey) {
      one = dropObject(one);
      one = {
        key: oneKey,
        net: api.engine.Network({ sizes: [sizes[0], sizes[L]], hidden: [], output: cfg.output, loss: cfg.loss }),
      };
    }
    one.net.setWeights(1, W);
    one.net.setBiases(1, b);
    const yNet = api.network.predict(d.X, d.m);
    const yOne = one.net.predict(d.X, d.m);
    const zNet = api.network.activations(d.X, d.m).z[L];
    const zOne = one.net.activations(d.X, d.m).z[1];
    let maxD = 0;
    for (let i = 0; i < yNet.length; i++) maxD = Math.max(maxD, Math.abs(yNet[i] - yOne[i]));
    let maxZ = 0;
    for (let i = 0; i < zNet.length; i++) maxZ = Math.max(maxZ, Math.abs(zNet[i] - zOne[i]));
    // The example: the first validation point (z and a are n_L × m, X is m × n_0).
    const e = 0;
    const x = Array.from(d.X.subarray(e * sizes[0], (e + 1) * sizes[0]));
    return {
      W,
      b,
      rows: sizes[L],
      cols: sizes[0],
      allLinear: cfg.hidden.every((h) => h === 'linear'),
      output: cfg.output,
      x,
      e,
      m: d.m,
      zNet: zNet[e],
      zOne: zOne[e],
      yNet: yNet[e * sizes[L]],
      yOne: yOne[e * sizes[L]],
      maxDiff: maxD,
      logitDiff: maxZ,
      labels: v.inputLabels ?? x.map((_, k) => `x${k + 1}`),
      key: `${W.join()}|${b.join()}|${x.join()}|${cfg.hidden.join()}`,
    };
  }

  function draw(c) {
    wCard.update({ name: 'W*', rows: c.rows, cols: c.cols, values: Array.from(c.W), highlight: [0, 0] });
    bCard.update({ name: 'b*', rows: c.rows, cols: 1, values: Array.from(c.b) });
    shape.set(`${c.rows} × ${c.cols} (n_L × n_0)`, `${c.rows}x${c.cols}`);
    maxDiff.set(api.plain(c.maxDiff), c.maxDiff);
    logitDiff.set(api.plain(c.logitDiff), c.logitDiff);
    status.textContent = c.allLinear
      ? `Every hidden layer is linear: the network is the one map W* x + b* (compared on all ${c.m} validation points; below, point 1).`
      : `The hidden layers are not all linear (${api.network.config().hidden.join(', ')}): W*, b* collapse a linear copy of the same weights, and that map is not this network.`;
    status.dataset.linear = String(c.allLinear);
    const sig = c.output === 'linear' ? '' : c.output === 'sigmoid' ? '\\sigma' : `\\text{${c.output}}`;
    api.tex(
      example,
      `\\begin{aligned} &x = (${c.x.map(texNum).join(',\\ ')}) \\\\ ` +
        `&z^{[L]}_1 = ${texNum(c.zNet)} \\;\\text{(network)} \\\\ &W^{*}x + b^{*} = ${texNum(c.zOne)} \\\\ ` +
        `&\\hat y_1 = ${texNum(c.yNet)} \\;\\text{(network)} \\\\ &${sig}(W^{*}x + b^{*}) = ${texNum(c.yOne)} \\end{aligned}`,
    );
  }

  function newTask(c) {
    task = null;
    logit.set('hidden until you answer', '');
    answer.value = '';
    verdict.textContent = '';
    delete verdict.dataset.verdict;
    if (!c.allLinear) {
      question.textContent =
        'The exercise needs an all-linear network (its hidden layers are not): choose linear, or reset the lesson.';
      formula.replaceChildren();
      return;
    }
    const w = Array.from(c.W.subarray(0, c.cols));
    task = { w, x: c.x, b: c.b[0], truth: c.zNet, y: c.yNet, output: c.output };
    question.textContent =
      `From W* and b* of the card (4 figures), compute the network’s logit z for validation point 1 (graded ` +
      `within 0.5 %, about 3 significant figures, against the engine’s z of the page’s network).`;
    const lines = w.map((wk, k) => `&${k ? '+' : '='} (${texNum(wk)})\\,(${texNum(c.x[k])})`);
    api.tex(
      formula,
      `\\begin{aligned} z &= \\textstyle\\sum_k W^{*}_{1,k}\\, x_k + b^{*}_1 \\\\ ${lines.join(' \\\\ ')} \\\\ ` +
        `&+ (${texNum(task.b)}) \\;=\\; ? \\end{aligned}`,
    );
  }

  function update(v) {
    forgetStale();
    try {
      collapsed = compute(v);
    } catch (error) {
      collapsed = null;
      status.textContent = `No collapse: ${error.message}`;
    }
    if (!collapsed) {
      for (const r of [maxDiff, logitDiff, shape]) r.set('—', '');
      task = null;
      return;
    }
    draw(collapsed);
    if (!task || task.key !== collapsed.key) {
      newTask(collapsed);
      if (task) task.key = collapsed.key;
    }
  }

  exercise.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!task) return;
    const atol = task.w.reduce((s, wk, k) => s + 5e-4 * Math.abs(wk * task.x[k]), 5e-4 * Math.abs(task.b));
    const g = api.grade(answer.value, task.truth, {
      atol,
      terms: [
        { name: 'the bias b*', value: Number(four(task.b)) },
        ...task.w.map((wk, k) => ({ name: `the term W*1,${k + 1} · x${k + 1}`, value: Number(four(wk * task.x[k])) })),
      ],
      mistakes:
        task.output === 'linear'
          ? []
          : [{ value: task.y, says: 'That is ŷ = σ(z), after the output’s sigmoid; the exercise asks for z itself.' }],
    });
    verdict.dataset.verdict = g.verdict;
    if (g.verdict === 'right') logit.set(api.plain(task.truth), task.truth);
    verdict.textContent =
      g.verdict === 'right'
        ? `Right: the engine’s z of the whole network is ${api.plain(task.truth)}; one affine map gives it.`
        : `Not yet. ${g.hint}`;
  });

  // The paired runs: the lesson's own networks, trained by the engine's trainer.
  let result = null;
  let running = null;
  function trainOne(state, hidden, features) {
    const ds = api.engine.Dataset(api.datasetOptions({ ...state, features }));
    const cfg = api.network.config();
    const sizes = [ds.info().inputs, ...api.network.sizes().slice(1)];
    const net = api.engine.Network({
      sizes,
      hidden,
      output: cfg.output,
      loss: cfg.loss,
      init: cfg.init,
      seed: cfg.seed,
    });
    net.setOptimizer(api.network.optimizer());
    net.setRegularization(api.network.regularization());
    const trainer = api.engine.Trainer(net, ds, {
      batchSize: Math.min(state.batch, ds.info().nTrain),
      seed: state.seed,
    });
    try {
      trainer.run(EPOCHS);
      return trainer.evaluate().validationAccuracy;
    } finally {
      api.engine.delete(trainer);
      api.engine.delete(net);
      api.engine.delete(ds);
    }
  }
  // What the paired runs depend on: the data, the trainer's settings and the page's network.
  const runKey = () => {
    const st = api.playground.getState();
    return JSON.stringify([
      [st.dataset, st.n, st.noise, st.seed, st.split, st.batch],
      api.network.sizes(),
      api.network.config(),
      api.network.optimizer(),
      api.network.regularization(),
    ]);
  };
  function forgetStale() {
    if (!result || running || result.key === runKey()) return;
    result = null;
    progress.textContent = ' the settings changed: train again to compare.';
    for (const r of Object.values(accuracy)) r.set('— (train to compare)', '');
  }
  async function trainAll() {
    if (result && result.key === runKey()) return result;
    if (running) return running;
    running = (async () => {
      train.disabled = true;
      try {
        const state = api.playground.getState();
        const L = api.network.sizes().length - 1;
        const linear = Array(L - 1).fill('linear');
        const tanh = Array(L - 1).fill('tanh');
        const twoD = api.engine.datasetInfo(state.dataset).twoD;
        const r = {};
        const runsToDo = [
          ['linear', linear, ['x1', 'x2']],
          ['tanh', tanh, ['x1', 'x2']],
          ['squares', linear, ['x1', 'x2', 'x1sq', 'x2sq']],
        ];
        for (const [name, hidden, features] of runsToDo) {
          if (!twoD && name === 'squares') continue;
          progress.textContent = ` training the ${name} network…`;
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (api.playground.getState().lesson !== 'q4') throw new Error('the lesson was closed');
          r[name] = trainOne(state, hidden, twoD ? features : state.features);
          accuracy[name].set(r[name] === null ? '—' : r[name].toFixed(2), r[name] ?? '');
        }
        progress.textContent = ` trained ${EPOCHS} epochs each.`;
        r.key = runKey();
        result = r;
        return r;
      } finally {
        train.disabled = false;
      }
    })();
    try {
      return await running;
    } finally {
      running = null;
    }
  }
  train.addEventListener('click', () => trainAll().catch((error) => (progress.textContent = ` ${error.message}`)));

  const bucket = (acc) => (acc < 0.65 ? 0 : acc < 0.9 ? 1 : 2);

  return {
    update,
    async reveal(id, guess) {
      if (id === 'shape') {
        if (!collapsed) throw new Error('the network does not collapse here');
        const n = collapsed.rows * collapsed.cols;
        return {
          truth: `${n} (W* is ${collapsed.rows} × ${collapsed.cols}, outputs × inputs)`,
          right: Number(guess) === n,
          detail: `W* = W[${api.network.sizes().length - 1}] ⋯ W[1]: the hidden widths cancel out of its shape.`,
        };
      }
      const r = await trainAll();
      if (id === 'accuracy') {
        return {
          truth: `${r.linear.toFixed(2)} (tanh, same shape: ${r.tanh.toFixed(2)})`,
          right: guess.index === bucket(r.linear),
          detail: 'One straight line cannot enclose a disc: at best it cuts off a part of the plane.',
        };
      }
      if (id === 'squares') {
        if (r.squares === undefined) throw new Error('this data set has no x1², x2² inputs (choose the circle)');
        return {
          truth: `${r.squares.toFixed(2)}`,
          right: guess.index === (r.squares >= 0.995 ? 0 : 1),
          detail: 'Still one affine map, now of (x1, x2, x1², x2²): a line there is a circle or ellipse in the plane.',
        };
      }
      throw new Error(`no prompt ${id}`);
    },
  };
}

export default {
  id: 'q4',
  title: 'Without activations, one linear map',
  preset: {
    dataset: 'circle',
    features: ['x1', 'x2'],
    layers: [8, 8],
    act: ['linear', 'linear'],
    output: 'sigmoid',
    loss: 'bce',
  },
  text,
  prompts,
  note,
  open,
};
