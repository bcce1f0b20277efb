// The equations of the current phase as KaTeX source, in the course's notation (W^{[l]}, a^{[l-1]}, z^{[l]},
// dZ^{[l]}, σ), with the current architecture's shapes and the current example's numbers from a step record.

// A matrix with more rows or columns than this is elided with ⋯ / ⋮ (first ones, gap, last one). The
// equation panel asks for fewer (ELISIONS, in order) when the equations would not fit its width.
export const MAX_ENTRIES = 6;
export const ELISIONS = [6, 4, 3];

const SIGMA = {
  tanh: '\\tanh',
  relu: '\\operatorname{ReLU}',
  leaky_relu: '\\operatorname{LReLU}',
  sigmoid: '\\sigma',
  linear: '\\operatorname{id}',
  softmax: '\\operatorname{softmax}',
};

export function num(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '\\text{—}';
  if (x === 0) return '0';
  const ax = Math.abs(x);
  if (ax >= 1e-3 && ax < 1e4) return String(Number(x.toPrecision(3)));
  const [mantissa, exponent] = x.toExponential(2).split('e');
  return `${Number(mantissa)}{\\times}10^{${Number(exponent)}}`;
}

// Indices to show out of `count`: all when few, else the first ones, a gap (null), the last one.
function shown(count, limit) {
  if (count <= limit) return [...Array(count).keys()];
  return [...Array(limit - 2).keys(), null, count - 1];
}

// A rows × cols row-major matrix, whole when small, elided when it has more than `limit` rows or columns.
export function matrix(values, rows, cols, limit = MAX_ENTRIES) {
  const rIdx = shown(rows, limit);
  const cIdx = shown(cols, limit);
  const lines = rIdx.map((r) =>
    cIdx
      .map((c) => {
        if (r === null) return c === null ? '\\ddots' : '\\vdots';
        if (c === null) return '\\cdots';
        return num(values[r * cols + c]);
      })
      .join(' & '),
  );
  return `\\begin{bmatrix}${lines.join(' \\\\ ')}\\end{bmatrix}`;
}

// Column j of an n × m row-major batch matrix, as an n × 1 vector.
export function column(values, n, m, j) {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i * m + j];
  return out;
}

const vec = (values, limit) => matrix(values, values.length, 1, limit);
const shape = (r, c) => `_{${r}\\times ${c}}`;
const sup = (name, l) => `${name}^{[${l}]}`;

function sigmaOf(config, l, L) {
  return SIGMA[l === L ? config.output : config.hidden[l - 1]];
}

// The network's forward equations with every shape written out (shown while no step is animated).
export function architectureTeX(sizes, config) {
  const L = sizes.length - 1;
  const lines = [];
  for (let l = 1; l <= L; l++) {
    lines.push(
      `${sup('a', l)}${shape(sizes[l], 1)} &= ${sigmaOf(config, l, L)}\\big(${sup('W', l)}${shape(sizes[l], sizes[l - 1])}\\,` +
        `${sup('a', l - 1)}${shape(sizes[l - 1], 1)} + ${sup('b', l)}${shape(sizes[l], 1)}\\big)`,
    );
  }
  lines.push(
    `\\mathcal{L} &= \\frac{1}{m}\\sum_{i=1}^{m} \\ell\\big(\\hat y^{(i)}, y^{(i)}\\big)`,
    lossTeX(config.loss),
  );
  return `\\begin{aligned}${lines.join(' \\\\ ')}\\end{aligned}`;
}

