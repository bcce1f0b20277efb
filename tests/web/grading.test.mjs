// The grading helper (web/src/grading.js) under node: what counts as right at 3 significant figures (and
// other tolerances), how typed answers are read, and which part of a wrong answer it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeTolerance, grade, parseAnswer, tolerance } from '../../web/src/grading.js';

test('3 significant figures: within half a unit of the third figure, relative', () => {
  assert.equal(tolerance(), 0.005);
  assert.equal(tolerance(2), 0.05);
  assert.equal(describeTolerance(tolerance()), '0.5 %');
  assert.equal(describeTolerance(0), 'exactly');
  const truth = 0.24919; // σ'(z) of a sigmoid at z ≈ 0.057
  assert.equal(grade('0.249', truth).verdict, 'right');
  assert.equal(grade('0.25', truth).verdict, 'right'); // 0.32 % off
  assert.equal(grade('0.2504', truth).verdict, 'right');
  assert.equal(grade('0.2506', truth).verdict, 'wrong'); // 0.56 % off
  assert.equal(grade('0.248', truth).verdict, 'right');
  assert.equal(grade('0.2475', truth).verdict, 'wrong');
  assert.equal(grade(-1234.5, -1234).verdict, 'right');
  assert.equal(grade('0.25', truth, { sigFigs: 4 }).verdict, 'wrong');
  const r = grade('0.25', truth);
  assert.equal(r.answer, 0.25);
  assert.equal(r.truth, truth);
  assert.equal(r.rtol, 0.005);
  assert.ok(Math.abs(r.relativeError - (0.25 - truth) / truth) < 1e-15);
  assert.equal(r.off, null);
  assert.equal(r.hint, '');
});

test('exact grading for counts (rtol 0) and an absolute tolerance at a zero truth', () => {
  assert.equal(grade('73', 73, { rtol: 0 }).verdict, 'right');
  assert.equal(grade('73.0001', 73, { rtol: 0 }).verdict, 'wrong');
  assert.equal(grade('72', 73, { rtol: 0 }).hint, "Not the engine's value.");
  assert.equal(grade('0', 0).verdict, 'right');
  assert.equal(grade('0.004', 0).verdict, 'right');
  assert.equal(grade('0.006', 0).verdict, 'wrong');
  assert.equal(grade('1e-9', 0, { atol: 1e-12 }).verdict, 'wrong');
  assert.equal(grade('0.1', 0.2).hint, "Not within 0.5 % of the engine's value.");
});

test('typed answers: signs, decimal commas, powers of ten; anything else is unreadable', () => {
  for (const [text, value] of [
    ['0.25', 0.25],
    [' -3 ', -3],
    ['−0.5', -0.5],
    ['+2', 2],
    ['0,25', 0.25],
    ['.5', 0.5],
    ['1.5e-3', 1.5e-3],
    ['1.5E3', 1500],
    ['1.5×10^-3', 1.5e-3],
    ['2x10^4', 2e4],
    ['3*10^(−2)', 0.03],
    ['7.', 7],
    ['1.5 × 10^-3', 1.5e-3],
  ]) {
    assert.equal(parseAnswer(text), value, text);
  }
  for (const text of [
    '',
    ' ',
    'abc',
    '1/2',
    '0x10',
    '1,000,000',
    'Infinity',
    'NaN',
    '1e',
    '--1',
    '1 2',
    null,
    undefined,
    {},
  ]) {
    assert.ok(Number.isNaN(parseAnswer(text)), String(text));
    const r = grade(text, 1);
    assert.equal(r.verdict, 'unreadable');
    assert.equal(r.hint, 'Type a number, such as 0.25, -3 or 1.5e-3.');
  }
  assert.throws(() => grade('1', NaN), /truth must be a finite number, got NaN/);
});

test('a wrong answer names the part that is off: a known slip, a term, a factor, the sign', () => {
  // dz = da · σ'(z): 0.8 · 0.249 = 0.1992.
  const factors = [{ name: "σ'(z)", value: 0.249 }];
  const left = grade('0.8', 0.1992, { factors });
  assert.equal(left.verdict, 'wrong');
  assert.equal(left.off, "σ'(z)");
  assert.equal(left.hint, "You left out the factor σ'(z) = 0.249.");
  assert.equal(grade('0.0496', 0.1992, { factors }).hint, "There is one factor σ'(z) = 0.249 too many.");
  // A factor written as the screen shows it: the hint carries `shown`, the check the full value.
  const exact = [{ name: "σ'(z)", value: 0.9634176806294938, shown: '0.963' }];
  assert.equal(
    grade('0.5', 0.5 * 0.9634176806294938, { factors: exact }).hint,
    "You left out the factor σ'(z) = 0.963.",
  );
  // Parameters: 82 = 35 + 32 + 15; a missing bias, a missing row.
  const terms = [
    { name: 'the bias of the new neuron', value: 1 },
    { name: 'its row of W[1]', value: 4 },
  ];
  assert.equal(grade('81', 82, { rtol: 0, terms }).hint, 'You left out the bias of the new neuron = 1.');
  assert.equal(grade('78', 82, { rtol: 0, terms }).off, 'its row of W[1]');
  assert.equal(grade('86', 82, { rtol: 0, terms }).hint, 'You counted its row of W[1] = 4 twice.');
  // A known slip is named before a term that would also fit.
  const mistakes = [{ value: 78, says: 'Those are the weights only.', name: 'biases' }];
  assert.deepEqual(
    [grade('78', 82, { rtol: 0, terms, mistakes }).hint, grade('78', 82, { rtol: 0, terms, mistakes }).off],
    ['Those are the weights only.', 'biases'],
  );
  assert.equal(grade('-0.1992', 0.1992, { factors }).hint, 'The size is right; the sign is not.');
  assert.equal(grade('-0.1992', 0.1992, { factors }).off, 'sign');
  // A factor of 0 or 1 tells nothing and is skipped.
  assert.equal(
    grade('5', 0.1992, {
      factors: [
        { name: 'one', value: 1 },
        { name: 'zero', value: 0 },
      ],
    }).off,
    null,
  );
});
