// Lesson q8: dropout (homework question 8). In every training step each hidden unit is switched off with
// probability p (the engine's mask d, drawn afresh per step and per example) and the kept ones are scaled by
// 1/(1 − p). The diagram dims the dropped units of an animated step, a counter adds up the engine's masks
// over the steps seen, a paired run (p = 0, then p = 0.3, same seed) shows on the page's loss chart what it
// does to overfitting, and an exercise asks for one unit's a from its d, σ(z) and p.

import { el, four, texNum } from './dom.js';

const P = 0.3; // the dropout run's p
const EPOCHS = 300; // each run of the pair
// Steps the kept-share prompt takes: fewer than an epoch (10 batches), so that the run has no epoch on the
// loss chart yet and the pair's fresh start does not keep it there as a faded run.
const STEPS = 8;
// Two best validation losses within this relative difference are "about the same".
const SAME = 0.1;

const PRESET = {
  dataset: 'circle',
  noise: 0.2,
  n: 200,
  split: 0.5,
  seed: 1,
  features: ['x1', 'x2'],
  layers: [16, 16, 16],
  act: ['relu', 'relu', 'relu'],
  output: 'sigmoid',
  loss: 'bce',
  init: 'xavier',
  optimizer: 'adam',
  lr: 0.01,
  batch: 10,
  patience: 0,
  l1: 0,
  l2: 0,
  dropout: P,
};

const text = `<p>Dropout is a rule for training steps only. In each step, every hidden unit of every hidden
layer flips its own coin: with probability <b>p</b> it is switched off for that step (its mask entry
d = 0, its output a = 0), otherwise it is kept (d = 1). The kept units are scaled up by <b>1/(1 − p)</b>,
so that a layer's output is as large on average as without dropout: a = d · σ(z) / (1 − p). Each example of
a batch gets its own coins, and the next step draws new ones. Predictions (the output view, the validation
loss) use every unit, unscaled. Step through a training step with the button below or <b>Phase ›</b>: the
dimmed, dashed neurons of the diagram are the dropped ones, and the equation panel shows d and the 1/(1 − p)
of each layer.</p>`;

const prompts = [
  {
    id: 'kept',
    text: `With p = ${P}, what share of the hidden units does a training step keep (a number from 0 to 1)?`,
    guess: { kind: 'number', label: 'Share kept' },
    button: `Commit, then take ${STEPS} steps`,
  },
  {
    id: 'validation',
    text: `The same network trained ${EPOCHS} epochs without dropout, then with p = ${P} from the same seed: which run's validation loss ends lower?`,
    guess: { kind: 'choice', choices: ['without dropout (p = 0)', `with dropout (p = ${P})`, 'about the same'] },
    button: 'Commit, then train both runs',
  },
  {
    id: 'train',
    text: `And the training loss after ${EPOCHS} epochs: with p = ${P}, is it higher or lower than without dropout?`,
    guess: { kind: 'choice', choices: ['higher', 'lower', 'about the same'] },
    button: 'Commit, then show',
  },
  {
    id: 'best',
    text: 'Each run’s lowest validation loss, at its best epoch: how do the two compare?',
    guess: {
      kind: 'choice',
      choices: ['dropout’s is much lower', 'about the same (within 10 %)', 'dropout’s is higher'],
    },
    button: 'Commit, then show',
  },
];

const note = `The homework's answer is right that dropout switches units off at random while training; its
wording, a share of "the last layer", is narrower than what happens. Dropout may act on every hidden layer
(here it does), and it drops each hidden unit on its own with probability p: the share kept is 1 − p only on
average and changes from step to step (the counter shows it per layer). And it delays overfitting more than it lowers the
best validation loss: after the paired runs, compare each run's lowest validation loss and its epoch.`;

