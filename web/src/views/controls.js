// The hyperparameter panel ("set by you"): one labelled control per state property, the architecture
// editor (1..6 hidden layers of 1..16 neurons, an activation each). Changes go out as partial states.

import {
  FEATURES,
  HIDDEN_ACTIVATIONS,
  INITS,
  MAX_HIDDEN_LAYERS,
  MAX_NEURONS,
  OPTIMIZERS,
  PROPERTIES,
  invalidText,
} from '../state.js';
import { FEATURE_LABELS, datasetLabel } from '../labels.js';
import { CLASS_COLORS, NEGATIVE, POSITIVE } from './colors.js';

const LR_CHOICES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const BATCH_CHOICES = [1, 2, 5, 10, 20, 50, 100, 0];
const LAMBDA_CHOICES = [0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];
const PAIR_LABELS = {
  'sigmoid+bce': 'sigmoid + binary cross-entropy',
  'softmax+cross_entropy': 'softmax + cross-entropy',
  'linear+mse': 'linear + mean squared error',
  'sigmoid+mse': 'sigmoid + mean squared error',
  'tanh+mse': 'tanh + mean squared error',
};

let uid = 0;
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
};

// Draws an engine sample into a small canvas: every point as a dot, scaled to the sample's own range.
function drawSample(canvas, { points, d, y, outputs, classes, regression }) {
  const ctx = canvas.getContext('2d');
  const size = canvas.width;
  const n = points.length / d;
  // Horizontal: the first input; vertical: the second, or the target for 1-D data.
  const xs = Array.from({ length: n }, (_, i) => points[i * d]);
  const ys = Array.from({ length: n }, (_, i) => (d >= 2 ? points[i * d + 1] : y[i * outputs]));
  const range = (vs) => {
    const finite = vs.filter(Number.isFinite);
    const lo = Math.min(...finite);
    const hi = Math.max(...finite);
    return [lo, hi > lo ? hi : lo + 1];
  };
  const [x0, x1] = range(xs);
  const [y0, y1] = range(ys);
  const targets = Array.from({ length: n }, (_, i) => y[i * outputs]);
  const [t0, t1] = range(targets);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  const pad = 4;
  const scale = (v, lo, hi) => pad + ((v - lo) / (hi - lo)) * (size - 2 * pad);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) continue;
    if (classes) ctx.fillStyle = CLASS_COLORS[classes[i] % CLASS_COLORS.length];
    else if (regression && d >= 2) ctx.fillStyle = targets[i] >= (t0 + t1) / 2 ? POSITIVE : NEGATIVE;
    else ctx.fillStyle = POSITIVE;
    ctx.fillRect(scale(xs[i], x0, x1) - 1.5, size - scale(ys[i], y0, y1) - 1.5, 3, 3);
  }
}

export class ControlsView {
  // `datasets`: the engine's datasetInfo of every data set, for the menu.
  // `sample(name)`: the engine's sample of a data set (session.sampleOf), drawn as its thumbnail;
  // `notify(text)`: a notice at the top of the page.
  constructor(root, datasets, { onChange, sample = null, notify = () => {} }) {
    this.root = root;
    this.datasets = datasets;
    this.onChange = onChange;
    this.sample = sample;
    this.notify = notify;
    this.inputs = {};
    this.layerCount = -1;
    this.build();
  }

  field(key, control, parent, labelText = PROPERTIES[key].label) {
    const id = `ctl-${key}-${uid++}`;
    control.id = id;
    const row = el('div', { class: 'field' }, el('label', { for: id, text: labelText }), control);
    parent.append(row);
    this.inputs[key] = control;
    return row;
  }

  select(key, options, parent, parse = (v) => v) {
    const control = el('select');
    for (const [value, text] of options) control.append(el('option', { value: String(value), text }));
    control.addEventListener('change', () => this.onChange({ [key]: parse(control.value) }));
    return this.field(key, control, parent);
  }

