// The equation generator (web/src/equations.js) under node, on a fixed step record: a 2-2-1 network (tanh
// hidden, sigmoid output, BCE) and a batch of m = 2, every number chosen by hand so that each line's TeX is
// known exactly. The generator only lays out what the record holds; nothing here runs the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { architectureTeX, column, matrix, phaseTeX, phaseTitle, shapesTeX } from '../../web/src/equations.js';

const f64 = (xs) => Float64Array.from(xs);
// Row-major n × m batch matrices: row i is neuron i, column j example j.
const record = {
  id: 1,
  kind: 'batch',
  m: 2,
  rows: [0, 1],
  sizes: [2, 2, 1],
  L: 2,
  loss: 0.2899,
  dataLoss: 0.2899,
  t: 1,
  config: { hidden: ['tanh'], output: 'sigmoid', loss: 'bce' },
  regularization: { l1: 0, l2: 0, dropout: 0 },
  optimizer: { type: 'sgd', lr: 0.1 },
  Y: f64([1, 0]),
  W: [null, f64([0.5, -1, 2, 0.25]), f64([1.5, -0.5])],
  b: [null, f64([0.1, -0.2]), f64([0.05])],
  // x(1) = (1, 2), x(2) = (3, −1); z[1] = W[1] x + b[1]; a[1] = tanh z[1].
  A: [f64([1, 3, 2, -1]), f64([-1.4, 2.6, 2.3, 5.55].map(Math.tanh)), f64([0.8, 0.3])],
  Z: [null, f64([-1.4, 2.6, 2.3, 5.55]), f64([1.386, -0.847])],
  sigmaPrime: [null, f64([0.25, 0.5, 0.75, 0.125]), f64([0.16, 0.21])],
  dA: [null, f64([0.2, -0.4, 0.1, 0.3]), f64([-0.1, 0.15])],
  dZ: [null, f64([0.05, -0.2, 0.075, 0.0375]), f64([-0.1, 0.15])],
  dW: [null, f64([-0.55, 0.3, 0.19, 0.11]), f64([0.2, -0.1])],
  db: [null, f64([-0.15, 0.11]), f64([0.05])],
  mask: [null, null, null],
  Wafter: [null, f64([0.555, -1.03, 1.981, 0.239]), f64([1.48, -0.49])],
  bAfter: [null, f64([0.115, -0.211]), f64([0.045])],
  // The engine's per-example loss (session.exampleLoss): −log 0.8 and −log(1 − 0.3), by hand.
  exampleLoss: (j) => [0.2231, 0.3567][j],
};
const tex = (phase, j = 0, rec = record) => phaseTeX({ phase, rec, j, sizes: rec.sizes, config: rec.config });
const vec = (...xs) => `\\begin{bmatrix}${xs.join(' \\\\ ')}\\end{bmatrix}`;

test('forward, layer 1, example 2: the formula with its shapes, the numbers, and the batch form', () => {
  assert.equal(
    tex({ kind: 'forward', layer: 1 }, 1),
    '\\begin{aligned}' +
      'z^{[1]}_{2\\times 1} &= W^{[1]}_{2\\times 2}\\,a^{[0]}_{2\\times 1} + b^{[1]}_{2\\times 1} \\\\ ' +
      `&= \\begin{bmatrix}0.5 & -1 \\\\ 2 & 0.25\\end{bmatrix}${vec(3, -1)} + ${vec(0.1, -0.2)} \\\\ ` +
      `&= ${vec(2.6, 5.55)} \\\\ ` +
      `a^{[1]} &= \\tanh\\big(z^{[1]}\\big) = ${vec(0.989, 1)}` +
      '\\end{aligned}\\\\[4pt]\\small \\text{example 2 of } m = 2\\text{; the batch at once:}\\\\' +
      '\\small Z^{[1]} = W^{[1]} A^{[0]} + b^{[1]},\\ 2\\times 2',
  );
});

