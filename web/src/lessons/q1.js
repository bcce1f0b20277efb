// Lesson q1: one hidden layer approximates any continuous function (homework question 1). The page's 1-D fit
// with each hidden neuron's scaled contribution W[2]1,j a[1]j(x) stacked under it (the engine's
// contributions(): b[2] plus their sum is the fit), a neuron-count slider that sets the page's hidden layer,
// the error after the same training for 1…16 neurons (and 32, 64, past the page's limit) from the lesson's
// own networks, and an exercise: the output at a marked x from the contributions shown.

import { el, four } from './dom.js';

const EPOCHS = 300; // the training budget every width gets
const WIDTHS = [1, 2, 4, 8, 16]; // the claim, within the page's 16 neurons a layer
const BEYOND = [32, 64]; // the honest note: the lesson's own networks only
const MAX_NEURONS = 16; // the page's limit per hidden layer (state.js)
const GRID = 121; // x values of the plotted range
const SLICE_MS = 8; // training time a frame of the lesson's own runs
const MARKS = [0.35, -0.6, 0.8, -0.15, 0.55, -0.85]; // the exercise's x, one per task (kept inside the data)
const BIAS_COLOR = '#dadce0';
// The settings besides the data and the layers that shape a run (what api.runOptions reads).
const RUN_KEYS = [
  ...['output', 'loss', 'init', 'seed', 'broken'],
  ...['optimizer', 'lr', 'mu', 'gamma', 'beta1', 'beta2'],
  ...['l1', 'l2', 'dropout', 'batch', 'patience'],
];

const text = `<p>A hidden layer of tanh neurons turns x into a handful of S-shaped steps: neuron j gives
<b>a[1]<sub>j</sub> = tanh(W[1]<sub>j</sub> x + b[1]<sub>j</sub>)</b>, a step whose place and steepness its
weight and bias choose. The output neuron scales each step by its weight W[2]<sub>1,j</sub>, adds them up and
adds its bias b[2]. Two steps of opposite sign make a bump, and enough bumps can follow any continuous curve
over a bounded range as closely as you like. The plot stacks the scaled steps under the fit: the top of the
stack is the network's output ŷ(x). Move the slider, train, and compare the fit errors.</p>`;

const prompts = [
  {
    id: 'one',
    text: `Before you try it: one tanh neuron, trained ${EPOCHS} epochs on sin. What shape can its fit take?`,
    guess: { kind: 'choice', choices: ['a straight line', 'one S-shaped step', 'a wave with a peak and a trough'] },
    button: `Commit, then fit with 1 neuron`,
  },
  {
    id: 'double',
    text: `8 neurons, then 16, each trained ${EPOCHS} epochs: how much lower will the fit error be with 16?`,
    guess: { kind: 'choice', choices: ['not lower', 'about 2× lower', 'about 10× lower'] },
  },
  {
    id: 'step',
    text: `On the data set step (a jump from −0.5 to 0.5), will 16 neurons fit it much better than 2 after ${EPOCHS} epochs, as on sin?`,
    guess: { kind: 'choice', choices: ['yes, much better', 'no, about the same or worse'] },
    button: 'Commit, then train the widths on step',
  },
];

const note = `The theorem says that enough neurons exist, not that training finds them: after the same
${EPOCHS} epochs, 32 and 64 neurons (the lesson's own networks; the page stops at ${MAX_NEURONS} a layer) fit
sin worse than 16 here (the dashed end of the width curve, and the readout below it). And it promises
nothing outside the data's range (shaded on the plot): there the fit goes wherever its steps happen to lead,
and it flattens only far out, where every tanh saturates.`;

// The readout's text of a list of widths and errors: "1: 0.0377 · 2: 8.53×10⁻³", and where a run stopped
// before the budget (diverged, or early stopping), its epoch.
const listed = (rows, plain) =>
  rows
    .map((r) => `${r.width}: ${plain(r.error)}${r.epochs < EPOCHS ? ` (stopped at epoch ${r.epochs})` : ''}`)
    .join(' · ');

