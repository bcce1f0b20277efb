// Hostile argument values for the fuzzer (odd numbers, wrong types, strange objects, big texts), numeric
// arrays in every container a script might pass, and toSource(), which prints any of them as JS source.

// What every throwing getter, trap or conversion of these values throws: an escaped one is recognised.
export class FuzzError extends Error {}

const SOURCE = new WeakMap(); // object -> its source text (hostile objects, long arrays, engine objects)
const TEXT_SOURCE = new Map(); // long generated string -> its source text

// Registers `value`'s source text and returns the value.
export function tag(value, src) {
  if (typeof value === 'string') TEXT_SOURCE.set(value, src);
  else SOURCE.set(value, src);
  return value;
}

const memo = new Map();
// One shared instance per key (big strings and arrays are made once; the engine must not change inputs).
export function once(key, make) {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key);
}

export function numberSource(x) {
  if (Object.is(x, -0)) return '-0';
  return String(x); // NaN, Infinity and the shortest round-trip text all read back as themselves
}

// JS source that makes `v` (exactly for everything the fuzzer generates, abbreviated for long foreign data).
export function toSource(v, depth = 0) {
  switch (typeof v) {
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(v);
    case 'number':
      return numberSource(v);
    case 'bigint':
      return `${v}n`;
    case 'symbol':
      return `Symbol(${JSON.stringify(v.description ?? '')})`;
    case 'string': {
      if (TEXT_SOURCE.has(v)) return TEXT_SOURCE.get(v);
      if (v.length <= 4000) return JSON.stringify(v); // escapes NUL and lone surrogates
      return `${JSON.stringify(v.slice(0, 200))} + … /* ${v.length} characters in all */`;
    }
    case 'function':
      return SOURCE.get(v) ?? '() => {}';
    default:
      break;
  }
  if (v === null) return 'null';
  if (SOURCE.has(v)) return SOURCE.get(v);
  if (depth > 5) return '/* … */ {}';
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const type = Object.prototype.toString.call(v).slice(8, -1);
    const big = typeof v[0] === 'bigint';
    if (v.length > 64) return `new ${type}(${v.length}) /* ${Array.from(v.subarray(0, 4), String).join(', ')}, … */`;
    return `new ${type}([${Array.from(v, (x) => (big ? `${x}n` : numberSource(x))).join(', ')}])`;
  }
  if (Array.isArray(v)) {
    const n = v.length;
    const shown = [];
    for (let i = 0; i < Math.min(n, 64); i += 1) shown.push(i in v ? toSource(v[i], depth + 1) : '');
    if (n > 64) return `[${shown.join(', ')}, … /* ${n} entries in all */]`;
    return `[${shown.join(', ')}${n > 0 && !(n - 1 in v) ? ',' : ''}]`;
  }
  const proto = Object.getPrototypeOf(v);
  const body = Object.keys(v).map(
    (k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${toSource(v[k], depth + 1)}`,
  );
  let text = `{${body.join(', ')}}`;
  if (proto === null) text = `Object.assign(Object.create(null), ${text})`;
  else if (proto !== Object.prototype) text = `/* a ${proto?.constructor?.name ?? 'foreign'} */ ${text}`;
  return Object.isFrozen(v) && body.length > 0 ? `Object.freeze(${text})` : text;
}

// ---- hostile scalars and objects -------------------------------------------------------------------------

export const HOSTILE_NUMBERS = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  1e300,
  -1e300,
  1e308,
  -1e308,
  5e-324,
  -5e-324,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  2 ** 53 - 1,
  2 ** 31,
  2 ** 32,
  2 ** 32 + 1,
  -1,
  -(2 ** 31),
  1.5,
  0.5,
  1e-9,
  -1e-9,
  1.0000001,
  0.9999999999999999,
  65536,
  65537,
  1e10,
  4294967295,
  3,
  100,
  1e-300,
];

const fuzzThrow = () => {
  throw new FuzzError('thrown by the fuzzer');
};

function hostileObjects() {
  const getter = tag(
    Object.defineProperty({}, 'x', { get: fuzzThrow, enumerable: true }),
    '{ get x() { throw new Error("thrown by the fuzzer"); } }',
  );
  const toStr = tag(
    { toString: fuzzThrow, valueOf: fuzzThrow },
    '{ toString() { throw new Error(); }, valueOf() { throw new Error(); } }',
  );
  const prim = tag({ [Symbol.toPrimitive]: () => 1 }, '{ [Symbol.toPrimitive]: () => 1 }');
  const trap = {};
  for (const name of ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'set', 'defineProperty']) {
    trap[name] = fuzzThrow;
  }
  const proxy = tag(
    new Proxy({}, trap),
    'new Proxy({}, /* every trap throws */ {get() { throw new Error(); }, ownKeys() { throw new Error(); }})',
  );
  // keys it does not have, each reported as enumerable
  const lying = tag(
    new Proxy(
      {},
      {
        ownKeys: () => ['sizes', 'lr', 'name'],
        getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }),
      },
    ),
    "new Proxy({}, {ownKeys: () => ['sizes', 'lr', 'name'], " +
      'getOwnPropertyDescriptor: () => ({value: 1, enumerable: true, configurable: true})})',
  );
  const deep = tag(JSON.parse('['.repeat(5000) + ']'.repeat(5000)), "JSON.parse('['.repeat(5000) + ']'.repeat(5000))");
  const cyclic = {};
  cyclic.self = cyclic;
  tag(cyclic, '(() => { const o = {}; o.self = o; return o; })()');
  const fn = tag(function fuzzFunction() {
    return 1;
  }, 'function () { return 1; }');
  const detached = new Float64Array(4);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  tag(
    detached,
    '(() => { const a = new Float64Array(4); structuredClone(a.buffer, {transfer: [a.buffer]}); return a; })()',
  );
  return [
    {},
    [],
    [1],
    [[1, 2]],
    tag(Object.create(null), 'Object.create(null)'),
    Object.freeze({}),
    getter,
    toStr,
    prim,
    proxy,
    lying,
    deep,
    cyclic,
    fn,
    tag(new Date(0), 'new Date(0)'),
    tag(/x/, '/x/'),
    tag(new Map([[1, 2]]), 'new Map([[1, 2]])'),
    tag(Promise.resolve(1), 'Promise.resolve(1)'),
    tag(new ArrayBuffer(16), 'new ArrayBuffer(16)'),
    tag(new DataView(new ArrayBuffer(8)), 'new DataView(new ArrayBuffer(8))'),
    tag(new Error('e'), "new Error('e')"),
    tag(new WeakMap(), 'new WeakMap()'),
    new Float64Array(0),
    detached,
    new BigInt64Array([1n, 2n]),
    new Uint8Array([1, 2]),
    tag(new Int8Array(3).fill(-1), 'new Int8Array(3).fill(-1)'),
    tag(Object.create({ sizes: [2, 1], name: 'xor', lr: 0.1 }), "Object.create({sizes: [2, 1], name: 'xor', lr: 0.1})"),
    tag({ length: 2 ** 32 - 1 }, '{length: 2 ** 32 - 1}'),
    tag({ length: 2, 0: 1, 1: 2 }, '{length: 2, 0: 1, 1: 2}'),
  ];
}

export function bigText(n, unit = 'x') {
  return once(`text:${unit}:${n}`, () =>
    tag(
      unit.repeat(Math.ceil(n / unit.length)).slice(0, n),
      `${JSON.stringify(unit)}.repeat(${Math.ceil(n / unit.length)}).slice(0, ${n})`,
    ),
  );
}

export function hostileStrings() {
  return once('strings', () => [
    '',
    ' ',
    '1',
    '0x10',
    ' 1',
    'NaN',
    'Infinity',
    '-0',
    'true',
    'relu',
    'relu\0x',
    '\0',
    'a\uD800',
    '\uDC00b',
    '\uD800',
    '\uFEFFtanh',
    'tanh\n',
    'TANH',
    'sigmoid ',
    '😀',
    'é',
    'constructor',
    '__proto__',
    'toString',
    "it's",
    '%s%n%f',
    '\\',
    'x'.repeat(1000),
    bigText(2 * 1024 * 1024),
    bigText(2 * 1024 * 1024 + 1, '\uD800'),
  ]);
}

const HOSTILE_OTHER = [undefined, null, true, false, 10n, -1n, 2n ** 64n, Symbol('fuzz')];

// Any hostile value at all.
export function hostileValue(r) {
  const kind = r.int(0, 9);
  if (kind < 4) return r.pick(HOSTILE_NUMBERS);
  if (kind < 6) return r.pick(hostileStrings());
  if (kind < 7) return r.pick(HOSTILE_OTHER);
  return r.pick(once('objects', hostileObjects));
}

// A hostile value meant for a number argument: odd numbers mostly, sometimes anything.
export function hostileNumber(r) {
  return r.chance(0.75) ? r.pick(HOSTILE_NUMBERS) : hostileValue(r);
}

// ---- numeric arrays in every container ------------------------------------------------------------------

// n valid numbers: exact PRNG values for short arrays, a formula (printable as source) for long ones.
export function numbers(r, n, lo = -2, hi = 2) {
  if (n <= 16) {
    const a = new Array(n);
    for (let i = 0; i < n; i += 1) a[i] = Math.round(r.uniform(lo, hi) * 1e4) / 1e4;
    return a;
  }
  return formula(n, r.int(1, 997), lo, hi);
}

// n numbers in [lo, hi) from a printable formula with parameter k.
export function formula(n, k, lo = -2, hi = 2) {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i += 1) a[i] = lo + ((i * k) % 1000) * ((hi - lo) / 1000);
  return tag(a, `Float64Array.from({length: ${n}}, (_, i) => ${lo} + ((i * ${k}) % 1000) * ${(hi - lo) / 1000})`);
}

// Wraps valid numbers (a plain array or Float64Array) in a container a script might pass.
export function container(r, values, kind) {
  const n = values.length;
  const src = () => toSource(values);
  switch (kind) {
    case 'array':
      return Array.from(values);
    case 'f64':
      return Float64Array.from(values);
    case 'f32':
      return Float32Array.from(values);
    case 'u8':
      return tag(
        Uint8Array.from(values, (x) => Math.abs(x) * 50),
        `Uint8Array.from(${src()}, (x) => Math.abs(x) * 50)`,
      );
    case 'i32':
      return tag(Int32Array.from(values), `Int32Array.from(${src()})`);
    case 'big64':
      return tag(
        BigInt64Array.from(values, (x) => BigInt(Math.round(x))),
        `BigInt64Array.from(${src()}, (x) => BigInt(Math.round(x)))`,
      );
    case 'holes': {
      const a = Array.from(values);
      const j = r.int(0, Math.max(0, n - 1));
      delete a[j];
      return tag(a, `(() => { const a = Array.from(${src()}); delete a[${j}]; return a; })()`);
    }
    case 'frozen':
      return tag(Object.freeze(Array.from(values)), `Object.freeze(Array.from(${src()}))`);
    case 'proxy':
      return tag(new Proxy(Array.from(values), {}), `new Proxy(Array.from(${src()}), {})`);
    case 'proxy-length': {
      const length = r.pick([-1, NaN, 2.5, 2 ** 32 - 1, 1e9, n + 1]);
      return tag(
        new Proxy(Array.from(values), { get: (t, k) => (k === 'length' ? length : t[k]) }),
        `new Proxy(Array.from(${src()}), {get: (t, k) => (k === 'length' ? ${numberSource(length)} : t[k])})`,
      );
    }
    case 'getter': {
      const a = Array.from(values);
      const j = r.int(0, Math.max(0, n - 1));
      Object.defineProperty(a, j, { get: fuzzThrow, enumerable: true });
      return tag(
        a,
        `(() => { const a = Array.from(${src()}); ` +
          `Object.defineProperty(a, ${j}, {get() { throw new Error(); }}); return a; })()`,
      );
    }
    case 'arraylike': {
      const o = { length: n };
      for (let i = 0; i < n; i += 1) o[i] = values[i];
      return tag(o, `Object.assign({length: ${n}}, Array.from(${src()}))`);
    }
    case 'subarray': {
      const a = new Float64Array(n + 3);
      a.set(values, 3);
      return tag(
        a.subarray(3),
        `(() => { const a = new Float64Array(${n + 3}); a.set(${src()}, 3); return a.subarray(3); })()`,
      );
    }
    case 'nested':
      return tag([Array.from(values)], `[Array.from(${src()})]`);
    case 'sparse-huge':
      return tag(new Array(2 ** 32 - 1), 'new Array(2 ** 32 - 1)');
    case 'string':
      return tag(Array.from(values).join(','), `${src()}.join(',')`);
    default:
      throw new Error(`container: unknown kind ${kind}`);
  }
}

export const VALID_CONTAINERS = ['array', 'f64', 'f32', 'proxy', 'frozen', 'subarray'];
export const HOSTILE_CONTAINERS = [
  'u8',
  'i32',
  'big64',
  'holes',
  'proxy-length',
  'getter',
  'arraylike',
  'nested',
  'sparse-huge',
  'string',
];

// One entry of valid numbers replaced by a hostile value (returned as a plain array or Float64Array copy).
export function poisoned(r, values) {
  const j = r.int(0, Math.max(0, values.length - 1));
  const bad = r.chance(0.7) ? r.pick(HOSTILE_NUMBERS) : hostileValue(r);
  if (values.length === 0) return [bad];
  if (typeof bad === 'number' && values instanceof Float64Array) {
    const a = Float64Array.from(values);
    a[j] = bad;
    return tag(
      a,
      `(() => { const a = Float64Array.from(${toSource(values)}); a[${j}] = ${numberSource(bad)}; return a; })()`,
    );
  }
  const a = Array.from(values);
  a[j] = bad;
  if (values.length > 64)
    tag(a, `(() => { const a = Array.from(${toSource(values)}); a[${j}] = ${toSource(bad)}; return a; })()`);
  return a;
}

// An array of valid numbers made hostile: a bad container, a bad entry, a wrong length or no array at all.
export function hostileArray(r, n, make = (k) => numbers(r, k)) {
  switch (r.int(0, 5)) {
    case 0:
      return container(r, make(n), r.pick(HOSTILE_CONTAINERS));
    case 1:
    case 2:
      return poisoned(r, make(n));
    case 3:
      return make(r.pick([0, 1, Math.max(0, n - 1), n + 1, 2 * n + 3]));
    case 4:
      return r.chance(0.02) ? once('huge-array', () => formula((1 << 24) + 1, 7)) : make(r.pick([n + 64, 4 * n + 1]));
    default:
      return hostileValue(r);
  }
}