test('the loss phase: ŷ, y and the highlighted ℓ of the example, the mean and J, all aligned at "="', () => {
  const expected = (i, yHat, y, ell) =>
    '\\begin{aligned}' +
    `\\hat y^{(${i})} &= a^{[2]}_{(${i})} = ${vec(yHat)} \\\\ ` +
    `y^{(${i})} &= ${vec(y)} \\\\ ` +
    `\\ell^{(${i})} &= -\\big[y\\log\\hat y + (1-y)\\log(1-\\hat y)\\big] \\\\ ` +
    `&= \\htmlClass{eq-current}{${ell}}\\quad\\text{(example ${i})} \\\\ ` +
    '\\mathcal{L} &= \\frac{1}{m}\\sum_{i=1}^{m} \\ell\\big(\\hat y^{(i)}, y^{(i)}\\big) \\\\ &= 0.29\\quad (m = 2) \\\\ ' +
    'J &= \\mathcal{L} = 0.29 \\\\ &\\text{(the objective the gradients are of)}' +
    '\\end{aligned}';
  assert.equal(tex({ kind: 'loss', layer: 2 }), expected(1, 0.8, 1, 0.223));
  assert.equal(tex({ kind: 'loss', layer: 2 }, 1), expected(2, 0.3, 0, 0.357));
  // Every line has exactly one alignment point, and it is just before an "=".
  for (const line of tex({ kind: 'loss', layer: 2 })
    .replace(/^\\\\begin\{aligned\}|\\\\end\{aligned\}$/g, '')
    .split(' \\\\ ')) {
    assert.equal(line.split('&').length, 2, line);
    assert.ok(line.includes('&= ') || line.startsWith('&\\text{'), line); // a remark starts at the = column
  }
  // Without the engine's number the highlight reads "—", never a made-up value.
  assert.ok(tex({ kind: 'loss', layer: 2 }, 0, { ...record, exampleLoss: () => null }).includes('{\\text{—}}'));
});

test("backward through a hidden layer uses the record's σ'(Z), never an activation call", () => {
  assert.equal(
    tex({ kind: 'backward', layer: 1 }),
    '\\begin{aligned}' +
      "dZ^{[1]} &= dA^{[1]} \\odot \\tanh'\\big(Z^{[1]}\\big) \\\\ " +
      `dz^{[1]}_{(1)} &= ${vec(0.2, 0.1)} \\odot ${vec(0.25, 0.75)} \\\\ &= ${vec(0.05, 0.075)} \\\\ ` +
      'dW^{[1]}_{2\\times 2} &= dZ^{[1]}_{2\\times m}\\,A^{[0]}{}^{\\top}_{m\\times 2} \\\\ ' +
      '&= \\begin{bmatrix}-0.55 & 0.3 \\\\ 0.19 & 0.11\\end{bmatrix} \\\\ ' +
      `db^{[1]}_{2\\times 1} &= \\textstyle\\sum_{i=1}^{m} dZ^{[1]}_{:,i} = ${vec(-0.15, 0.11)}` +
      '\\end{aligned}',
  );
  // Example 2 reads column 2 of the same matrices.
  assert.ok(
    tex({ kind: 'backward', layer: 1 }, 1).includes(
      `= ${vec(-0.4, 0.3)} \\odot ${vec(0.5, 0.125)} \\\\ &= ${vec(-0.2, 0.0375)}`,
    ),
  );
  // Without σ'(Z) in the record there is nothing to show: the generator does not make it up.
  assert.throws(() => tex({ kind: 'backward', layer: 1 }, 0, { ...record, sigmaPrime: undefined }), TypeError);
});

test('backward through a sigmoid + BCE output starts from (Ŷ − Y)/m and passes dA[1] = W[2]ᵀ dZ[2] on', () => {
  assert.equal(
    tex({ kind: 'backward', layer: 2 }),
    '\\begin{aligned}' +
      `dZ^{[2]} &= \\tfrac{1}{m}\\big(\\hat Y - Y\\big)_{1\\times m} \\\\ ` +
      // Why 1/m: the loss is the mean over the record's m = 2 examples.
      '&\\small\\text{(}1/m\\text{: the loss is the mean of the } \\\\ ' +
      "&\\small\\text{}m = 2\\text{ examples' losses, so every layer's } \\\\ " +
      '&\\small\\text{dW and db are means over the batch)} \\\\ ' +
      `dz^{[2]}_{(1)} &= ${vec(-0.1)} \\\\ ` +
      'dW^{[2]}_{1\\times 2} &= dZ^{[2]}_{1\\times m}\\,A^{[1]}{}^{\\top}_{m\\times 2} \\\\ &= \\begin{bmatrix}0.2 & -0.1\\end{bmatrix} \\\\ ' +
      `db^{[2]}_{1\\times 1} &= \\textstyle\\sum_{i=1}^{m} dZ^{[2]}_{:,i} = ${vec(0.05)} \\\\ ` +
      `dA^{[1]}_{2\\times m} &= W^{[2]}{}^{\\top} dZ^{[2]} \\\\ da^{[1]}_{(1)} &= ${vec(0.2, 0.1)}` +
      '\\end{aligned}',
  );
});