function open(root, api) {
  let closed = false;
  let view = null;

  // The controls: the page's hidden layer and its training.
  const start = el(root, 'div', { className: 'lesson-start q1-controls' });
  const sliderLabel = el(start, 'label', { htmlFor: 'q1-neurons', text: 'Hidden neurons: ' });
  const slider = el(sliderLabel, 'input', {
    id: 'q1-neurons',
    type: 'range',
    min: '1',
    max: String(MAX_NEURONS),
    step: '1',
  });
  const sliderValue = el(sliderLabel, 'span', { className: 'q1-slider-value' });
  const train = el(start, 'button', { type: 'button', text: `Train to epoch ${EPOCHS}` });
  const progress = el(start, 'span', { className: 'lesson-progress', 'aria-live': 'polite' });
  const readouts = el(root, 'div', { className: 'readouts' });
  const neuronsOut = api.readout(readouts, 'neurons', 'Hidden neurons (last hidden layer):');
  const fitOut = api.readout(readouts, 'fit-error', 'Fit error:');

  // The sum of bumps.
  const bumps = el(root, 'figure', { className: 'q1-figure' });
  const bumpsCaption = el(bumps, 'figcaption');
  const bumpsPlot = api.views.plot(bumps, {
    width: 380,
    height: 230,
    label: 'The fit ŷ(x) with each hidden neuron’s scaled contribution stacked under it',
  });
  const stackLabel = el(bumps, 'label', { className: 'q1-stack' });
  const stackBox = el(stackLabel, 'input', { type: 'checkbox' });
  stackLabel.append(' stack the contributions on b[2] (unticked: each one alone, from 0)');
  stackBox.addEventListener('change', () => api.setSwitch('stack', stackBox.checked));
  const notOneD = el(bumps, 'p', { className: 'q1-notice', hidden: true });

  // The error after the same training, for each width.
  const widths = el(root, 'figure', { className: 'q1-figure' });
  const widthsCaption = el(widths, 'figcaption');
  const widthsPlot = api.views.plot(widths, {
    width: 380,
    height: 190,
    label: `Validation error after ${EPOCHS} epochs against the number of hidden neurons`,
  });
  const widthsStatus = el(widths, 'p', { className: 'q1-status', 'aria-live': 'polite' });
  const curveOut = api.readout(widths, 'width-curve', `Fit error after ${EPOCHS} epochs, by neurons:`);
  const beyondOut = api.readout(widths, 'beyond-16', 'Past the page’s 16 (lesson’s own networks):');
  const stepOut = api.readout(widths, 'step-curve', 'step, by neurons:');
  stepOut.element.parentElement.hidden = true;

  // The exercise: the output at a marked x from the contributions.
  const exercise = el(root, 'form', { className: 'lesson-exercise q1-exercise', 'aria-label': 'Exercise' });
  el(exercise, 'h3', { text: 'Exercise: add up the bumps' });
  const question = el(exercise, 'p', { className: 'exercise-question' });
  const values = el(exercise, 'ul', { className: 'exercise-values q1-values' });
  const answerLabel = el(exercise, 'label', { htmlFor: 'q1-answer', text: 'Your ŷ(x): ' });
  const answer = el(answerLabel, 'input', { id: 'q1-answer', type: 'text', inputMode: 'decimal', autocomplete: 'off' });
  el(exercise, 'button', { type: 'submit', text: 'Check' });
  const fresh = el(exercise, 'button', { type: 'button', text: 'Another x' });
  const verdict = el(exercise, 'p', { className: 'verdict', 'aria-live': 'polite' });

  // ---- the page's hidden layer ----
  const hiddenAct = () => api.playground.getState().act[0];
  slider.addEventListener('input', () => {
    sliderValue.textContent = ` ${slider.value}`;
    api.playground.setState({ layers: [Number(slider.value)], act: [hiddenAct()] });
  });

  let training = null;
  async function trainToBudget() {
    if (training) return training;
    training = (async () => {
      train.disabled = true;
      slider.disabled = true;
      try {
        const todo = EPOCHS - api.playground.epoch();
        if (todo > 0)
          await api.trainEpochs(todo, () => (progress.textContent = ` epoch ${api.playground.epoch()} of ${EPOCHS}…`));
        if (closed) return;
        progress.textContent = ` at epoch ${api.playground.epoch()}.`;
        if (view) newTask(view); // the same x with the trained weights
      } finally {
        train.disabled = false;
        slider.disabled = false;
      }
    })();
    try {
      return await training;
    } finally {
      training = null;
    }
  }
  train.addEventListener('click', () => trainToBudget().catch((e) => (progress.textContent = ` ${e.message}`)));

  // ---- the lesson's own runs: one hidden layer of each width, the page's settings, EPOCHS epochs ----
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

  // Trains a fresh network of each width on `data` as the page would train it (api.runOptions), a few ms a
  // frame; `onWidth(rows done, width)` as each width starts (width null at the end). Resolves to
  // [{width, error, epochs}], or null once `still()` turns false.
  async function trainWidths(state, data, list, still, onWidth) {
    const run = api.runOptions(state, data);
    const info = data.info();
    const rows = [];
    for (const width of list) {
      const net = api.engine.Network({
        sizes: [info.inputs, width, info.outputs],
        ...run.network,
        hidden: [state.act[0]],
      });
      let trainer = null;
      try {
        net.setOptimizer(run.optimizer);
        net.setRegularization(run.regularization);
        net.setBrokenDerivative(run.broken);
        trainer = api.engine.Trainer(net, data, run.trainer);
        onWidth(rows, width);
        while (trainer.epoch() < EPOCHS && trainer.status() === 'running') {
          trainer.trainFor(SLICE_MS, EPOCHS - trainer.epoch());
          await frame();
          if (!still()) return null;
        }
        const history = trainer.history();
        rows.push({ width, error: history.validation.at(-1) ?? null, epochs: trainer.epoch() });
      } finally {
        if (!closed) {
          if (trainer) api.engine.delete(trainer);
          api.engine.delete(net);
        }
      }
    }
    onWidth(rows, null);
    return rows;
  }

  // The page's settings that decide a width's run (not the layers): the curve is made again when they change.
  const curveKey = (state) =>
    JSON.stringify({ data: api.datasetOptions(state), run: RUN_KEYS.map((k) => state[k]), act: state.act[0] });

  const curves = new Map(); // key → {rows, working, promise}
  let curveKeyNow = '';
  function pageCurve(state) {
    const key = curveKey(state);
    curveKeyNow = key;
    if (curves.has(key)) return curves.get(key);
    const entry = { rows: [], working: WIDTHS[0], promise: null };
    curves.set(key, entry);
    const still = () => !closed && curveKeyNow === key;
    const { ds } = api.pageData(state);
    entry.promise = trainWidths(state, ds, [...WIDTHS, ...BEYOND], still, (rows, working) => {
      entry.rows = rows.slice();
      entry.working = working;
      if (!closed && curveKeyNow === key) drawWidths();
    })
      .catch((error) => {
        entry.working = null;
        if (!closed) widthsStatus.textContent = `The lesson’s own runs stopped: ${error.message}`;
        entry.failed = true;
        return null;
      })
      .then((rows) => {
        if (rows === null && !entry.failed) curves.delete(key); // interrupted: made again if these settings return
        return rows;
      });
    return entry;
  }

  let stepRows = null; // the width curve of `step` (the third prompt), with its key
  async function stepCurve(state) {
    const stepState = { ...state, dataset: 'step', output: 'linear', loss: 'mse' };
    const key = curveKey(stepState);
    if (stepRows?.key === key) return stepRows.rows;
    const data = api.engine.Dataset(api.datasetOptions(stepState));
    try {
      const rows = await trainWidths(
        stepState,
        data,
        WIDTHS,
        () => !closed,
        (done, working) => {
          widthsStatus.textContent = working
            ? `Training the lesson’s own networks on step: ${working} neurons…`
            : widthsStatus.textContent;
        },
      );
      if (rows === null) throw new Error('the lesson closed');
      stepRows = { key, rows };
      drawWidths();
      return rows;
    } finally {
      if (!closed) api.engine.delete(data);
    }
  }

  // ---- drawing ----
  const errorOf = (rows, width) => rows.find((r) => r.width === width)?.error ?? null;
  const pageFit = (v) => {
    const h = v.history;
    const k = h?.validation?.length ?? 0;
    if (!k) return null;
    return { error: h.validation[k - 1], epoch: h.epoch?.[k - 1] ?? k };
  };

  function drawWidths() {
    if (!view) return;
    const entry = curves.get(curveKeyNow);
    const rows = entry?.rows ?? [];
    const all = [...WIDTHS, ...BEYOND];
    const inPage = all.map((w) => (WIDTHS.includes(w) ? errorOf(rows, w) : null));
    const past = all.map((w) => (w >= WIDTHS.at(-1) ? errorOf(rows, w) : null));
    const lossName = view.config.loss;
    const data = view.info.name;
    const lines = [
      { label: `${data}: 1–16 neurons`, y: inPage, color: '#1967d2' },
      { label: `${data}: 32 and 64 neurons (the lesson’s own networks)`, y: past, color: '#1967d2', dashed: true },
    ];
    const points = rows.map((r) => ({
      x: r.width,
      y: r.error,
      color: '#1967d2',
      label: `${r.width}: ${api.plain(r.error)}`,
    }));
    if (stepRows) {
      const y = all.map((w) => errorOf(stepRows.rows, w));
      lines.push({ label: 'step: 1–16 neurons', y, color: '#e8710a' });
      points.push(
        ...stepRows.rows.map((r) => ({
          x: r.width,
          y: r.error,
          color: '#e8710a',
          label: `step ${r.width}: ${api.plain(r.error)}`,
        })),
      );
    }
    const fit = pageFit(view);
    const n = view.sizes[view.L - 1];
    if (fit && Number.isFinite(fit.error) && view.L === 2)
      points.push({
        x: n,
        y: fit.error,
        color: '#8250df',
        r: 5,
        label: `the page: ${n} neurons at epoch ${fit.epoch}`,
      });
    widthsPlot.update({ x: all, xScale: 'log', xTicks: all, yScale: 'log', curves: lines, points });
    widthsCaption.textContent =
      `Validation ${lossName} after ${EPOCHS} epochs against the hidden neurons (one hidden layer, the page’s ` +
      `settings and seed, each a fresh network of the lesson’s own; log scales). Blue: ${data}` +
      `${stepRows ? ', orange: step' : ''}; the purple dot is the page’s run now.`;
    const done = rows.filter((r) => WIDTHS.includes(r.width));
    if (entry?.failed) {
      // The status says why (set when the run stopped).
    } else if (entry?.working) {
      widthsStatus.textContent = `Training the lesson’s own networks: ${entry.working} neurons (${rows.length + 1} of ${all.length})…`;
    } else if (rows.length) {
      const same = fit && fit.epoch === EPOCHS && view.L === 2 ? errorOf(rows, n) : null;
      widthsStatus.textContent =
        view.status !== 'running'
          ? `The page’s run stopped at epoch ${view.epoch} (${view.status.replace('_', ' ')}): change the settings or reset.`
          : fit && fit.epoch > EPOCHS
            ? `The page is at epoch ${fit.epoch}, past the curve’s ${EPOCHS}: Reset and train to ${EPOCHS} to compare.`
            : same === null
              ? `Train the page to epoch ${EPOCHS}: its dot then lands on the curve.`
              : `The page at epoch ${EPOCHS} with ${n} neurons: ${api.plain(fit.error)}; the curve’s ${n}: ${api.plain(same)}` +
                `${same === fit.error ? ' (the same run, exactly)' : ''}.`;
    }
    curveOut.set(
      done.length ? listed(done, api.plain) : '— (training)',
      done.length === WIDTHS.length ? JSON.stringify(Object.fromEntries(done.map((r) => [r.width, r.error]))) : '',
    );
    const e16 = errorOf(rows, 16);
    const beyond = rows.filter((r) => BEYOND.includes(r.width));
    if (beyond.length === BEYOND.length && Number.isFinite(e16)) {
      const worse = beyond.filter((r) => r.error > e16).length;
      const word = worse === beyond.length ? 'all worse than' : worse === 0 ? 'all better than' : 'mixed against';
      beyondOut.set(
        `${listed(beyond, api.plain)}: ${word} 16’s ${api.plain(e16)}`,
        JSON.stringify(Object.fromEntries([[16, e16], ...beyond.map((r) => [r.width, r.error])])),
      );
    } else beyondOut.set('— (training)', '');
    if (stepRows) {
      stepOut.element.parentElement.hidden = false;
      stepOut.set(
        listed(stepRows.rows, api.plain),
        JSON.stringify(Object.fromEntries(stepRows.rows.map((r) => [r.width, r.error]))),
      );
    }
  }

  // The plotted x range: the data's, and a quarter of it on either side (nothing is promised there).
  function dataRange(v) {
    const xs = [...v.trainPoints, ...v.validationPoints].filter(Number.isFinite);
    return [Math.min(...xs), Math.max(...xs)];
  }

  function drawBumps(v) {
    notOneD.hidden = v.oneD;
    bumpsPlot.element.style.display = v.oneD ? '' : 'none';
    stackLabel.hidden = !v.oneD;
    if (!v.oneD) {
      notOneD.textContent =
        'The sum of bumps needs a data set with one input (sin, abs, step, cubic, line): reset the lesson to see it.';
      bumpsCaption.textContent = '';
      return;
    }
    const [lo, hi] = dataRange(v);
    const pad = (hi - lo) / 4;
    const xs = Array.from({ length: GRID }, (_, i) => lo - pad + ((hi - lo + 2 * pad) * i) / (GRID - 1));
    const X = Float64Array.from(xs);
    const L = v.L;
    const c = api.network.contributions(X, GRID);
    const n = c.length / GRID;
    const b = api.network.biases(L)[0];
    const z = api.network.activations(X, GRID).z[L].subarray(0, GRID); // output 1's z for each x
    const stacked = Boolean(api.switch('stack'));
    stackBox.checked = stacked;
    const neurons = Array.from({ length: n }, (_, j) => ({
      label: `neuron ${j + 1}: W[${L}]1,${j + 1} a[${L - 1}]${j + 1}(x)`,
      y: Array.from(c.subarray(j * GRID, (j + 1) * GRID)),
    }));
    const series = stacked
      ? [{ label: `b[${L}] = ${api.plain(b)}`, y: xs.map(() => b), color: BIAS_COLOR }, ...neurons]
      : neurons;
    const points = [];
    for (let i = 0; i < v.trainPoints.length; i++) points.push({ x: v.trainPoints[i], y: v.trainY[i * v.sizes[L]] });
    const linear = v.config.output === 'linear';
    bumpsPlot.update({
      x: xs,
      series,
      offset: 'none',
      stacked,
      total: { label: linear ? 'ŷ(x)' : `z[${L}](x)`, y: Array.from(z) },
      points,
      regions: [
        { from: xs[0], to: lo, label: 'outside the data' },
        { from: hi, to: xs.at(-1), label: 'outside the data' },
      ],
      marks: task?.x !== undefined ? [{ x: task.x, label: `the exercise’s x = ${api.plain(task.x)}` }] : [],
    });
    bumpsCaption.textContent =
      `${linear ? 'The fit ŷ(x)' : `z[${L}](x), before the ${v.config.output} output,`} (black) ` +
      (stacked
        ? `is the top of the stack: b[${L}] (grey) plus the ${n} scaled neurons W[${L}]1,j a[${L - 1}]j(x), one band each.`
        : `is b[${L}] plus the sum of the ${n} bands, each scaled neuron W[${L}]1,j a[${L - 1}]j(x) drawn from 0.`) +
      ` Dots: training data; shaded: outside the data; dashed line: the exercise’s x.`;
  }

  function drawReadouts(v) {
    const n = v.L > 1 ? v.sizes[v.L - 1] : 0;
    neuronsOut.set(v.L === 2 ? String(n) : `${n} (in the last of ${v.L - 1} hidden layers)`, n);
    const state = v.state;
    slider.value = String(state.layers.at(-1));
    sliderValue.textContent = ` ${slider.value}`;
    const fit = pageFit(v);
    if (!fit) fitOut.set(`— (epoch 0: train first)`, '');
    else if (!Number.isFinite(fit.error)) fitOut.set(`— (not finite at epoch ${fit.epoch})`, '');
    else fitOut.set(`${api.plain(fit.error)} (validation ${v.config.loss}, epoch ${fit.epoch})`, fit.error);
  }

  // ---- the exercise ----
  let task = null; // {key, x, terms: [value], b, truth, linear}
  let count = 0;

  function newTask(v) {
    values.replaceChildren();
    answer.value = '';
    verdict.textContent = '';
    delete verdict.dataset.verdict;
    if (!v.oneD) {
      task = { key: taskKey(v) };
      question.textContent = 'This exercise needs a data set with one input: reset the lesson.';
      return;
    }
    const [lo, hi] = dataRange(v);
    const x = Math.min(Number(hi.toFixed(2)), Math.max(Number(lo.toFixed(2)), MARKS[count % MARKS.length]));
    const X = Float64Array.of(x);
    const L = v.L;
    const terms = Array.from(api.network.contributions(X, 1));
    const b = api.network.biases(L)[0];
    const truth = api.network.activations(X, 1).z[L][0];
    const linear = v.config.output === 'linear';
    task = { key: taskKey(v), x, terms, b, truth, linear, L };
    const what = linear ? 'ŷ(x)' : `z[${L}](x)`;
    answerLabel.firstChild.textContent = `Your ${what}: `;
    question.textContent =
      `At x = ${api.plain(x)} (the dashed line on the plot) the network’s output is b[${L}] plus the ${terms.length} scaled ` +
      `neurons below (the page’s weights at epoch ${api.playground.epoch()}). Add them up: ${what} = ? ` +
      `(graded within 0.5 %, about 3 significant figures)${b === 0 ? ` b[${L}] is still 0: train first for one that counts.` : ''}`;
    terms.forEach((t, j) => {
      const item = el(values, 'li');
      el(item, 'span', { text: `neuron ${j + 1}: W[${L}]1,${j + 1} a[${L - 1}]${j + 1}(x) = ` });
      el(item, 'output', { text: four(t), className: 'exercise-value' }).dataset.value = four(t);
    });
    const item = el(values, 'li');
    el(item, 'span', { text: `b[${L}] = ` });
    el(item, 'output', { text: four(b), className: 'exercise-value' }).dataset.value = four(b);
  }
  const taskKey = (v) => `${v.sizes.join()}|${v.oneD}`;

  exercise.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!task || task.truth === undefined) return;
    // The numbers are shown to 4 figures: their rounding is allowed for besides the 3 figures.
    const atol = task.terms.reduce((s, t) => s + 5e-4 * Math.abs(t), 5e-4 * Math.abs(task.b));
    const g = api.grade(answer.value, task.truth, {
      atol,
      terms: [
        { name: `the bias b[${task.L}]`, value: Number(four(task.b)) },
        ...task.terms.map((t, j) => ({ name: `neuron ${j + 1}’s term`, value: Number(four(t)) })),
      ],
    });
    verdict.dataset.verdict = g.verdict;
    verdict.textContent =
      g.verdict === 'right'
        ? `Right: the engine’s ${task.linear ? 'ŷ' : `z[${task.L}]`}(${api.plain(task.x)}) is ${api.plain(task.truth)}.`
        : `Not yet. ${g.hint}`;
  });
  fresh.addEventListener('click', () => {
    count++;
    if (view) {
      newTask(view);
      drawBumps(view);
    }
  });

  return {
    update(v) {
      view = v;
      if (!task || task.key !== taskKey(v)) newTask(v);
      drawReadouts(v);
      drawBumps(v);
      pageCurve(v.state);
      drawWidths();
    },
    async reveal(id, guess) {
      if (id === 'one') {
        await api.playground.setState({ layers: [1], act: [hiddenAct()] });
        await trainToBudget();
        if (!view.oneD) throw new Error('this prompt needs a data set with one input: reset the lesson');
        const [lo, hi] = dataRange(view);
        const X = Float64Array.from({ length: GRID }, (_, i) => lo + ((hi - lo) * i) / (GRID - 1));
        const y = api.network.predict(X, GRID);
        let rises = 0;
        let falls = 0;
        for (let i = 1; i < GRID; i++) {
          if (y[i] > y[i - 1]) rises++;
          else if (y[i] < y[i - 1]) falls++;
        }
        const monotone = rises === 0 || falls === 0;
        const fit = pageFit(view);
        return {
          truth: monotone
            ? `one S-shaped step: across the data the fit only ${rises ? 'rises' : 'falls'} (fit error ${api.plain(fit?.error)} at epoch ${fit?.epoch})`
            : `a curve that rises and falls (fit error ${api.plain(fit?.error)})`,
          right: guess.index === (monotone ? 1 : 2),
          detail:
            'One neuron is one tanh step, scaled and shifted: it cannot turn back, so it can only cut through the wave.',
        };
      }
      if (id === 'double') {
        const rows = await pageCurve(api.playground.getState()).promise;
        if (!rows) throw new Error('the settings changed while the widths trained; try again');
        const e8 = errorOf(rows, 8);
        const e16 = errorOf(rows, 16);
        const ratio = e8 / e16;
        if (!Number.isFinite(ratio)) throw new Error('a run of the lesson’s own did not finish with a number');
        const shown = ratio < 1.25 ? 0 : ratio < 4.5 ? 1 : 2;
        return {
          truth: `8 neurons ${api.plain(e8)}, 16 neurons ${api.plain(e16)}: ${ratio.toFixed(2)}× lower`,
          right: guess.index === shown,
          detail: 'More neurons, lower error after the same training, but each doubling buys less.',
        };
      }
      if (id === 'step') {
        const rows = await stepCurve(api.playground.getState());
        const e2 = errorOf(rows, 2);
        const e16 = errorOf(rows, 16);
        const ratio = e2 / e16;
        if (!Number.isFinite(ratio)) throw new Error('a run of the lesson’s own did not finish with a number');
        return {
          truth: `step: 2 neurons ${api.plain(e2)}, 16 neurons ${api.plain(e16)} (${ratio >= 1 ? `${ratio.toFixed(2)}× lower` : `${(1 / ratio).toFixed(2)}× higher`})`,
          right: guess.index === (ratio > 3 ? 0 : 1),
          detail:
            'A jump is not a continuous function: tanh steps only approach it as their weights grow without bound, which ' +
            `${EPOCHS} epochs do not reach, so no width gets far below the error of the few points beside the jump.`,
        };
      }
      throw new Error(`no prompt ${id}`);
    },
    close() {
      closed = true;
    },
  };
}

export default {
  id: 'q1',
  title: 'One hidden layer fits any curve',
  preset: {
    dataset: 'sin',
    noise: 0,
    n: 200,
    split: 0.5,
    seed: 1,
    layers: [4],
    act: ['tanh'],
    output: 'linear',
    loss: 'mse',
    init: 'xavier',
    optimizer: 'adam',
    lr: 0.01,
    batch: 10,
    patience: 0,
    l1: 0,
    l2: 0,
    dropout: 0,
  },
  switches: { stack: { type: 'bool', default: true, label: 'stack the neurons’ contributions' } },
  text,
  prompts,
  note,
  open,
};
