// Lesson q6: underfitting and overfitting (homework question 6), measured against the Bayes error the
// data set knows exactly. A gauge sets the training and validation losses beside the Bayes loss; the
// avoidable bias (training − Bayes) and the variance (validation − training) give the diagnosis, with a
// flag when the training loss goes below the Bayes loss (label noise memorised). Two cases, the best epoch,
// and early stopping's restore; an exercise asks for the avoidable bias from the numbers shown.

import { el, four } from './dom.js';

const EPOCHS = 300;
const PATIENCE = 30;
// A gap in mean BCE loss larger than this is called high (the Bayes loss of these sets is 0.3–0.5).
const HIGH = 0.05;

const CASES = {
  underfit: {
    label: 'Underfit: the spiral, one hidden neuron',
    state: { dataset: 'spiral', noise: 0.1, n: 200, layers: [1], act: ['tanh'] },
  },
  overfit: {
    label: 'Overfit: 40 noisy circle points, 16-16-16',
    state: { dataset: 'circle', noise: 0.2, n: 40, layers: [16, 16, 16], act: ['tanh', 'tanh', 'tanh'] },
  },
};
const COMMON = {
  features: ['x1', 'x2'],
  output: 'sigmoid',
  loss: 'bce',
  optimizer: 'adam',
  lr: 0.01,
  batch: 10,
  patience: 0,
  seed: 1,
  split: 0.5,
};

const text = `<p>A network can miss in two ways. It may be too simple to follow the data: then even its
<b>training</b> loss stays high, well above the best any model could do. That gap, training loss minus the
<b>Bayes loss</b> (the loss of the true rule that generated the noisy labels, which this playground knows
exactly), is the <b>avoidable bias</b>. Or it may follow the training points too closely, noise included:
then the training loss is low but the <b>validation</b> loss is much higher; that gap, validation minus
training, is the <b>variance</b>. The gauge shows both after training.</p>`;

const prompts = [
  {
    id: 'underfit',
    text: `One hidden neuron on the spiral, ${EPOCHS} epochs: what will the diagnosis be?`,
    guess: { kind: 'choice', choices: ['high bias', 'high variance', 'both small'] },
    button: `Commit, then train the underfit case`,
  },
  {
    id: 'overfit',
    text: `Three layers of 16 on 40 noisy points, ${EPOCHS} epochs: what will the diagnosis be?`,
    guess: { kind: 'choice', choices: ['high bias', 'high variance', 'both small'] },
    button: `Commit, then train the overfit case`,
  },
  {
    id: 'stop',
    text: `With early stopping (patience ${PATIENCE}) on the overfit case, from which epoch will the kept weights be?`,
    guess: { kind: 'number', label: 'Epoch' },
    button: 'Commit, then train with early stopping',
  },
];

const note = `A training loss below the Bayes loss is not a better model: no rule can beat the true one on
fresh data, so the network has learned this sample's label noise by heart, and the validation loss pays
for it (the flag on the gauge).`;

// The losses of the weights the network holds and the best validation epoch, from the run's history: the
// last recorded epoch's, or, once early stopping has put the best epoch's weights back (`restored`), that
// epoch's (the gauge must describe the network the page shows, not the epochs it threw away).
function losses(history, restored = false) {
  const train = history?.train ?? [];
  if (!train.length) return null;
  const validation = history.validation;
  const epochs = history.epoch ?? train.map((_, k) => k + 1);
  let best = 0;
  for (let k = 1; k < validation.length; k++) if (validation[k] < validation[best]) best = k;
  const at = restored ? best : train.length - 1;
  return {
    train: train[at],
    validation: validation[at],
    bestEpoch: epochs[best],
    epoch: epochs[at],
    last: epochs.at(-1),
    restored,
  };
}

function diagnose(train, validation, bayes) {
  const bias = train - bayes;
  const variance = validation - train;
  const memorising = train < bayes;
  let verdict = 'both small';
  if (variance > HIGH && variance >= bias) verdict = 'high variance';
  else if (bias > HIGH) verdict = 'high bias';
  return { bias, variance, memorising, verdict };
}

