// Words and short number formats shared by the snapshot and the views: feature names, data-set menu
// labels, class names, and numbers as plain text in one format (the equations use num() for TeX). Classes are
// the engine's (dataset.trainClasses(), net.classify).

import { num } from './equations.js';

export const FEATURE_LABELS = {
  x1: 'x₁',
  x2: 'x₂',
  x1sq: 'x₁²',
  x2sq: 'x₂²',
  x1x2: 'x₁x₂',
  sinx1: 'sin x₁',
  sinx2: 'sin x₂',
};

const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

// A number as plain text, written one way in every view a student reads (diagram, inspector, toolbar,
// lessons, chart ticks): the equations' rounding (num), with a true minus and ×10 and a superscript
// exponent (−8.39×10⁻¹²), never an "e" form that reads as another number when cut short; — for a missing
// or non-finite one.
export function whole(x) {
  return num(x)
    .replace('\\text{—}', '—')
    .replace(/\{\\times\}10\^\{(-?\d+)\}/, (_, e) => `×10${[...e].map((c) => SUPERSCRIPT[c]).join('')}`)
    .replace(/^-/, '−');
}

// The lessons' and toolbar's name for the same format.
export const plain = whole;

// A menu label from the engine's datasetInfo: "circle", "blobs3 (3 classes)", "sin (1-D regression)",
// "iris (4 inputs, 3 classes)".
export function datasetLabel(info) {
  if (info.task === 'regression') return `${info.name} (${info.inputs}-D regression)`;
  if (!info.twoD) return `${info.name} (${info.inputs} inputs, ${info.numClasses} classes)`;
  return info.numClasses > 2 ? `${info.name} (${info.numClasses} classes)` : info.name;
}

// The names of a classification data set's classes, from the engine's data set (dataset.info().targets: iris's
// species, a CSV file's one-hot columns); "class c" where it names none (a single 0/1 output is named "y").
export function classNames(info) {
  const k = Math.max(2, info?.numClasses ?? 2);
  const targets = info?.targets ?? [];
  return Array.from({ length: k }, (_, c) => (targets.length === k && targets[c] ? targets[c] : `class ${c}`));
}

// The optimizers by the names the course uses (state.js's optimizer values).
export const OPTIMIZER_NAMES = { sgd: 'SGD', momentum: 'momentum', rmsprop: 'RMSProp', adam: 'Adam' };
