// The page's one state object: a typed table of every user-settable property (default, range, group),
// its (de)serialization to and from the URL hash, and validation that turns bad values into notices.

import { LESSONS, LESSON_IDS, switchRows } from './lessons/index.js';

// Every name list is the engine's (bp.datasetNames(), bp.featureNames(), …, and which activations serve a
// hidden layer or the output from bp.activationInfo), and so is the default validation fraction: main.js
// hands them over with useEngineNames(bp) before anything validates. Here they are filled in place, so the table below reads them at validation time.
const datasetNames = [];
export const FEATURES = [];
export const HIDDEN_ACTIVATIONS = [];
export const OUTPUT_ACTIVATIONS = [];
export const LOSSES = [];
export const OPTIMIZERS = [];
export const INITS = [];
export const SPEEDS = ['slow', 'medium', 'fast', 'epoch', 'max'];
export const PANELS = ['settings', 'controls', 'network', 'equations', 'output', 'curves', 'learned'];
export const MAX_HIDDEN_LAYERS = 6;
export const MAX_NEURONS = 16;

const fill = (list, names) => list.splice(0, list.length, ...names);

export function useEngineNames(bp) {
  fill(datasetNames, bp.datasetNames());
  fill(FEATURES, bp.featureNames());
  const activations = bp.activationNames().map((name) => bp.activationInfo(name));
  fill(
    HIDDEN_ACTIVATIONS,
    activations.filter((a) => a.hidden).map((a) => a.name),
  );
  fill(
    OUTPUT_ACTIVATIONS,
    activations.filter((a) => a.output).map((a) => a.name),
  );
  fill(LOSSES, bp.lossNames());
  fill(OPTIMIZERS, bp.optimizerNames());
  fill(INITS, bp.initNames());
  PROPERTIES.split.default = bp.datasetInfo(PROPERTIES.dataset.default).validationFraction;
}

// Each kind parses a URL string or a JS value of its own type (a number for numbers, a boolean for
// switches, an array for lists); it returns {value} or {error: 'what was expected'}.
const kinds = {
  enum: (values) => ({
    parse: (raw) =>
      typeof raw === 'string' && values.includes(raw) ? { value: raw } : { error: `one of ${values.join(', ')}` },
    format: String,
    describe: () => `one of ${values.join(', ')}`,
  }),
  int: (min, max) => ({
    describe: () => `an integer in ${min}..${max}`,
    parse: (raw) => {
      const x =
        typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(x)) return { error: `an integer in ${min}..${max}` };
      // A number out of range is said so, rather than "not an integer" (a student typed a number).
      return x >= min && x <= max ? { value: x } : { error: `within ${min}..${max}` };
    },
    format: String,
  }),
  num: (min, max) => ({
    parse: (raw) => {
      const x = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(x)) return { error: `a number in ${min}..${max}` };
      return x >= min && x <= max ? { value: x } : { error: `within ${min}..${max}` };
    },
    format: String,
  }),
  bool: () => ({
    parse: (raw) => {
      if (raw === true || raw === '1' || raw === 'true') return { value: true };
      if (raw === false || raw === '0' || raw === 'false') return { value: false };
      return { error: 'true or false (1 or 0 in the address)' };
    },
    format: (v) => (v ? '1' : '0'),
  }),
  // A comma-separated list (or an array) whose items each parse as `item`; minLength..maxLength items
  // (maxLength may be a function: the number of the engine's names); optionally unique.
  list: (item, minLength, maxItems, unique = false) => ({
    parse: (raw) => {
      const maxLength = typeof maxItems === 'function' ? maxItems() : maxItems;
      if (!Array.isArray(raw) && typeof raw !== 'string')
        return { error: `a list of ${minLength}..${maxLength} items` };
      // An empty item ('1,,2') is an error like any other bad item: never silently dropped.
      const items = Array.isArray(raw) ? raw : raw === '' ? [] : raw.split(',');
      const expected = `${minLength}..${maxLength} comma-separated items, each ${item.describe()}`;
      if (items.length < minLength || items.length > maxLength) return { error: expected };
      const out = [];
      for (const it of items) {
        const r = item.parse(it);
        if (r.error) return { error: expected };
        if (unique && out.includes(r.value)) return { error: `${expected}, no repeats` };
        out.push(r.value);
      }
      return { value: out };
    },
    format: (v) => v.join(','),
  }),
};