// Every shape of the network (lesson q5), layer by layer: one example (columns n_l × 1), a batch of m
// examples (n_l × m, the bias added to every column), the backward pass's shapes, and the parameters.
export function shapesTeX(sizes, config, m) {
  const L = sizes.length - 1;
  const n = sizes;
  const lines = [
    `&m = ${m}\\ \\text{examples per step:}\\quad ${sup('a', 0)} = x${shape(n[0], 1)},\\quad ${sup('A', 0)} = X${shape(n[0], 'm')}`,
  ];
  let total = 0;
  for (let l = 1; l <= L; l++) {
    const sigma = sigmaOf(config, l, L);
    const count = n[l] * n[l - 1] + n[l];
    total += count;
    lines.push(
      `${sup('z', l)}${shape(n[l], 1)} &= ${sup('W', l)}${shape(n[l], n[l - 1])}\\,${sup('a', l - 1)}${shape(n[l - 1], 1)}` +
        ` + ${sup('b', l)}${shape(n[l], 1)},\\quad ${sup('a', l)}${shape(n[l], 1)} = ${sigma}\\big(${sup('z', l)}\\big)`,
    );
    lines.push(
      `${sup('Z', l)}${shape(n[l], 'm')} &= ${sup('W', l)}${shape(n[l], n[l - 1])}\\,${sup('A', l - 1)}${shape(n[l - 1], 'm')}` +
        ` + ${sup('b', l)}${shape(n[l], 1)}\\,\\mathbf{1}^{\\top}${shape(1, 'm')},\\quad ${sup('A', l)}${shape(n[l], 'm')} = ${sigma}\\big(${sup('Z', l)}\\big)`,
    );
    let back =
      `d${sup('W', l)}${shape(n[l], n[l - 1])} &= d${sup('Z', l)}${shape(n[l], 'm')}\\,${sup('A', l - 1)}{}^{\\top}${shape('m', n[l - 1])},` +
      `\\quad d${sup('b', l)}${shape(n[l], 1)} = \\textstyle\\sum_{i=1}^{m} d${sup('Z', l)}_{:,i}`;
    if (l > 1) {
      back += `,\\quad d${sup('A', l - 1)}${shape(n[l - 1], 'm')} = ${sup('W', l)}{}^{\\top}${shape(n[l - 1], n[l])}\\,d${sup('Z', l)}${shape(n[l], 'm')}`;
    }
    lines.push(back);
    lines.push(`&\\text{layer ${l}: } ${n[l]}\\cdot ${n[l - 1]} + ${n[l]} = ${count}\\ \\text{parameters}`);
  }
  lines.push(`&\\text{in all: } \\textstyle\\sum_{l=1}^{${L}} n_l\\,(n_{l-1} + 1) = ${total}\\ \\text{parameters}`);
  return `\\begin{aligned}${lines.join(' \\\\ ')}\\end{aligned}`;
}

// The per-example loss, aligned at its "=" like every other line (`ell`: its left-hand side).
function lossTeX(loss, ell = '\\ell') {
  if (loss === 'bce') return `${ell} &= -\\big[y\\log\\hat y + (1-y)\\log(1-\\hat y)\\big]`;
  if (loss === 'cross_entropy') return `${ell} &= -\\textstyle\\sum_k y_k \\log \\hat y_k`;
  return `${ell} &= \\tfrac12 \\textstyle\\sum_k (\\hat y_k - y_k)^2`;
}

// A highlighted value (the current example's): a class the page styles (KaTeX's \htmlClass, trusted for
// this command only by views/equation.js).
const mark = (tex) => `\\htmlClass{eq-current}{${tex}}`;

function forwardTeX(rec, l, j, limit, narrow) {
  const dropout = rec.regularization.dropout;
  const n = rec.sizes;
  const m = rec.m;
  const L = rec.L;
  const z = column(rec.Z[l], n[l], m, j);
  const aPrev = column(rec.A[l - 1], n[l - 1], m, j);
  const a = column(rec.A[l], n[l], m, j);
  const sigma = sigmaOf(rec.config, l, L);
  const lines = [
    ...split(
      narrow,
      `${sup('z', l)}${shape(n[l], 1)} &= ${sup('W', l)}${shape(n[l], n[l - 1])}\\,${sup('a', l - 1)}${shape(n[l - 1], 1)}`,
      `+ ${sup('b', l)}${shape(n[l], 1)}`,
    ),
    ...split(narrow, `&= ${matrix(rec.W[l], n[l], n[l - 1], limit)}${vec(aPrev, limit)}`, `+ ${vec(rec.b[l], limit)}`),
    `&= ${vec(z, limit)}`,
  ];
  const mask = rec.mask[l];
  if (mask && dropout > 0) {
    lines.push(
      `${sup('a', l)} &= \\frac{${sup('d', l)} \\odot ${sigma}(${sup('z', l)})}{1-p}\\quad(p = ${num(dropout)})`,
      `${sup('d', l)} &= ${vec(column(mask, n[l], m, j), limit)}`,
      `${sup('a', l)} &= ${vec(a, limit)}`,
    );
  } else {
    const head = `${sup('a', l)} &= ${sigma}\\big(${sup('z', l)}\\big)`;
    if (narrow) lines.push(head, `&= ${vec(a, limit)}`);
    else lines.push(`${head} = ${vec(a, limit)}`);
  }
  return aligned(lines, batchNote(rec, j, `Z^{[${l}]} = W^{[${l}]} A^{[${l - 1}]} + b^{[${l}]}`, n[l], narrow));
}

