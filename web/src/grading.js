// Grading a student's number against the engine's (lessons.md, "graded exercises"): a relative tolerance
// (3 significant figures by default), a verdict, and, when the answer is wrong, which part is off where
// that can be told: a known mistake, a term left out or counted twice, a factor left out or added, the sign.

// The relative tolerance of `sigFigs` significant figures: half a unit in the last kept figure.
export function tolerance(sigFigs = 3) {
  return 0.5 * 10 ** (1 - sigFigs);
}

// A typed answer as a number: plain JS notation, a leading Unicode minus, spaces around, a decimal comma
// ("0,25"), or "1.5×10^-3" (spaces around × and ^ allowed). Anything else is NaN ("1 2" too).
export function parseAnswer(text) {
  if (typeof text === 'number') return text;
  if (typeof text !== 'string') return NaN;
  let s = text
    .trim()
    .replace(/^[−–]/, '-')
    .replace(/\s*([×x*^])\s*/g, '$1');
  const power = s.match(/^([-+]?[\d.,]+)[×x*]10\^?\(?([-+−]?\d+)\)?$/);
  if (power) s = `${power[1]}e${power[2].replace('−', '-')}`;
  if (/^[-+]?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return NaN;
  return Number(s);
}

// Grades `answer` (a number or the typed text) against `truth`, the engine's number.
// options: sigFigs (3), rtol (overrides sigFigs; 0 = exact, for counts), atol (absolute, used beside rtol;
// when truth is 0 and no atol is given, rtol serves as an absolute tolerance), and the known slips:
//   mistakes: [{value, says}]    a wrong answer a known slip gives, with what to say
//   terms:    [{name, value}]    parts of a sum: answer = truth − value says "you left out name"
//   factors:  [{name, value}]    parts of a product: answer = truth / value says "you left out name"
//   (a term or factor may carry `shown`, the value as the hint writes it, e.g. rounded as on screen)
// Returns {verdict: 'right' | 'wrong' | 'unreadable', answer, truth, rtol, relativeError, off, hint}:
// `off` names the part found off (null when none could be told), `hint` says it in words.
export function grade(answer, truth, options = {}) {
  const { sigFigs = 3, mistakes = [], terms = [], factors = [] } = options;
  const rtol = options.rtol ?? tolerance(sigFigs);
  const atol = options.atol ?? (truth === 0 ? rtol : 0);
  const x = parseAnswer(answer);
  const base = { answer: x, truth, rtol, relativeError: null, off: null };
  if (!Number.isFinite(truth)) throw new Error(`grade: truth must be a finite number, got ${truth}`);
  if (!Number.isFinite(x)) {
    return { ...base, verdict: 'unreadable', hint: 'Type a number, such as 0.25, -3 or 1.5e-3.' };
  }
  const near = (a, b) => Math.abs(a - b) <= rtol * Math.abs(b) + atol;
  const relativeError = truth === 0 ? Math.abs(x) : Math.abs(x - truth) / Math.abs(truth);
  const result = { ...base, relativeError };
  if (near(x, truth)) return { ...result, verdict: 'right', hint: '' };
  const wrong = (off, hint) => ({ ...result, verdict: 'wrong', off, hint });
  for (const m of mistakes) if (near(x, m.value)) return wrong(m.name ?? null, m.says);
  for (const t of terms) {
    if (t.value === 0) continue;
    if (near(x, truth - t.value)) return wrong(t.name, `You left out ${t.name} = ${t.shown ?? t.value}.`);
    if (near(x, truth + t.value)) return wrong(t.name, `You counted ${t.name} = ${t.shown ?? t.value} twice.`);
  }
  for (const f of factors) {
    if (f.value === 0 || f.value === 1 || !Number.isFinite(f.value)) continue;
    if (near(x, truth / f.value)) return wrong(f.name, `You left out the factor ${f.name} = ${f.shown ?? f.value}.`);
    if (near(x, truth * f.value))
      return wrong(f.name, `There is one factor ${f.name} = ${f.shown ?? f.value} too many.`);
  }
  if (truth !== 0 && near(-x, truth)) return wrong('sign', 'The size is right; the sign is not.');
  return wrong(
    null,
    rtol === 0 && atol === 0
      ? "Not the engine's value."
      : `Not within ${describeTolerance(rtol)} of the engine's value.`,
  );
}

// A relative tolerance in words: "0.5 %" (3 significant figures).
export function describeTolerance(rtol) {
  return rtol === 0 ? 'exactly' : `${Number((rtol * 100).toPrecision(2))} %`;
}