// The table. `group` says what a change does to the run (see session.js): data and network rebuild it,
// optimizer/regularization/trainer adjust it in place, view only redraws. `optional` keys stay out of the
// hash while they hold their default.
export const PROPERTIES = {
  dataset: { kind: kinds.enum(datasetNames), default: 'circle', group: 'data', label: 'Data set' },
  n: { kind: kinds.int(20, 2000), default: 200, group: 'data', label: 'Number of examples' },
  noise: { kind: kinds.num(0, 1), default: 0, group: 'data', label: 'Noise' },
  // The default validation fraction is the engine's (datasetInfo(…).validationFraction, useEngineNames).
  split: { kind: kinds.num(0.1, 0.9), default: null, group: 'data', label: 'Validation fraction' },
  features: {
    kind: kinds.list(kinds.enum(FEATURES), 1, () => FEATURES.length, true),
    default: ['x1', 'x2'],
    group: 'data',
    label: 'Input features',
  },
  seed: { kind: kinds.int(0, 2147483647), default: 1, group: 'data', label: 'Seed' },
  layers: {
    kind: kinds.list(kinds.int(1, MAX_NEURONS), 1, MAX_HIDDEN_LAYERS),
    default: [8, 8],
    group: 'network',
    label: 'Hidden layers',
  },
  act: {
    kind: kinds.list(kinds.enum(HIDDEN_ACTIVATIONS), 1, MAX_HIDDEN_LAYERS),
    default: ['tanh', 'tanh'],
    group: 'network',
    label: 'Hidden activations',
  },
  output: { kind: kinds.enum(OUTPUT_ACTIVATIONS), default: 'sigmoid', group: 'network', label: 'Output activation' },
  loss: { kind: kinds.enum(LOSSES), default: 'bce', group: 'network', label: 'Loss' },
  init: { kind: kinds.enum(INITS), default: 'xavier', group: 'network', label: 'Initialization' },
  // Lesson q3's teaching switch: the backward pass multiplies by 1 where σ'(Z) belongs in every hidden layer
  // (the engine's setBrokenDerivative). A network setting: switching it starts a paired run (same seed).
  broken: {
    kind: kinds.bool(),
    default: false,
    group: 'network',
    optional: true,
    label: 'Broken σ′ (the backward pass uses 1 instead of σ′)',
  },
  optimizer: { kind: kinds.enum(OPTIMIZERS), default: 'adam', group: 'optimizer', label: 'Optimizer' },
  lr: { kind: kinds.num(1e-5, 10), default: 0.01, group: 'optimizer', label: 'Learning rate η' },
  mu: { kind: kinds.num(0, 0.999), default: 0.9, group: 'optimizer', label: 'Momentum μ' },
  gamma: { kind: kinds.num(0, 0.999), default: 0.9, group: 'optimizer', label: 'RMSProp γ' },
  beta1: { kind: kinds.num(0, 0.999), default: 0.9, group: 'optimizer', label: 'Adam β₁' },
  beta2: { kind: kinds.num(0, 0.9999), default: 0.999, group: 'optimizer', label: 'Adam β₂' },
  batch: { kind: kinds.int(0, 2000), default: 10, group: 'trainer', label: 'Batch size (0 = all)' },
  patience: { kind: kinds.int(0, 1000), default: 0, group: 'trainer', label: 'Early-stopping patience (0 = off)' },
  l1: { kind: kinds.num(0, 10), default: 0, group: 'regularization', label: 'L1 λ' },
  l2: { kind: kinds.num(0, 10), default: 0, group: 'regularization', label: 'L2 λ' },
  dropout: { kind: kinds.num(0, 0.9), default: 0, group: 'regularization', label: 'Dropout p' },
  // One epoch per frame by default (about 60 a second): the boundary and the curves grow where a student can
  // watch them; 'max' stays a visible choice.
  speed: { kind: kinds.enum(SPEEDS), default: 'epoch', group: 'view', label: 'Speed' },
  logscale: { kind: kinds.bool(), default: false, group: 'view', label: 'Log-scale loss' },
  // ---- output view (issue 10 item 17): what the output panel draws; view only, kept in the URL.
  showValidation: { kind: kinds.bool(), default: true, group: 'view', label: 'Show validation data' },
  discretize: { kind: kinds.bool(), default: false, group: 'view', label: 'Discretize output' },
  // ---- end output view
  lesson: {
    kind: kinds.enum(['', ...LESSON_IDS]),
    default: '',
    group: 'view',
    optional: true,
    label: 'Lesson',
    // Said plainly: the kind's own "one of , q5; kept ." lists the empty id and names no lesson.
    invalid: (raw, kept) =>
      `Lesson “${show(raw)}” does not exist; the available lessons are ${LESSON_IDS.join(', ')}.` +
      (kept ? ` Lesson ${kept} stays open.` : ' No lesson is open.'),
  },
  embed: { kind: kinds.bool(), default: false, group: 'view', optional: true, label: 'Embedded' },
  // Large text for a projector (body.presentation: every text 16 px or more).
  presentation: { kind: kinds.bool(), default: false, group: 'view', optional: true, label: 'Presentation size' },
  hide: {
    kind: kinds.list(kinds.enum(PANELS), 0, PANELS.length, true),
    default: [],
    group: 'view',
    optional: true,
    label: 'Hidden panels',
  },
};