test('with dropout the backward line goes through the mask and 1/(1 − p); with L2 the penalty is added to dW', () => {
  const rec = { ...record, regularization: { l1: 0, l2: 0.01, dropout: 0.5 }, mask: [null, f64([1, 0, 0, 1]), null] };
  const t = tex({ kind: 'backward', layer: 1 }, 0, rec);
  assert.ok(
    t.includes(
      "dZ^{[1]} &= \\Big(dA^{[1]} \\odot \\frac{D^{[1]}}{1-p}\\Big) \\odot \\tanh'\\big(Z^{[1]}\\big)\\quad (p = 0.5)",
    ),
    t,
  );
  assert.ok(
    t.includes(
      `dz^{[1]}_{(1)} &= \\Big(${vec(0.2, 0.1)} \\odot \\frac{${vec(1, 0)}}{0.5}\\Big) \\odot ${vec(0.25, 0.75)} \\\\ &= ${vec(0.05, 0.075)}`,
    ),
    t,
  );
  assert.ok(
    t.includes(
      'A^{[0]}{}^{\\top}_{m\\times 2} + \\lambda_2 W^{[1]} \\\\ ' +
        '&\\lambda_2 = 0.01\\ \\text{(at the weights before the update)} \\\\ &= \\begin{bmatrix}',
    ),
    t,
  );
});

test("the update phase: the optimizer's rule, its constants, and the last layer before → after", () => {
  assert.equal(
    tex({ kind: 'update', layer: null }),
    '\\begin{aligned}' +
      'W &\\leftarrow W - \\eta\\, dW \\\\ b &\\leftarrow b - \\eta\\, db \\\\ &\\eta = 0.1 \\\\ ' +
      '&\\text{the same for every } W^{[l]}, b^{[l]},\\ l = 1..2 \\\\ ' +
      "&\\text{(this step's own settings:} \\\\ &\\text{a change applies from the next step)} \\\\ " +
      '&\\text{layer 2, before} \\to \\text{after:} \\\\ ' +
      'W^{[2]} &= \\begin{bmatrix}1.5 & -0.5\\end{bmatrix} \\\\ &\\to \\begin{bmatrix}1.48 & -0.49\\end{bmatrix} \\\\ ' +
      `b^{[2]} &= ${vec(0.05)} \\to ${vec(0.045)}` +
      '\\end{aligned}',
  );
  assert.equal(phaseTitle({ kind: 'backward', layer: 2 }), 'Backward, layer 2: dZ[2], dW[2], db[2], dA[1]');
  assert.equal(phaseTitle({ kind: 'backward', layer: 1 }), 'Backward, layer 1: dZ[1], dW[1], db[1]');
});

test('idle, or no record: the architecture with every shape', () => {
  const expected = architectureTeX(record.sizes, record.config);
  assert.equal(tex({ kind: 'idle', layer: null }), expected);
  assert.equal(
    phaseTeX({ phase: { kind: 'forward', layer: 1 }, rec: null, sizes: [2, 2, 1], config: record.config }),
    expected,
  );
  assert.ok(
    expected.startsWith(
      '\\begin{aligned}a^{[1]}_{2\\times 1} &= \\tanh\\big(W^{[1]}_{2\\times 2}\\,a^{[0]}_{2\\times 1} + b^{[1]}_{2\\times 1}\\big)',
    ),
  );
});

test('large matrices are elided: the first rows and columns, a gap, the last one', () => {
  const values = Float64Array.from({ length: 8 * 7 }, (_, k) => k);
  const m = matrix(values, 8, 7);
  assert.equal(m.split(' \\\\ ').length, 6);
  assert.ok(m.startsWith('\\begin{bmatrix}0 & 1 & 2 & 3 & \\cdots & 6 \\\\ 7 & '), m);
  assert.ok(m.includes('\\vdots & \\vdots & \\vdots & \\vdots & \\ddots & \\vdots'), m);
  assert.ok(m.endsWith('49 & 50 & 51 & 52 & \\cdots & 55\\end{bmatrix}'), m);
  assert.deepEqual(Array.from(column(f64([1, 2, 3, 4, 5, 6]), 2, 3, 1)), [2, 5]);
});

