// Words and short number formats shared by the snapshot and the views: feature names, data-set menu
// labels, and numbers as plain text (the equations use num() for TeX). Classes are the engine's
// (dataset.trainClasses(), net.classify).

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

// A number as plain text: 1.5e-4 rather than TeX's 1.5{\times}10^{-4}; — for a missing or non-finite one.
export const plain = (x) =>
  num(x)
    .replace(/\{\\times\}10\^\{(-?\d+)\}/, 'e$1')
    .replace('\\text{—}', '—');

// A menu label from the engine's datasetInfo: "circle", "blobs3 (3 classes)", "sin (1-D regression)",
// "iris (4 inputs, 3 classes)".
export function datasetLabel(info) {
  if (info.task === 'regression') return `${info.name} (${info.inputs}-D regression)`;
  if (!info.twoD) return `${info.name} (${info.inputs} inputs, ${info.numClasses} classes)`;
  return info.numClasses > 2 ? `${info.name} (${info.numClasses} classes)` : info.name;
}