// Each lesson's switches are rows of the table too (group 'lesson': they change no engine object), kept
// out of the hash at their defaults: `#lesson=q5&q5.quiz=0`.
function switchKind(key, spec) {
  if (spec.type === 'bool') return kinds.bool();
  if (spec.type === 'enum') return kinds.enum(spec.values);
  if (spec.type === 'int') return kinds.int(spec.min, spec.max);
  if (spec.type === 'num') return kinds.num(spec.min, spec.max);
  throw new Error(`lesson switch ${key}: type must be bool, enum, int or num, got ${spec.type}`);
}
for (const lesson of LESSONS) {
  for (const [key, spec] of Object.entries(switchRows(lesson))) {
    PROPERTIES[key] = {
      kind: switchKind(key, spec),
      default: spec.default,
      group: 'lesson',
      optional: true,
      label: `Lesson ${lesson.id}: ${spec.label}`,
    };
  }
}

export const KEYS = Object.keys(PROPERTIES);

export function defaults() {
  const state = {};
  for (const key of KEYS) state[key] = structuredClone(PROPERTIES[key].default);
  return state;
}

// A value for a notice: strings as they are, other input as JSON (so ['xor'] does not pass for "xor").
function show(raw, asValue = false) {
  let text;
  if (typeof raw === 'string') text = raw;
  else if (asValue && Array.isArray(raw)) text = raw.join(',');
  else {
    try {
      text = JSON.stringify(raw) ?? String(raw);
    } catch {
      text = String(raw);
    }
  }
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

// What is wrong with a value and what was kept instead (also shown at the field that took it: controls.js).
export function invalidText(raw, expected, kept) {
  return `“${show(raw)}” is not ${expected}; kept ${show(kept, true) || 'none'}.`;
}

// Validates `partial` (URL strings or JS values) onto a copy of `base`. Never throws: an unknown key or a
// bad value is dropped (the key keeps base's value) and described in `notices`.
export function validate(partial, base = defaults()) {
  const state = structuredClone(base);
  const notices = [];
  if (partial !== undefined && partial !== null && (typeof partial !== 'object' || Array.isArray(partial))) {
    return { state, notices: [`Settings must be an object such as {dataset: 'xor'}; ignored “${show(partial)}”.`] };
  }
  for (const [key, raw] of Object.entries(partial ?? {})) {
    const prop = Object.hasOwn(PROPERTIES, key) ? PROPERTIES[key] : null;
    if (!prop) {
      notices.push(`Ignored the unknown setting “${show(key)}”.`);
      continue;
    }
    const result = prop.kind.parse(raw);
    if (result.error) {
      notices.push(
        prop.invalid
          ? prop.invalid(raw, state[key])
          : `${prop.label} (${key}): ${invalidText(raw, result.error, state[key])}`,
      );
    } else {
      state[key] = result.value;
    }
  }
  const act = fitActivations(state.act, state.layers.length);
  if (act.join() !== state.act.join() && state.act.length !== 1 && Object.hasOwn(partial ?? {}, 'act')) {
    notices.push(`Hidden activations: ${state.act.length} given for ${state.layers.length} layers; adjusted.`);
  }
  state.act = act;
  return { state, notices };
}

// One activation per hidden layer: a single value applies to all; a short list repeats its last entry.
export function fitActivations(act, count) {
  const out = act.slice(0, count);
  while (out.length < count) out.push(out[out.length - 1] ?? 'tanh');
  return out;
}

export function toHash(state) {
  const parts = [];
  for (const key of KEYS) {
    const prop = PROPERTIES[key];
    const text = prop.kind.format(state[key]);
    if (prop.optional && text === prop.kind.format(prop.default)) continue;
    parts.push(`${key}=${encodeURIComponent(text).replace(/%2C/g, ',')}`);
  }
  return `#${parts.join('&')}`;
}

// Parses a location hash into a validated state. Garbage (bad escapes, missing '=', unknown keys) only
// produces notices.
export function fromHash(hash) {
  const partial = Object.create(null); // keys come from the address: "__proto__" must stay a plain key
  const notices = [];
  const body = String(hash ?? '').replace(/^#/, '');
  for (const piece of body.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    let key = eq < 0 ? piece : piece.slice(0, eq);
    let value = eq < 0 ? '' : piece.slice(eq + 1);
    try {
      key = decodeURIComponent(key);
      value = decodeURIComponent(value);
    } catch {
      notices.push(`Ignored the malformed part “${show(piece)}” of the address.`);
      continue;
    }
    if (eq < 0) {
      notices.push(`Ignored “${show(key)}” in the address: it has no value.`);
      continue;
    }
    partial[key] = value;
  }
  const result = validate(partial);
  return { state: result.state, notices: [...notices, ...result.notices], given: Object.keys(partial) };
}

// The keys whose values differ between two states.
export function changedKeys(a, b) {
  return KEYS.filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}