test('shapesTeX: every shape of the 4-6-4-3 network, one example and a batch of m, and its 73 parameters', () => {
  const t = shapesTeX([4, 6, 4, 3], { hidden: ['relu', 'relu'], output: 'softmax', loss: 'cross_entropy' }, 10);
  const lines = t.replace(/^\\begin\{aligned\}|\\end\{aligned\}$/g, '').split(' \\\\ ');
  assert.equal(lines.length, 1 + 3 * 4 + 1);
  assert.equal(
    lines[0],
    '&m = 10\\ \\text{examples per step:}\\quad a^{[0]} = x_{4\\times 1},\\quad A^{[0]} = X_{4\\times m}',
  );
  assert.equal(
    lines[5],
    'z^{[2]}_{4\\times 1} &= W^{[2]}_{4\\times 6}\\,a^{[1]}_{6\\times 1} + b^{[2]}_{4\\times 1},\\quad ' +
      'a^{[2]}_{4\\times 1} = \\operatorname{ReLU}\\big(z^{[2]}\\big)',
  );
  assert.equal(
    lines[6],
    'Z^{[2]}_{4\\times m} &= W^{[2]}_{4\\times 6}\\,A^{[1]}_{6\\times m} + b^{[2]}_{4\\times 1}\\,\\mathbf{1}^{\\top}_{1\\times m},' +
      '\\quad A^{[2]}_{4\\times m} = \\operatorname{ReLU}\\big(Z^{[2]}\\big)',
  );
  assert.equal(
    lines[7],
    'dW^{[2]}_{4\\times 6} &= dZ^{[2]}_{4\\times m}\\,A^{[1]}{}^{\\top}_{m\\times 6},\\quad db^{[2]}_{4\\times 1} = ' +
      '\\textstyle\\sum_{i=1}^{m} dZ^{[2]}_{:,i},\\quad dA^{[1]}_{6\\times m} = W^{[2]}{}^{\\top}_{6\\times 4}\\,dZ^{[2]}_{4\\times m}',
  );
  // Layer 1 has no dA[0] (nothing to pass back to the inputs).
  assert.ok(!lines[3].includes('dA^{[0]}'), lines[3]);
  assert.deepEqual(
    lines.filter((l) => l.startsWith('&\\text{layer')),
    [
      '&\\text{layer 1: } 6\\cdot 4 + 6 = 30\\ \\text{parameters}',
      '&\\text{layer 2: } 4\\cdot 6 + 4 = 28\\ \\text{parameters}',
      '&\\text{layer 3: } 3\\cdot 4 + 3 = 15\\ \\text{parameters}',
    ],
  );
  assert.equal(
    lines.at(-1),
    '&\\text{in all: } \\textstyle\\sum_{l=1}^{3} n_l\\,(n_{l-1} + 1) = 73\\ \\text{parameters}',
  );
  assert.ok(lines[9].includes('\\operatorname{softmax}\\big(z^{[3]}\\big)'), lines[9]);
  // Any architecture: one hidden neuron, one input.
  assert.ok(
    shapesTeX([1, 1, 1], { hidden: ['tanh'], output: 'linear', loss: 'mse' }, 1).endsWith(
      '\\sum_{l=1}^{2} n_l\\,(n_{l-1} + 1) = 4\\ \\text{parameters}\\end{aligned}',
    ),
  );
});

test('narrow: the last term of a product goes on its own line, indented past the "="', () => {
  const t = phaseTeX({
    phase: { kind: 'forward', layer: 1 },
    rec: record,
    sizes: record.sizes,
    config: record.config,
    narrow: true,
  });
  assert.ok(
    t.includes(
      `&= \\begin{bmatrix}0.5 & -1 \\\\ 2 & 0.25\\end{bmatrix}${vec(1, 2)} \\\\ &\\phantom{=}\\ + ${vec(0.1, -0.2)} \\\\ `,
    ),
    t,
  );
  const b = phaseTeX({
    phase: { kind: 'backward', layer: 1 },
    rec: record,
    sizes: record.sizes,
    config: record.config,
    narrow: true,
  });
  assert.ok(
    b.includes(`dz^{[1]}_{(1)} &= ${vec(0.2, 0.1)} \\\\ &\\phantom{=}\\ \\odot ${vec(0.25, 0.75)} \\\\ &= `),
    b,
  );
});