  // A typed value is checked against the state table as the page will check it; a bad one is reported at
  // the field as well as at the top (aria-invalid, and a message next to it that aria-describedby names),
  // until a good value is typed.
  number(key, parent, { step = 'any' } = {}) {
    const control = el('input', { type: 'number', step: String(step), inputmode: 'decimal' });
    const row = this.field(key, control, parent);
    const error = el('p', { class: 'field-error', id: `${control.id}-error` });
    error.hidden = true;
    row.append(error);
    control.addEventListener('change', () => {
      // A number field hands over '' for text that is no number; say what was typed is not one.
      const raw = control.validity.badInput ? 'not a number' : control.value;
      const result = PROPERTIES[key].kind.parse(control.value);
      if (result.error) {
        const text = control.validity.badInput
          ? `What was typed is not a number; kept ${this.state?.[key]}.`
          : invalidText(raw, result.error, this.state?.[key]);
        error.textContent = text;
        error.hidden = false;
        control.setAttribute('aria-invalid', 'true');
        control.setAttribute('aria-describedby', error.id);
      } else {
        error.hidden = true;
        control.removeAttribute('aria-invalid');
        control.removeAttribute('aria-describedby');
      }
      this.onChange({ [key]: control.value });
    });
    return row;
  }

  range(key, parent, { min, max, step }) {
    const control = el('input', { type: 'range', min: String(min), max: String(max), step: String(step) });
    const output = el('output', { class: 'range-value' });
    control.addEventListener('input', () => {
      output.textContent = control.value;
    });
    control.addEventListener('change', () => this.onChange({ [key]: Number(control.value) }));
    const row = this.field(key, control, parent);
    row.append(output);
    control.output = output;
    return row;
  }

  section(title) {
    const box = el('fieldset', { class: 'section' }, el('legend', { text: title }));
    this.root.append(box);
    return box;
  }

  build() {
    const data = this.section('Data');
    this.select(
      'dataset',
      this.datasets.map((info) => [info.name, datasetLabel(info)]),
      data,
    );
    if (this.sample) this.thumbnails(data);
    this.description = el('p', { class: 'hint dataset-description', id: 'dataset-description' });
    data.append(this.description);
    this.inputs.dataset.setAttribute('aria-describedby', 'dataset-description');
    this.number('n', data, { step: 10 });
    this.range('noise', data, { min: 0, max: 0.5, step: 0.05 });
    this.range('split', data, { min: 0.1, max: 0.9, step: 0.05 });
    const features = el('fieldset', { class: 'features' }, el('legend', { text: 'Input features (2-D data)' }));
    for (const f of FEATURES) {
      const id = `ctl-feature-${f}`;
      const box = el('input', { type: 'checkbox', id, value: f });
      box.addEventListener('change', () => {
        const chosen = FEATURES.filter((g) => this.root.querySelector(`#ctl-feature-${g}`).checked);
        this.onChange({ features: chosen.length ? chosen : [f] });
      });
      features.append(el('span', { class: 'check' }, box, el('label', { for: id, text: FEATURE_LABELS[f] })));
    }
    data.append(features);
    this.featureBox = features;
    this.number('seed', data, { step: 1 });
    // A new sample of the same data set: the next seed (the one seed of the run draws the data and the
    // weights), so the new sample is as shareable by its address as any other.
    const resample = el('button', { type: 'button', class: 'new-sample', text: 'New sample' });
    resample.title = 'Draw a new sample of this data set (the next seed)';
    resample.addEventListener('click', () => this.onChange({ seed: (this.state.seed + 1) % 2147483648 }));
    data.append(el('div', { class: 'field-actions' }, resample));

    const network = this.section('Network');
    this.layersRoot = el('div', { class: 'layers' });
    network.append(this.layersRoot);
    const pair = el('select');
    pair.addEventListener('change', () => {
      const [output, loss] = pair.value.split('+');
      this.onChange({ output, loss });
    });
    this.field('output', pair, network, 'Output activation + loss');
    this.select(
      'init',
      INITS.map((i) => [i, i]),
      network,
    );
    // Lesson q3's switch, shown wherever it is on (a run trained with it must never look like a normal one).
    const broken = el('input', { type: 'checkbox' });
    broken.addEventListener('change', () => this.onChange({ broken: broken.checked }));
    this.brokenRow = this.field('broken', broken, network, 'Broken σ′ (1 instead of σ′ in the backward pass)');
    this.brokenRow.classList.add('broken-switch');

    const opt = this.section('Optimizer');
    this.select(
      'optimizer',
      OPTIMIZERS.map((o) => [
        o,
        o === 'sgd' ? 'SGD' : o === 'rmsprop' ? 'RMSProp' : o === 'adam' ? 'Adam' : 'momentum',
      ]),
      opt,
    );
    this.select(
      'lr',
      LR_CHOICES.map((v) => [v, String(v)]),
      opt,
      Number,
    );
    this.rows = {
      mu: this.number('mu', opt),
      gamma: this.number('gamma', opt),
      beta1: this.number('beta1', opt),
      beta2: this.number('beta2', opt),
    };
    this.select(
      'batch',
      BATCH_CHOICES.map((v) => [v, v === 0 ? 'all (batch GD)' : v === 1 ? '1 (stochastic GD)' : String(v)]),
      opt,
      Number,
    );
    this.number('patience', opt, { step: 1 });
    // Menus whose options are phrases ("iris (4 inputs, 3 classes)", "sigmoid + binary cross-entropy",
    // "1 (stochastic GD)") take the panel's whole width under their label, so the chosen one reads whole.
    for (const key of ['dataset', 'output', 'batch']) this.inputs[key].closest('.field').classList.add('field-stacked');

    const reg = this.section('Regularization');
    this.select(
      'l1',
      LAMBDA_CHOICES.map((v) => [v, String(v)]),
      reg,
      Number,
    );
    this.select(
      'l2',
      LAMBDA_CHOICES.map((v) => [v, String(v)]),
      reg,
      Number,
    );
    this.range('dropout', reg, { min: 0, max: 0.9, step: 0.05 });

    // Apart from Reset (the toolbar's: same settings, new weights), this puts every setting back.
    const restore = el('button', { type: 'button', class: 'restore-defaults', text: 'Restore defaults' });
    restore.title = 'Every setting back to its default; Reset keeps the settings and draws new weights';
    restore.addEventListener('click', () => this.restoreDefaults());
    this.root.append(el('div', { class: 'field-actions' }, restore));
  }

