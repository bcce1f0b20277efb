// How the fuzzer and the soak tests judge one call: a finite result, or a plain Error whose message starts
// with the call's name; the module's memory figures; the canary that tells a live module from a dead one.
import { pathToFileURL } from 'node:url';

import { FuzzError } from './values.mjs';

export const FINDING_KINDS = {
  'exception-type': 'an exception other than a plain Error (TypeError, BindingError, RuntimeError, …)',
  'script-exception': "a script's own exception (from a getter, trap or conversion) escaped as it was",
  'no-prefix': "a refusal whose message does not start with the call's name and ': '",
  'message-cpp-name': 'a message naming a C++ identifier instead of the API option',
  'message-number': 'a number in a message not written as its shortest text (%f: -0.000000, %g: 9.0072e+15)',
  'message-long': 'a message over 1000 characters (an argument echoed whole)',
  'message-cut': 'a message cut short or quoted ambiguously (a NUL, an unbalanced or unescaped quote)',
  'non-finite': 'a normal return holding NaN or ±Infinity',
  'wrong-result': 'a normal return that contradicts its input',
  'dead-module': 'the module is dead after the call (the canary fails)',
  hang: 'a call that had not returned when the watchdog stopped it',
  'very-slow': 'a call over 5 s',
  slow: 'a call over 2 s',
  'stack-growth': 'the wasm stack in use grew across a call',
  'heap-growth': "malloc's bytes in use grew across a refused call (still on its third repetition)",
  'memory-growth': 'wasm memory grew across a refused call',
  'handle-growth': 'live Embind handles grew across a call (still on its third repetition, or twice in returns)',
  printed: 'the module printed (to stdout or stderr) instead of throwing',
  'worker-crash': 'the fuzzing worker died',
  housekeeping: "the fuzzer's own clean-up call failed",
};

export const MAX_MESSAGE = 1000;
const CPP_NAMES = new RegExp(
  `\\b(${[
    'validation_fraction',
    'target_columns',
    'divergence_bound',
    'divergence_factor',
    'batch_size',
    'max_epochs',
    'linear_regression',
    'surface_grid',
    'learning_rate',
    'num_[a-z_]+',
  ].join('|')})\\b`,
);
const FIXED_POINT = /(?<![\w.])-?\d+\.\d{6}(?![\d])/g;
// C's %g writes the exponent's sign (9.0072e+15, 4.94066e-324); JS never writes such a number unless it is
// the shortest text of its value (1e+300).
const G_FORMAT = /(?<![\w.])-?\d+(?:\.\d+)?e[+-]\d+(?![\w.])/g;

// The prefix of a message ("forward" of "forward: m must be …"), or null.
export function messagePrefix(message) {
  const m = /^([A-Za-z_][\w.]*): ./s.exec(message);
  return m ? m[1] : null;
}

// An odd number of quotes that are neither escaped (\\') nor an apostrophe inside a word.
function unbalancedQuotes(message) {
  let count = 0;
  for (let i = 0; i < message.length; i += 1) {
    if (message[i] === '\\') {
      i += 1; // the escaped character
      continue;
    }
    if (message[i] !== "'") continue;
    if (/\p{L}/u.test(message[i - 1] ?? '') && /\p{L}/u.test(message[i + 1] ?? '')) continue;
    count += 1;
  }
  return count % 2 === 1;
}

// What is wrong with an exception thrown by a call that may start its message with `prefixes`:
// [] for a well-formed refusal, else [{kind, detail}] (detail groups similar findings).
export function errorProblems(e, prefixes) {
  if (e instanceof FuzzError) return [{ kind: 'script-exception', detail: 'FuzzError' }];
  if (!(e instanceof Error) || e.constructor !== Error) {
    const type = e === null || e === undefined ? String(e) : e.constructor?.name || e.name || typeof e;
    return [{ kind: 'exception-type', detail: type }];
  }
  const message = String(e.message);
  const problems = [];
  const prefix = messagePrefix(message);
  if (prefix === null || !prefixes.includes(prefix)) problems.push({ kind: 'no-prefix', detail: prefix ?? '(none)' });
  const unquoted = message.replace(/'(?:[^'\\]|\\.)*'/g, "''"); // what the engine wrote, not what it echoes
  if (CPP_NAMES.test(unquoted)) problems.push({ kind: 'message-cpp-name', detail: CPP_NAMES.exec(unquoted)[1] });
  // six decimals may also be a number's shortest text (16281099674.927637): only other texts are %f's
  const notShortest = (t) => String(Number(t)) !== t;
  if ((unquoted.match(FIXED_POINT) ?? []).some(notShortest)) problems.push({ kind: 'message-number', detail: '%f' });
  else if ((unquoted.match(G_FORMAT) ?? []).some(notShortest)) {
    problems.push({ kind: 'message-number', detail: '%g' });
  }
  if (message.length > MAX_MESSAGE) problems.push({ kind: 'message-long', detail: '' });
  if (message.includes('\0') || unbalancedQuotes(message)) problems.push({ kind: 'message-cut', detail: '' });
  return problems;
}

// The path of the first non-finite number in a result ('' for the result itself), or null when all are finite.
export function nonFinitePath(v, path = '', depth = 0) {
  if (typeof v === 'number') return Number.isFinite(v) ? null : path || '(the result)';
  if (v === null || typeof v !== 'object' || depth > 6) return null;
  if (v instanceof Float64Array || v instanceof Float32Array) {
    for (let i = 0; i < v.length; i += 1) if (!Number.isFinite(v[i])) return `${path}[${i}]`;
    return null;
  }
  if (ArrayBuffer.isView(v)) return null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i += 1) {
      const p = nonFinitePath(v[i], `${path}[${i}]`, depth + 1);
      if (p !== null) return p;
    }
    return null;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return null; // engine objects
  for (const key of Object.keys(v)) {
    const p = nonFinitePath(v[key], `${path}.${key}`, depth + 1);
    if (p !== null) return p;
  }
  return null;
}

// stackBytes, usedBytes, heapBytes and live Embind handles now (null where the module does not say).
export function memorySnapshot(bp) {
  const m = bp.memory();
  return {
    stack: typeof m.stackBytes === 'number' ? m.stackBytes : null,
    used: m.usedBytes,
    heap: m.heapBytes,
    handles: typeof m.handles === 'number' ? m.handles : (bp.count_emval_handles?.() ?? null),
  };
}

// A fixed sequence that any live module runs: null when it does, else what went wrong (`refused` when it
// was refused by a plain Error, as a module whose memory is full may refuse it).
export function canary(bp) {
  try {
    const net = new bp.Network({ sizes: [2, 3, 1], seed: 7 });
    try {
      const y = net.forward([0.25, -0.5], 1);
      if (y.length !== 1 || !(y[0] > 0 && y[0] < 1)) return `forward gave ${Array.from(y)}`;
    } finally {
      net.delete();
    }
    return null;
  } catch (e) {
    const text = `${e?.constructor?.name}: ${String(e?.message ?? e).slice(0, 200)}`;
    return e?.constructor === Error ? { refused: text } : text;
  }
}

// The engine module's factory, retrying while dist/backprop.mjs is being rewritten by a build.
export async function loadFactory(modulePath) {
  let last;
  for (let attempt = 0; attempt < 20; attempt += 1) {
    try {
      const url = `${pathToFileURL(modulePath).href}${attempt > 0 ? `?retry=${attempt}` : ''}`;
      const factory = (await import(url)).default;
      await factory(); // a file cut short mid-copy may still parse; instantiating proves it whole
      return factory;
    } catch (e) {
      last = e;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
  }
  throw last;
}