// The loss of the step: the current example's ŷ, y and its own ℓ (the engine's number, highlighted),
// then the mean over the step's m examples and the objective J, every line aligned at its "=".
function lossPhaseTeX(rec, j, limit, rows = []) {
  const nL = rec.sizes[rec.L];
  const i = j + 1;
  const yHat = column(rec.A[rec.L], nL, rec.m, j);
  const y = rec.Y.subarray(j * nL, (j + 1) * nL);
  const ell = typeof rec.exampleLoss === 'function' ? rec.exampleLoss(j) : null;
  const lines = [
    `\\hat y^{(${i})} &= ${sup('a', rec.L)}_{(${i})} = ${vec(yHat, limit)}`,
    `y^{(${i})} &= ${vec(y, limit)}`,
    ...rows,
    lossTeX(rec.config.loss, `\\ell^{(${i})}`),
    `&= ${mark(num(ell))}\\quad\\text{(example ${i})}`,
    `\\mathcal{L} &= \\frac{1}{m}\\sum_{i=1}^{m} \\ell\\big(\\hat y^{(i)}, y^{(i)}\\big)`,
    `&= ${num(rec.dataLoss)}\\quad (m = ${rec.m})`,
  ];
  const penalty = penaltyTeX(rec.regularization);
  if (penalty) lines.push(`J &= \\mathcal{L} ${penalty.loss}`);
  else lines.push(`J &= \\mathcal{L} = ${num(rec.dataLoss)}`);
  lines.push('&\\text{(the objective the gradients are of)}');
  return `\\begin{aligned}${lines.join(' \\\\ ')}\\end{aligned}`;
}

function backwardTeX(rec, l, j, limit, narrow, rows = []) {
  const n = rec.sizes;
  const m = rec.m;
  const L = rec.L;
  const dZ = column(rec.dZ[l], n[l], m, j);
  const lines = [];
  const fromLogits = l === L && (rec.config.loss === 'bce' || rec.config.loss === 'cross_entropy');
  if (fromLogits) {
    lines.push(`d${sup('Z', L)} &= \\tfrac{1}{m}\\big(\\hat Y - Y\\big)${shape(n[L], 'm')}`);
    lines.push(...whyOneOverM(m));
    lines.push(`d${sup('z', L)}_{(${j + 1})} &= ${vec(dZ, limit)}`, ...rows);
  } else {
    const dA = column(rec.dA[l], n[l], m, j);
    // σ'(Z^[l]) as the step record keeps it; with the broken derivative (lesson q3) a hidden layer's backward
    // multiplies by 1 instead, and the equation says so.
    const broken = rec.broken && l < L;
    const derivative = broken ? new Float64Array(n[l]).fill(1) : column(rec.sigmaPrime[l], n[l], m, j);
    const trueSigma = `${sigmaOf(rec.config, l, L)}'\\big(${sup('Z', l)}\\big)`;
    const sigma = broken ? `\\underbrace{\\mathbf{1}}_{\\text{broken: not } ${trueSigma}}` : trueSigma;
    const mask = l < L && rec.regularization.dropout > 0 ? rec.mask[l] : null;
    if (l === L) lines.push(`d${sup('A', L)} &= \\tfrac{1}{m}(\\hat Y - Y)`, ...whyOneOverM(m));
    if (mask) {
      // Dropout: back through the mask and the 1/(1−p) scaling first, then through σ.
      const p = rec.regularization.dropout;
      lines.push(
        `d${sup('Z', l)} &= \\Big(d${sup('A', l)} \\odot \\frac{${sup('D', l)}}{1-p}\\Big) \\odot ${sigma}` +
          `\\quad (p = ${num(p)})`,
      );
      lines.push(
        `d${sup('z', l)}_{(${j + 1})} &= \\Big(${vec(dA, limit)} \\odot \\frac{${vec(column(mask, n[l], m, j), limit)}}{${num(1 - p)}}\\Big)` +
          ` \\odot ${vec(derivative, limit)}`,
      );
    } else {
      lines.push(`d${sup('Z', l)} &= d${sup('A', l)} \\odot ${sigma}`);
      lines.push(
        ...split(narrow, `d${sup('z', l)}_{(${j + 1})} &= ${vec(dA, limit)}`, `\\odot ${vec(derivative, limit)}`),
      );
    }
    lines.push(`&= ${vec(dZ, limit)}`);
    if (l === L) lines.push(...rows);
  }
  const penalty = penaltyTeX(rec.regularization, sup('W', l));
  lines.push(
    `d${sup('W', l)}${shape(n[l], n[l - 1])} &= d${sup('Z', l)}${shape(n[l], 'm')}\\,` +
      `${sup('A', l - 1)}{}^{\\top}${shape('m', n[l - 1])}${penalty ? penalty.gradient : ''}`,
  );
  if (penalty) lines.push(`&${penalty.values}`);
  lines.push(`&= ${matrix(rec.dW[l], n[l], n[l - 1], limit)}`);
  lines.push(
    `d${sup('b', l)}${shape(n[l], 1)} &= \\textstyle\\sum_{i=1}^{m} d${sup('Z', l)}_{:,i} = ${vec(rec.db[l], limit)}`,
  );
  if (l > 1) {
    const dAprev = column(rec.dA[l - 1], n[l - 1], m, j);
    lines.push(`d${sup('A', l - 1)}${shape(n[l - 1], 'm')} &= ${sup('W', l)}{}^{\\top} d${sup('Z', l)}`);
    lines.push(`d${sup('a', l - 1)}_{(${j + 1})} &= ${vec(dAprev, limit)}`);
  }
  return aligned(lines, '');
}

