// Words and short number formats shared by the snapshot and the views: feature names, data-set menu
// labels, a target's class label, and numbers as plain text (the equations use num() for TeX).

import { num } from './equations.js';

export const FEATURE_LABELS = { x1: 'x₁', x2: 'x₂', x1sq: 'x₁²', x2sq: 'x₂²', x1x2: 'x₁x₂', sinx1: 'sin x₁', sinx2: 'sin x₂' };

// A number as plain text: 1.5e-4 rather than TeX's 1.5{\times}10^{-4}; — for a missing or non-finite one.
export const plain = (x) => num(x).replace(/\{\\times\}10\^\{(-?\d+)\}/, 'e$1').replace('\\text{—}', '—');

// A menu label from the engine's datasetInfo: "circle", "blobs3 (3 classes)", "sin (1-D regression)",
// "iris (4 inputs, 3 classes)".
export function datasetLabel(info) {
  if (info.task === 'regression') return `${info.name} (${info.inputs}-D regression)`;
  if (!info.twoD) return `${info.name} (${info.inputs} inputs, ${info.numClasses} classes)`;
  return info.numClasses > 2 ? `${info.name} (${info.numClasses} classes)` : info.name;
}

// The true class of row i of a target matrix as the data set encodes it: the 0/1 label (one output) or
// the position of the 1 in a one-hot row. (Predicted classes come from the engine: net.classify.)
export function labelOf(targets, i, nL) {
  if (nL === 1) return targets[i] === 1 ? 1 : 0;
  return Math.max(0, targets.subarray(i * nL, (i + 1) * nL).indexOf(1));
}