  // Every setting of the state table back to its default: all but the lesson, the embedding and hidden
  // panels (which say how the page is shown, not what it trains) and the lesson's own switches.
  restoreDefaults() {
    const partial = {};
    for (const [key, prop] of Object.entries(PROPERTIES)) {
      if (prop.group === 'lesson' || ['lesson', 'embed', 'hide'].includes(key)) continue;
      partial[key] = structuredClone(prop.default);
    }
    this.onChange(partial);
    this.notify('Every setting is back to its default (Reset keeps the settings and draws new weights).');
  }

  // One button per data set with a small picture of the engine's sample of it: 2-D points coloured by
  // class (a regression's by its target), 1-D data as y over x, other data by its first two inputs.
  thumbnails(parent) {
    const group = el('div', { class: 'dataset-thumbs', role: 'group', 'aria-label': 'Data sets' });
    this.thumbs = new Map();
    for (const info of this.datasets) {
      const canvas = el('canvas', { width: '64', height: '64', 'aria-hidden': 'true' });
      const button = el(
        'button',
        {
          type: 'button',
          'aria-label': `Data set ${datasetLabel(info)}`,
          'aria-pressed': 'false',
          title: datasetLabel(info),
        },
        canvas,
        el('span', { text: info.name }),
      );
      button.addEventListener('click', () => this.onChange({ dataset: info.name }));
      try {
        drawSample(canvas, this.sample(info.name));
      } catch {
        canvas.hidden = true; // the button still works; only its picture is missing
      }
      group.append(button);
      this.thumbs.set(info.name, button);
    }
    parent.append(group);
  }