// The last epoch's losses, their gap and the best validation epoch, from a run's history.
function summary(history) {
  const train = history?.train ?? [];
  if (!train.length) return null;
  const epochs = history.epoch ?? train.map((_, k) => k + 1);
  const validation = history.validation;
  let best = -1;
  validation.forEach((v, k) => {
    if (v !== null && (best < 0 || v < validation[best])) best = k;
  });
  const last = { train: train.at(-1), validation: validation.at(-1) };
  if (last.train === null || last.validation === null || best < 0) return null;
  return {
    ...last,
    gap: last.validation - last.train,
    epoch: epochs.at(-1),
    bestEpoch: epochs[best],
    bestValidation: validation[best],
  };
}

// The settings the pair depends on (all but p and the view and lesson keys): a pair trained under other
// ones is trained again.
function pairKey(state, settings) {
  return JSON.stringify(settings.filter((k) => k !== 'dropout').map((k) => state[k]));
}

function open(root, api) {
  const SETTINGS = api.settings();
  // The masks of an animated step.
  const start = el(root, 'p', { className: 'lesson-start' });
  const phase = el(start, 'button', { type: 'button', text: 'Step through a training step ›' });
  el(start, 'span', {
    text: ' Each press shows the next phase (Phase ›); the masks are drawn when the step starts.',
  });
  const stepInfo = el(root, 'p', { className: 'q8-step', 'aria-live': 'polite' });
  phase.addEventListener('click', () => api.playground.stepPhase());

  const readouts = el(root, 'div', { className: 'readouts' });
  const keptOut = api.readout(readouts, 'kept-share', 'Share of hidden units kept (engine masks, steps seen):');

  // The paired runs. Readouts per run: data-readout="gap" (validation − training after the run's last
  // epoch) and data-readout="best-validation" (its lowest validation loss, data-epoch its epoch), each with
  // data-run = the run's p ("0" or "0.3"), so a script reads one run's with [data-run="0.3"].
  const pair = el(root, 'section', { className: 'q8-pair', 'aria-label': 'Paired runs' });
  el(pair, 'h3', { text: `Paired runs: p = 0 and p = ${P}, same seed` });
  const row = el(pair, 'p', { className: 'lesson-start' });
  const trainPair = el(row, 'button', { type: 'button', text: `Train both runs ${EPOCHS} epochs` });
  const progress = el(row, 'span', { className: 'lesson-progress', 'aria-live': 'polite' });
  el(pair, 'p', {
    text: `The page trains the network without dropout, then starts it again from the same seed (same weights, same batches) with p = ${P}. The loss chart keeps the first run faded beside the second, labelled by its own p.`,
  });
  const runs = {};
  for (const p of [0, P]) {
    const box = el(pair, 'div', { className: 'readouts q8-run' });
    box.dataset.run = String(p);
    el(box, 'span', { className: 'q8-run-name', text: p === 0 ? 'p = 0 (no dropout):' : `p = ${P}:` });
    const gap = api.readout(box, 'gap', 'validation − training =');
    const best = api.readout(box, 'best-validation', 'lowest validation loss:');
    gap.element.dataset.run = String(p);
    best.element.dataset.run = String(p);
    runs[p] = { gap, best, result: null };
  }

  // The exercise: one hidden unit of a frozen training step.
  const exercise = el(root, 'form', { className: 'lesson-exercise', 'aria-label': 'Exercise' });
  el(exercise, 'h3', { text: 'Exercise: one unit’s a with dropout' });
  const question = el(exercise, 'p', { className: 'exercise-question' });
  const formula = el(exercise, 'div', { className: 'lesson-math exercise-formula' });
  const values = el(exercise, 'ul', { className: 'exercise-values' });
  const answerLabel = el(exercise, 'label', { htmlFor: 'q8-answer', text: 'Your a: ' });
  const answer = el(answerLabel, 'input', { id: 'q8-answer', type: 'text', inputMode: 'decimal', autocomplete: 'off' });
  el(exercise, 'button', { type: 'submit', text: 'Check' });
  const next = el(exercise, 'button', { type: 'button', text: 'Take a step, then a new task' });
  const show = el(exercise, 'button', { type: 'button', text: 'Show the engine’s a' });
  const verdict = el(exercise, 'p', { className: 'verdict', 'aria-live': 'polite' });
  const aOut = api.readout(exercise, 'a', 'The engine’s a of this unit in this step:');
  const revealA = () => task && aOut.set(api.plain(task.truth), task.truth);

  let view = null;
  let task = null; // frozen: hidden layer l, unit i, example col, its d, z, s = σ(z), the step's p, the engine's a
  let count = 0; // tasks set so far: each takes another layer, unit and example
  let running = null;
  let pairFor = null; // the pairKey the pair was trained under

  // ---- the kept-share counter: the engine's masks of every step the lesson sees, per p ----
  const counts = new Map(); // `${p}|${sizes}` → {kept, total, steps, layers: [{kept, total}]}
  let last = { key: '', step: null };
  // The page network's masks of its last step, {kept, total, layers: [{kept, total}]} (null when that step
  // had no dropout), added to the counter the first time the lesson sees that step: a step is new when the
  // optimizer's step count, the epoch or the run changed. (A run started again and stepped to the very
  // step count it had, between two frames, would be missed once.)
  function countStep() {
    const page = api.playground;
    const runsKey = (view?.pastRuns ?? []).map((r) => r.id).join();
    const key = `${runsKey}|${api.network.optimizerState(1).t}|${page.epoch()}`;
    if (key === last.key) return last.step;
    const L = api.network.numLayers();
    let step = { kept: 0, total: 0, layers: [] };
    for (let l = 1; l < L && step; l++) {
      const mask = api.network.dropoutMask(l);
      if (!mask)
        step = null; // no dropout in the last step
      else {
        const kept = mask.reduce((s, d) => s + d, 0);
        step.layers.push({ kept, total: mask.length });
        step.kept += kept;
        step.total += mask.length;
      }
    }
    if (step?.total === 0) step = null;
    last = { key, step };
    if (!step) return null;
    const k = `${page.getState().dropout}|${api.network.sizes().join()}`;
    const c = counts.get(k) ?? { kept: 0, total: 0, steps: 0, layers: step.layers.map(() => ({ kept: 0, total: 0 })) };
    c.kept += step.kept;
    c.total += step.total;
    c.steps++;
    step.layers.forEach((s, n) => {
      c.layers[n].kept += s.kept;
      c.layers[n].total += s.total;
    });
    counts.set(k, c);
    return step;
  }
  function drawCounter() {
    const state = api.playground.getState();
    const c = counts.get(`${state.dropout}|${api.network.sizes().join()}`);
    if (state.dropout === 0) {
      keptOut.set('— (p = 0: no unit is dropped, the engine draws no mask)', '');
      return;
    }
    if (!c) {
      keptOut.set(`— (no step with p = ${state.dropout} seen yet: take one)`, '');
      return;
    }
    const share = c.kept / c.total;
    const perLayer = c.layers.map((s, n) => `layer ${n + 1} ${(s.kept / s.total).toFixed(3)}`).join(', ');
    keptOut.set(
      `${share.toFixed(3)} (${c.kept} of ${c.total} units over ${c.steps} step${c.steps === 1 ? '' : 's'}; ${perLayer}; 1 − p = ${api.plain(1 - state.dropout)})`,
      share,
    );
  }

  // What the diagram shows of the current step's masks: the example it draws, per hidden layer.
  function drawStep(v) {
    const rec = v.record;
    const masks = rec?.mask?.slice(1, rec.L).filter(Boolean) ?? [];
    if (!rec || masks.length === 0 || v.phase.kind === 'idle') {
      stepInfo.textContent =
        v.state.dropout > 0
          ? 'No animated step on screen: press the button to start one and watch the dimmed neurons.'
          : 'p = 0: nothing is dropped. Set p above 0 (Dropout p in the settings) to see masks.';
      return;
    }
    const col = Math.min(v.j, rec.m - 1);
    const parts = masks.map((mask, n) => {
      const size = rec.sizes[n + 1];
      let kept = 0;
      for (let i = 0; i < size; i++) kept += mask[i * rec.m + col];
      return `layer ${n + 1} keeps ${kept} of ${size}`;
    });
    stepInfo.textContent = `This step, example ${col + 1} of its batch (as the diagram shows it): ${parts.join(', ')}. Kept units are multiplied by 1/(1 − p) = ${four(1 / (1 - rec.regularization.dropout))}.`;
  }

  function drawPair() {
    for (const p of [0, P]) {
      const r = runs[p];
      if (!r.result) {
        r.gap.set('— (train the pair)', '');
        r.best.set('—', '');
        delete r.best.element.dataset.epoch;
        continue;
      }
      const s = r.result;
      r.gap.set(`${api.plain(s.validation)} − ${api.plain(s.train)} = ${api.plain(s.gap)} (epoch ${s.epoch})`, s.gap);
      r.best.set(`${api.plain(s.bestValidation)} at epoch ${s.bestEpoch}`, s.bestValidation);
      r.best.element.dataset.epoch = String(s.bestEpoch);
    }
  }

  // Trains the pair on the page: p = 0 from a fresh start, then p = 0.3 from the same seed (the first run is
  // kept on the loss chart). Each run's result is read from the page's history when it ends.
  let report = null; // a prompt's progress while its reveal trains the pair
  async function train() {
    if (running) return running;
    running = (async () => {
      trainPair.disabled = true;
      const page = api.playground;
      try {
        await page.pause();
        for (const p of [0, P]) {
          runs[p].result = null;
          page.setState({ dropout: p });
          await page.reset();
          const done = await api.trainEpochs(EPOCHS, (n) => {
            progress.textContent = ` p = ${p}: epoch ${n} of ${EPOCHS}…`;
            report?.(`training the p = ${p} run: epoch ${n} of ${EPOCHS}`);
          });
          runs[p].result = summary(page.history());
          if (done < EPOCHS) throw new Error(`the p = ${p} run stopped training at epoch ${page.epoch()}`);
        }
        pairFor = pairKey(page.getState(), SETTINGS);
        progress.textContent = ` trained: the loss chart shows p = ${P} in colour, p = 0 faded.`;
        drawPair();
        return { 0: runs[0].result, [P]: runs[P].result };
      } finally {
        trainPair.disabled = false;
      }
    })();
    try {
      return await running;
    } finally {
      running = null;
    }
  }
  trainPair.addEventListener('click', () => train().catch((e) => (progress.textContent = ` ${e.message}`)));
  // The pair as trained under the page's settings now, training it first when it was not.
  async function thePair() {
    if (runs[0].result && runs[P].result && pairFor === pairKey(api.playground.getState(), SETTINGS))
      return { 0: runs[0].result, [P]: runs[P].result };
    return train();
  }

  // ---- the exercise ----
  function clearTask(text) {
    task = null;
    question.textContent = text;
    formula.replaceChildren();
    values.replaceChildren();
    answer.value = '';
    verdict.textContent = '';
    delete verdict.dataset.verdict;
    aOut.set(task ? 'hidden until you answer' : '—', '');
  }

  // A task from the step record `rec` (frozen: the numbers are copied now): hidden layer, unit and example
  // by the task count, an example other than the one the views show, a unit whose σ(z) is not 0, kept in
  // two tasks of three and dropped in the third.
  function newTask(v) {
    const rec = v.record;
    const L = rec?.L ?? 0;
    const p = rec?.regularization?.dropout ?? 0;
    if (!rec || p === 0 || !rec.mask[1]) {
      clearTask('Take a training step with dropout first (p above 0; the button below or Phase ›).');
      return;
    }
    const wantDropped = count % 3 === 2;
    const shown = Math.min(v.j, rec.m - 1);
    let found = null;
    // Candidates in an order that moves with the task count: layers, then examples, then units.
    for (let a = 0; a < L - 1 && !found; a++) {
      const l = 1 + ((count + a) % (L - 1));
      const n = rec.sizes[l];
      for (let b = 0; b < rec.m && !found; b++) {
        const col = (shown + 1 + count + b) % rec.m;
        if (col === shown && rec.m > 1) continue;
        for (let c = 0; c < n && !found; c++) {
          const i = (3 * count + c) % n;
          const d = rec.mask[l][i * rec.m + col];
          const z = rec.Z[l][i * rec.m + col];
          const s = api.engine.activation(rec.config.hidden[l - 1], [z]).a[0];
          if (Math.abs(s) > 1e-3 && (d === 0) === wantDropped) found = { l, i, col, d, z, s };
        }
      }
    }
    if (!found) {
      clearTask('No hidden unit of this step is active (σ(z) ≠ 0) for an exercise: take another step.');
      return;
    }
    const { l, i, col, d, z, s } = found;
    task = { l, i, col, d, z, s, p, truth: rec.A[l][i * rec.m + col] };
    exercise.dataset.task = String(count); // which task is set (a script waits for the next one)
    const act = rec.config.hidden[l - 1];
    question.textContent =
      `A training step, frozen: unit ${i + 1} of hidden layer ${l}, for example ${col + 1} of the step's batch of ${rec.m}` +
      `${rec.m > 1 ? ` (the views show example ${shown + 1})` : ''}. From its mask entry d, σ(z) and p, compute the a this step passed on (graded within 0.5 %, about 3 significant figures).`;
    api.tex(
      formula,
      `a^{[${l}]}_{${i + 1}} = \\frac{d^{[${l}]}_{${i + 1}}\\;\\mathrm{${act.replace('_', '\\_')}}\\big(z^{[${l}]}_{${i + 1}}\\big)}{1-p} = \\frac{${d} \\cdot ${texNum(s)}}{1-${p}} = \\;?`,
    );
    values.replaceChildren();
    for (const [label, value, name] of [
      [`d (the mask: 1 kept, 0 dropped) = `, d, 'd'],
      [`z = `, z, 'z'],
      [`σ(z) = ${act}(z) = `, s, 'sigma'],
      ['p = ', p, 'p'],
    ]) {
      const li = el(values, 'li');
      el(li, 'span', { text: label });
      const out = el(li, 'output', { text: four(value), className: 'exercise-value' });
      out.dataset.value = four(value);
      out.dataset.name = name;
    }
    answer.value = '';
    verdict.textContent = '';
    delete verdict.dataset.verdict;
    aOut.set(task ? 'hidden until you answer' : '—', '');
  }

  exercise.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!task) return;
    const { d, s, p, truth } = task;
    // σ(z) is shown to 4 figures: its rounding is allowed for besides the 3 figures.
    const atol = (5e-4 * Math.abs(s)) / (1 - p);
    const mistakes =
      d === 0
        ? [
            {
              value: s / (1 - p),
              says: 'This unit was dropped in this step (d = 0): the mask sets its a to 0, whatever z is.',
            },
            { value: s, says: 'This unit was dropped in this step (d = 0): its a is 0, not σ(z).' },
          ]
        : [
            {
              value: s * (1 - p),
              says: 'Divide by 1 − p, do not multiply: the kept units are scaled up to make up for the dropped ones.',
            },
            { value: s / p, says: 'The factor is 1/(1 − p), with 1 − p the probability of being kept, not 1/p.' },
          ];
    const g = api.grade(answer.value, truth, {
      atol,
      mistakes,
      factors: [{ name: '1/(1 − p)', value: 1 / (1 - p), shown: four(1 / (1 - p)) }],
    });
    verdict.dataset.verdict = g.verdict;
    if (g.verdict === 'right') revealA();
    if (g.verdict === 'right')
      verdict.textContent = `Right: the engine's a of this step is ${api.plain(truth)}${d === 0 ? ' (dropped: d = 0)' : ''}.`;
    else verdict.textContent = `Not yet. ${g.hint}`;
  });
  show.addEventListener('click', () => {
    if (!task) return;
    revealA();
    verdict.textContent = `The engine's a of this step is ${api.plain(task.truth)}.`;
  });
  // A new step for the next task: phases until the optimizer's step count moves (a step part-way through is
  // finished first).
  next.addEventListener('click', async () => {
    const page = api.playground;
    if (page.getState().dropout === 0) {
      clearTask(`p is 0: set Dropout p above 0 (the lesson's preset has p = ${P}) for a step with masks.`);
      return;
    }
    // At most one step's phases (2L + 2) and the first phase of the next; a run that stopped takes none.
    const t = api.network.optimizerState(1).t;
    const phases = 2 * api.network.numLayers() + 3;
    for (let k = 0; k < phases && api.network.optimizerState(1).t === t; k++) await page.stepPhase();
    count++;
    if (view) newTask(view);
  });

  return {
    update(v) {
      view = v;
      countStep();
      drawCounter();
      drawStep(v);
      if (pairFor && pairFor !== pairKey(v.state, SETTINGS)) {
        runs[0].result = runs[P].result = null;
        pairFor = null;
      }
      drawPair();
      // The task stays frozen; a first task from the first step with masks.
      if (!task && v.record?.mask?.[1] && v.record.regularization.dropout > 0) newTask(v);
      else if (!task && !question.textContent)
        clearTask('Take a training step with dropout first (the button above or Phase ›).');
    },
    async reveal(id, guess, progress) {
      report = progress ?? null;
      const page = api.playground;
      if (id === 'kept') {
        await page.pause();
        if (page.getState().dropout !== P) page.setState({ dropout: P });
        const total = { kept: 0, total: 0 };
        const shares = [];
        for (let k = 0; k < STEPS; k++) {
          await page.stepBatch();
          const step = countStep();
          if (!step) continue;
          total.kept += step.kept;
          total.total += step.total;
          shares.push(step.kept / step.total);
        }
        drawCounter();
        if (!total.total) throw new Error('no step with dropout was taken (has training stopped?)');
        const share = total.kept / total.total;
        let x = Number(String(guess).replace(',', '.').replace('%', ''));
        if (x > 1 && x <= 100) x /= 100; // a percentage
        const lo = Math.min(...shares);
        const hi = Math.max(...shares);
        return {
          truth: `${share.toFixed(3)} (${total.kept} of ${total.total} hidden units kept in ${shares.length} steps)`,
          right: Number.isFinite(x) && Math.abs(x - share) <= 0.05,
          detail: `Each unit is kept with probability 1 − p = ${api.plain(1 - P)}, on its own coin: single steps kept from ${lo.toFixed(3)} to ${hi.toFixed(3)} of their units.`,
        };
      }
      const r = await thePair();
      const a = r[0];
      const b = r[P];
      if (!a || !b) throw new Error('a run of the pair has no losses to compare');
      if (id === 'validation') {
        const rel = (a.validation - b.validation) / a.validation;
        const shown = Math.abs(rel) <= SAME ? 2 : rel > 0 ? 1 : 0;
        return {
          truth: `p = 0 ends at ${api.plain(a.validation)}, p = ${P} at ${api.plain(b.validation)} (epoch ${b.epoch})`,
          right: guess.index === shown,
          detail: `Without dropout the network learns the training points' noise: its validation loss climbs after epoch ${a.bestEpoch}.`,
        };
      }
      if (id === 'train') {
        const rel = (b.train - a.train) / a.train;
        const shown = Math.abs(rel) <= SAME ? 2 : rel > 0 ? 0 : 1;
        return {
          truth: `training loss ${api.plain(b.train)} with p = ${P} against ${api.plain(a.train)} without`,
          right: guess.index === shown,
          detail:
            'With units switched off at random the network cannot fit the training points as closely: the gap between training and validation shrinks from both sides.',
        };
      }
      if (id === 'best') {
        const rel = (a.bestValidation - b.bestValidation) / a.bestValidation;
        const shown = Math.abs(rel) <= SAME ? 1 : rel > 0 ? 0 : 2;
        return {
          truth: `p = 0: ${api.plain(a.bestValidation)} at epoch ${a.bestEpoch}; p = ${P}: ${api.plain(b.bestValidation)} at epoch ${b.bestEpoch}`,
          right: guess.index === shown,
          detail:
            'Dropout moved the best epoch later and kept the validation loss from climbing after it, more than it lowered the best loss itself.',
        };
      }
      throw new Error(`no prompt ${id}`);
    },
  };
}

export default {
  id: 'q8',
  title: 'Dropout switches units off in training',
  preset: PRESET,
  text,
  prompts,
  note,
  open,
};