// Why the output layer's gradient has 1/m (a student asks): the loss of a step is the mean of its m examples'
// losses. Short lines, so that a phone's panel need not scroll sideways for them.
function whyOneOverM(m) {
  const losses = m === 1 ? "example's loss" : "examples' losses";
  return remark([
    '(}1/m\\text{: the loss is the mean of the ',
    `}m = ${m}\\text{ ${losses}, so every layer's `,
    'dW and db are means over the batch)',
  ]);
}

// Which class each output row is (iris: its species), when the output has one row per named class.
function outputRows(classes, nL) {
  if (!classes || nL < 2 || classes.length !== nL) return [];
  return remark([`(rows: ${classes.map(textTeX).join(', ')})`]);
}

// A name from a data file as text inside \text{…}: TeX's special characters written as themselves.
function textTeX(name) {
  return String(name).replace(/[\\{}$&#^_%~]/g, (c) => `{\\char${c.charCodeAt(0)}}`);
}

// Plain words beside a formula, a line each, in a smaller type (each line may switch to math and back with
// "}…\text{", as the \text{…} around each line is opened and closed here).
function remark(texts) {
  return texts.map((t) => `&\\small\\text{${t}}`);
}

// The L1/L2 terms (null when both are off): added to the loss, and their gradient added to dW (not db).
function penaltyTeX({ l1, l2 }, W = 'W') {
  if (!(l1 > 0) && !(l2 > 0)) return null;
  const loss = [];
  const gradient = [];
  const values = [];
  if (l1 > 0) {
    loss.push('+ \\lambda_1 \\sum |W|');
    gradient.push(`+ \\lambda_1 \\operatorname{sign}(${W})`);
    values.push(`\\lambda_1 = ${num(l1)}`);
  }
  if (l2 > 0) {
    loss.push('+ \\tfrac{\\lambda_2}{2} \\sum W^2');
    gradient.push(`+ \\lambda_2 ${W}`);
    values.push(`\\lambda_2 = ${num(l2)}`);
  }
  return {
    loss: loss.join(' '),
    gradient: ` ${gradient.join(' ')}`,
    values: `${values.join(',\\ ')}\\ \\text{(at the weights before the update)}`,
  };
}

// The optimizer's rule (architecture.md's, as the course writes it) and the values of its constants,
// one assignment a line so that a narrow panel need not scroll.
function updateRuleTeX(opt, t) {
  const eta = `\\eta = ${num(opt.lr)}`;
  switch (opt.type) {
    case 'momentum':
      return [`v &\\leftarrow \\mu v + dW`, `W &\\leftarrow W - \\eta\\, v`, `&${eta},\\ \\mu = ${num(opt.momentum)}`];
    case 'rmsprop':
      return [
        `s &\\leftarrow \\gamma s + (1-\\gamma)\\, dW^2`,
        `W &\\leftarrow W - \\frac{\\eta\\, dW}{\\sqrt{s + \\varepsilon}}`,
        `&${eta},\\ \\gamma = ${num(opt.gamma)},\\ \\varepsilon = ${num(opt.eps)}`,
      ];
    case 'adam':
      return [
        `m &\\leftarrow \\beta_1 m + (1-\\beta_1)\\, dW`,
        `v &\\leftarrow \\beta_2 v + (1-\\beta_2)\\, dW^2`,
        `\\hat m &= \\frac{m}{1-\\beta_1^t},\\quad \\hat v = \\frac{v}{1-\\beta_2^t}`,
        `W &\\leftarrow W - \\frac{\\eta\\, \\hat m}{\\sqrt{\\hat v + \\varepsilon}}`,
        `&${eta},\\ t = ${t}`,
        `&\\beta_1 = ${num(opt.beta1)},\\ \\beta_2 = ${num(opt.beta2)},\\ \\varepsilon = ${num(opt.eps)}`,
      ];
    default:
      return [`W &\\leftarrow W - \\eta\\, dW`, `b &\\leftarrow b - \\eta\\, db`, `&${eta}`];
  }
}

function updateTeX(rec, limit) {
  const n = rec.sizes;
  const L = rec.L;
  const lines = updateRuleTeX(rec.optimizer, rec.t);
  lines.push(`&\\text{the same for every } W^{[l]}, b^{[l]},\\ l = 1..${L}`);
  // The rule and constants are the step's own (its record): a setting changed mid-step applies from the next.
  lines.push(`&\\text{(this step's own settings:}`, `&\\text{a change applies from the next step)}`);
  lines.push(`&\\text{layer ${L}, before} \\to \\text{after:}`);
  lines.push(`${sup('W', L)} &= ${matrix(rec.W[L], n[L], n[L - 1], limit)}`);
  lines.push(`&\\to ${matrix(rec.Wafter[L], n[L], n[L - 1], limit)}`);
  lines.push(`${sup('b', L)} &= ${vec(rec.b[L], limit)} \\to ${vec(rec.bAfter[L], limit)}`);
  return `\\begin{aligned}${lines.join(' \\\\ ')}\\end{aligned}`;
}

// A line and its last term: together, or (narrow) the term on a line of its own, indented past the "=".
function split(narrow, line, term) {
  return narrow ? [line, `&\\phantom{=}\\ ${term}`] : [`${line} ${term}`];
}

// Which example the numbers are of, and the whole batch's formula, on two short lines.
function batchNote(rec, j, batchFormula, rows, narrow = false) {
  if (rec.m === 1) return '';
  return (
    `\\text{example ${j + 1} of } m = ${rec.m}\\text{;${narrow ? '}\\\\\\text{' : ' '}the batch at once:}\\\\` +
    `\\small ${batchFormula},\\ ${rows}\\times ${rec.m}`
  );
}

function aligned(lines, note) {
  const body = `\\begin{aligned}${lines.join(' \\\\ ')}\\end{aligned}`;
  return note ? `${body}\\\\[4pt]\\small ${note}` : body;
}

// The KaTeX source for `phase` of step record `rec`, showing example j of its batch, with matrices elided
// beyond `limit` rows or columns. The record holds copies of the step's caches, σ'(Z^[l]) included, and
// the engine's per-example loss (rec.exampleLoss): nothing here evaluates the engine.
// `narrow`: a product's last term on a line of its own, for a panel too narrow even for elided matrices.
// `classes`: the data set's class names, which name the output rows where there is one per class.
export function phaseTeX({ phase, rec, j = 0, sizes, config, classes = null, limit = MAX_ENTRIES, narrow = false }) {
  if (phase.kind === 'idle' || !rec) return architectureTeX(sizes, config);
  const col = Math.min(j, rec.m - 1);
  const rows = outputRows(classes, rec.sizes[rec.L]);
  if (phase.kind === 'forward') return forwardTeX(rec, phase.layer, col, limit, narrow);
  if (phase.kind === 'loss') return lossPhaseTeX(rec, col, limit, rows);
  if (phase.kind === 'backward') return backwardTeX(rec, phase.layer, col, limit, narrow, rows);
  return updateTeX(rec, limit);
}

export function phaseTitle(phase) {
  switch (phase.kind) {
    case 'forward':
      return `Forward, layer ${phase.layer}: z[${phase.layer}] then a[${phase.layer}]`;
    case 'loss':
      return 'The loss';
    case 'backward':
      return (
        `Backward, layer ${phase.layer}: dZ[${phase.layer}], dW[${phase.layer}], db[${phase.layer}]` +
        (phase.layer > 1 ? `, dA[${phase.layer - 1}]` : '')
      );
    case 'update':
      return 'The update';
    default:
      return 'The network, with the current shapes';
  }
}