  // The architecture editor: rebuilt when the number of hidden layers changes.
  buildLayers(state) {
    this.layerCount = state.layers.length;
    this.layersRoot.replaceChildren();
    const count = state.layers.length;
    const head = el(
      'div',
      { class: 'field layer-count' },
      el('span', { class: 'label', id: 'hidden-layers-label', text: `Hidden layers: ${count}` }),
    );
    const less = el('button', { type: 'button', 'aria-label': 'Remove the last hidden layer', text: '−' });
    const more = el('button', { type: 'button', 'aria-label': 'Add a hidden layer', text: '+' });
    less.disabled = count <= 1;
    more.disabled = count >= MAX_HIDDEN_LAYERS;
    less.addEventListener('click', () =>
      this.onChange({ layers: state.layers.slice(0, -1), act: state.act.slice(0, -1) }),
    );
    more.addEventListener('click', () =>
      this.onChange({ layers: [...state.layers, state.layers.at(-1)], act: [...state.act, state.act.at(-1)] }),
    );
    head.append(less, more);
    this.layersRoot.append(head);
    this.layerRows = [];
    for (let l = 1; l <= count; l++) {
      const size = el('output', { class: 'neurons', id: `layer-${l}-size` });
      const minus = el('button', { type: 'button', 'aria-label': `Remove a neuron from layer ${l}`, text: '−' });
      const plus = el('button', { type: 'button', 'aria-label': `Add a neuron to layer ${l}`, text: '+' });
      const act = el('select', { id: `ctl-act-${l}`, 'aria-label': `Activation of layer ${l}` });
      for (const a of HIDDEN_ACTIVATIONS) act.append(el('option', { value: a, text: a }));
      const change = (delta) => {
        const layers = this.state.layers.slice();
        layers[l - 1] = Math.max(1, Math.min(MAX_NEURONS, layers[l - 1] + delta));
        this.onChange({ layers });
      };
      minus.addEventListener('click', () => change(-1));
      plus.addEventListener('click', () => change(+1));
      act.addEventListener('change', () => {
        const acts = this.state.act.slice();
        acts[l - 1] = act.value;
        this.onChange({ act: acts });
      });
      this.layersRoot.append(
        el(
          'div',
          { class: 'field layer-row' },
          el('span', { class: 'label', text: `Layer ${l}` }),
          minus,
          size,
          plus,
          act,
        ),
      );
      this.layerRows.push({ size, minus, plus, act });
    }
  }

  // `force`: also set the control that has focus (right after its own change, which may have been refused).
  update(state, { info, catalog, pairs, force = false }) {
    this.state = state;
    if (state.layers.length !== this.layerCount) this.buildLayers(state);
    this.layerRows.forEach((row, k) => {
      row.size.textContent = String(state.layers[k]);
      row.size.setAttribute('aria-label', `${state.layers[k]} neurons in layer ${k + 1}`);
      row.minus.disabled = state.layers[k] <= 1;
      row.plus.disabled = state.layers[k] >= MAX_NEURONS;
      row.act.value = state.act[k];
    });
    const set = (key, value) => {
      const input = this.inputs[key];
      if (input.tagName === 'SELECT' && ![...input.options].some((o) => o.value === String(value))) {
        input.append(el('option', { value: String(value), text: String(value) }));
      }
      if (input.value !== String(value) && (force || document.activeElement !== input)) input.value = String(value);
      if (input.output) input.output.textContent = String(value);
    };
    // Measured data (maxNoise 0, iris) takes neither noise nor a number of examples.
    this.inputs.noise.max = String(catalog.maxNoise);
    this.inputs.noise.disabled = catalog.maxNoise === 0;
    this.inputs.noise.title = `${catalog.noiseMeaning}, 0..${catalog.maxNoise}`;
    this.inputs.n.disabled = catalog.maxNoise === 0;
    this.description.textContent = catalog.description;
    for (const [name, button] of this.thumbs ?? []) button.setAttribute('aria-pressed', String(name === state.dataset));
    for (const key of [
      'dataset',
      'n',
      'noise',
      'split',
      'seed',
      'init',
      'optimizer',
      'lr',
      'mu',
      'gamma',
      'beta1',
      'beta2',
      'batch',
      'patience',
      'l1',
      'l2',
      'dropout',
    ])
      set(key, state[key]);
    this.inputs.broken.checked = state.broken;
    this.brokenRow.hidden = !state.broken && state.lesson !== 'q3';
    // Measured data shows its own size (iris: 150), not the state's n, which it does not use.
    if (catalog.maxNoise === 0) this.inputs.n.value = String(info.nTrain + info.nValidation);
    const output = this.inputs.output;
    const pairKeys = pairs.map(([o, l]) => `${o}+${l}`);
    if ([...output.options].map((o) => o.value).join() !== pairKeys.join()) {
      output.replaceChildren(...pairKeys.map((k) => el('option', { value: k, text: PAIR_LABELS[k] ?? k })));
    }
    output.value = `${state.output}+${state.loss}`;
    this.featureBox.disabled = !info.twoD;
    for (const f of FEATURES) this.root.querySelector(`#ctl-feature-${f}`).checked = state.features.includes(f);
    this.rows.mu.hidden = state.optimizer !== 'momentum';
    this.rows.gamma.hidden = state.optimizer !== 'rmsprop';
    this.rows.beta1.hidden = state.optimizer !== 'adam';
    this.rows.beta2.hidden = state.optimizer !== 'adam';
  }
}