function open(root, api) {
  const cases = el(root, 'p', { className: 'lesson-start' });
  const buttons = {};
  for (const [id, c] of Object.entries(CASES)) {
    buttons[id] = el(cases, 'button', { type: 'button', text: c.label });
    buttons[id].addEventListener('click', () => applyCase(id));
  }
  const train = el(cases, 'button', { type: 'button', text: `Train ${EPOCHS} epochs` });
  const progress = el(cases, 'span', { className: 'lesson-progress', 'aria-live': 'polite' });
  train.addEventListener('click', () => trainFor(EPOCHS).catch((e) => (progress.textContent = ` ${e.message}`)));

  const gauge = api.views.gauge(root, { label: 'Losses against the Bayes loss' });
  const readouts = el(root, 'div', { className: 'readouts' });
  const diagnosisOut = api.readout(readouts, 'diagnosis', 'Diagnosis:');
  const bayesOut = api.readout(readouts, 'bayes', 'Bayes loss:');
  const biasOut = api.readout(readouts, 'bias', 'Avoidable bias (training − Bayes):');
  const varianceOut = api.readout(readouts, 'variance', 'Variance (validation − training):');
  const bestOut = api.readout(readouts, 'best-epoch', 'Best validation epoch:');

  const exercise = el(root, 'form', { className: 'lesson-exercise', 'aria-label': 'Exercise' });
  el(exercise, 'h3', { text: 'Exercise: the avoidable bias' });
  const question = el(exercise, 'p', { className: 'exercise-question' });
  const values = el(exercise, 'ul', { className: 'exercise-values' });
  const answerLabel = el(exercise, 'label', { htmlFor: 'q6-answer', text: 'Avoidable bias: ' });
  const answer = el(answerLabel, 'input', { id: 'q6-answer', type: 'text', inputMode: 'decimal', autocomplete: 'off' });
  el(exercise, 'button', { type: 'submit', text: 'Check' });
  const show = el(exercise, 'button', { type: 'button', text: 'Show the gaps' });
  const verdict = el(exercise, 'p', { className: 'verdict', 'aria-live': 'polite' });

  let view = null;
  let task = null; // {key, train, validation, bayes, shown}
  let running = null;

  function applyCase(id) {
    return api.playground.setState({ ...COMMON, ...CASES[id].state });
  }

  // Trains `epochs` epochs on the page (its own Epoch step, so every view follows), or until it stops.
  async function trainFor(epochs) {
    if (running) return running;
    running = (async () => {
      train.disabled = true;
      try {
        await api.trainEpochs(epochs, (done) => (progress.textContent = ` epoch ${done} of ${epochs}…`));
        progress.textContent = ` trained to epoch ${api.playground.epoch()}.`;
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

  const hide = () => {
    biasOut.set('answer the exercise first', '');
    varianceOut.set('answer the exercise first', '');
  };
  const revealGaps = () => {
    if (!task) return;
    task.shown = true;
    const d = diagnose(task.train, task.validation, task.bayes);
    biasOut.set(api.plain(d.bias), d.bias);
    varianceOut.set(api.plain(d.variance), d.variance);
  };

  function draw(v) {
    const bayes = v.bayesLoss;
    const l = losses(v.history, v.status === 'early_stopped');
    if (bayes === null || !l) {
      gauge.update({ bars: [] });
      diagnosisOut.set(bayes === null ? 'this data set has no known Bayes loss' : '— (train first)', '');
      bayesOut.set(bayes === null ? '—' : api.plain(bayes), bayes ?? '');
      bestOut.set('—', '');
      task = null;
      hide();
      question.textContent = 'Choose a case and train it (the buttons above): the exercise uses its losses.';
      values.replaceChildren();
      return;
    }
    const d = diagnose(l.train, l.validation, bayes);
    gauge.update({
      bars: [
        { label: 'training loss', value: l.train },
        { label: 'validation loss', value: l.validation },
      ],
      marks: [{ value: bayes, label: 'Bayes' }],
    });
    const flag = d.memorising ? ' · below Bayes: memorising noise' : '';
    diagnosisOut.set(`${d.verdict}${flag}`, `${d.verdict}${d.memorising ? '|memorising' : ''}`);
    bayesOut.set(api.plain(bayes), bayes);
    bestOut.set(
      `${l.bestEpoch} (of ${l.last}${l.restored ? '; its weights restored, the gauge shows its losses' : ''})`,
      l.bestEpoch,
    );
    const key = `${v.history.train.length}|${l.train}|${l.validation}`;
    if (task?.key === key) return;
    task = { key, train: l.train, validation: l.validation, bayes, shown: false };
    hide();
    question.textContent = `After epoch ${l.epoch}${l.restored ? ' (restored by early stopping)' : ''}: how much of the training loss could a better model remove? (graded within 0.5 %, about 3 significant figures)`;
    values.replaceChildren();
    for (const [label, value, name] of [
      ['training loss', l.train, 'train'],
      ['validation loss', l.validation, 'validation'],
      ['Bayes loss', bayes, 'bayes'],
    ]) {
      const li = el(values, 'li');
      el(li, 'span', { text: `${label} = ` });
      const out = el(li, 'output', { text: four(value), className: 'exercise-value' });
      out.dataset.value = four(value);
      out.dataset.name = name;
    }
    answer.value = '';
    verdict.textContent = '';
    delete verdict.dataset.verdict;
  }

  exercise.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!task) return;
    const truth = task.train - task.bayes;
    // The numbers are shown to 4 figures: their rounding is allowed for besides the 3 figures.
    const g = api.grade(answer.value, truth, {
      atol: 1e-4,
      mistakes: [
        {
          value: task.validation - task.bayes,
          says: 'That starts from the validation loss: the avoidable bias is measured on the training loss.',
        },
        { value: task.validation - task.train, says: 'That is the variance (validation − training).' },
      ],
    });
    verdict.dataset.verdict = g.verdict;
    if (g.verdict === 'right') {
      revealGaps();
      verdict.textContent = `Right: ${api.plain(truth)}.${truth < 0 ? ' Negative: below the Bayes loss, the network memorises noise.' : ''}`;
    } else verdict.textContent = `Not yet. ${g.hint}`;
  });
  show.addEventListener('click', () => {
    revealGaps();
    if (task) verdict.textContent = `The avoidable bias is ${api.plain(task.train - task.bayes)}.`;
  });

  return {
    update(v) {
      view = v;
      draw(v);
    },
    async reveal(id, guess) {
      if (id === 'underfit' || id === 'overfit') {
        await applyCase(id);
        await api.playground.reset(); // a fresh run of the case, whatever ran before
        await trainFor(EPOCHS);
        const l = losses(api.playground.history());
        const d = diagnose(l.train, l.validation, view.bayesLoss);
        return {
          truth: `${d.verdict} (training ${api.plain(l.train)}, validation ${api.plain(l.validation)}, Bayes ${api.plain(view.bayesLoss)})`,
          right: guess.text === d.verdict,
          detail: d.memorising ? 'The training loss went below the Bayes loss: that is noise learned by heart.' : '',
        };
      }
      if (id === 'stop') {
        await applyCase('overfit');
        await api.playground.setState({ patience: PATIENCE });
        await api.playground.reset();
        await trainFor(EPOCHS);
        const l = losses(api.playground.history());
        const stopped = api.playground.epoch();
        return {
          truth: `epoch ${l.bestEpoch} (training stopped at epoch ${stopped}, ${PATIENCE} epochs without a better validation loss)`,
          right: Number(guess) === l.bestEpoch,
          detail: 'Early stopping keeps the weights of the best validation epoch, not the last ones.',
        };
      }
      throw new Error(`no prompt ${id}`);
    },
  };
}

export default {
  id: 'q6',
  title: 'Underfitting, overfitting and the Bayes error',
  preset: { ...COMMON, ...CASES.overfit.state },
  text,
  prompts,
  note,
  open,
};
