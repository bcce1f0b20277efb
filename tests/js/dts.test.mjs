// wasm/backprop.d.ts against the built module: every name the module exports is declared and every declared
// name exists (module functions, classes, their static and instance methods), and each function, method and
// constructor takes exactly the argument counts its declaration allows (optional parameters included).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { engine, modulePath, root } from './engine.mjs';

// What the module object holds besides the API: Emscripten's runtime and Embind's own helpers.
const RUNTIME = new Set([
  'ready',
  'preloadedImages',
  'preloadedAudios',
  'calledRun',
  'asm',
  'run',
  'HEAP8',
  'HEAP16',
  'HEAP32',
  'HEAPU8',
  'HEAPU16',
  'HEAPU32',
  'HEAPF32',
  'HEAPF64',
  '_malloc',
  '_free',
  'stackSave',
  'stackRestore',
  '___wasm_call_ctors',
  '___getTypeName',
  '___embind_register_native_and_builtin_types',
  'BindingError',
  'InternalError',
  'UnboundTypeError',
  'getInheritedInstanceCount',
  'getLiveInheritedInstances',
  'flushPendingDeletes',
  'setDelayFunction',
  'count_emval_handles',
  'get_first_emval',
]);
// Embind's methods of every object (ClassHandle.prototype): only delete() is part of the API.
const HANDLE_METHODS = new Set(['deleteLater', 'clone', 'isAliasOf', 'isDeleted']);

// ---- The declarations, read from the d.ts text ------------------------------------------------------------

// The text without comments (string literals kept: a type may be 'a // b').
function stripComments(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      const end = text.indexOf(c, i + 1);
      out += text.slice(i, end + 1);
      i = end;
    } else if (text.startsWith('//', i)) {
      i = text.indexOf('\n', i) - 1;
    } else if (text.startsWith('/*', i)) {
      i = text.indexOf('*/', i) + 1;
    } else {
      out += c;
    }
  }
  return out;
}

// Splits `text` at `separator` characters outside any (), [], {}, <> or string literal (the > of => is no
// bracket).
function splitTop(text, separator) {
  const parts = [];
  let depth = 0,
    start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') i = text.indexOf(c, i + 1);
    else if ('([{<'.includes(c)) depth++;
    else if (')]}'.includes(c) || (c === '>' && text[i - 1] !== '=')) depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

// The body between the { after `head` and its matching }.
function body(text, head) {
  const at = text.indexOf(head);
  assert.ok(at >= 0, `backprop.d.ts declares ${head}`);
  const open = text.indexOf('{', at);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error(`${head}: no closing brace`);
}

// The argument counts a parameter list allows: required ones, then optional ones (a rest parameter: any).
function counts(params) {
  const list = splitTop(params, ',');
  const required = list.filter((p) => !/^[\w$]+\?\s*:/.test(p) && !p.startsWith('...')).length;
  assert.ok(
    list.every((p) => !p.startsWith('...')),
    `no rest parameters in (${params})`,
  );
  return Array.from({ length: list.length - required + 1 }, (_, k) => required + k);
}

// Members of a class or interface body: { name → {static, counts (methods), type (properties)} }.
function members(text) {
  const out = new Map();
  for (const member of splitTop(text, ';')) {
    const m = /^(static\s+)?([\w$]+)(\??)\s*([(:])/.exec(member);
    assert.ok(m, `a member the test can read: ${member}`);
    const [, isStatic, name, , kind] = m;
    const key = `${isStatic ? 'static ' : ''}${name}`;
    if (kind === ':') {
      out.set(key, { static: Boolean(isStatic), type: member.slice(m[0].length).trim() });
      continue;
    }
    let depth = 0,
      close = m[0].length - 1;
    for (; close < member.length; close++) {
      if (member[close] === '(') depth++;
      else if (member[close] === ')' && --depth === 0) break;
    }
    const allowed = counts(member.slice(m[0].length, close));
    const previous = out.get(key); // an overload adds its counts
    out.set(key, {
      static: Boolean(isStatic),
      counts: [...new Set([...(previous?.counts ?? []), ...allowed])].sort((x, y) => x - y),
    });
  }
  return out;
}

const declarations = stripComments(readFileSync(path.join(root, 'wasm', 'backprop.d.ts'), 'utf8'));
const moduleMembers = members(body(declarations, 'export interface BackpropModule'));
const classNames = [...moduleMembers].filter(([, d]) => /^typeof \w+$/.test(d.type ?? '')).map(([name]) => name);
const classMembers = Object.fromEntries(classNames.map((c) => [c, members(body(declarations, `export class ${c} `))]));

// ---- The module, probed -------------------------------------------------------------------------------------

const PROBE = Array(99).fill(0); // more arguments than any call takes: refused before the engine runs

// The counts an API function or method accepts, from its refusal of 99 arguments.
function acceptedCounts(call, name) {
  try {
    call(...PROBE);
  } catch (e) {
    const m = /: takes (.*?) arguments?, got 99$/.exec(e.message);
    assert.ok(m, `${name}(…99 arguments) is refused by its argument count, got: ${e.message}`);
    return m[1]
      .split(/, | or /)
      .map(Number)
      .sort((x, y) => x - y);
  }
  assert.fail(`${name} accepted 99 arguments`);
}

// The counts a constructor accepts, from Embind's refusal of 99 arguments.
function constructorCounts(Class) {
  try {
    new Class(...PROBE);
  } catch (e) {
    const m = /expected \(([\d,]+)\) parameters/.exec(e.message);
    assert.ok(m, `new ${Class.name}(…99 arguments) is refused by its count, got: ${e.message}`);
    return m[1]
      .split(',')
      .map(Number)
      .sort((x, y) => x - y);
  }
  assert.fail(`new ${Class.name} accepted 99 arguments`);
}

test('the module exports exactly the declared names, and the declarations file is the one dist/ holds (as .d.ts and .d.mts)', async () => {
  const namespace = await import(pathToFileURL(modulePath).href);
  assert.deepEqual(Object.keys(namespace), ['default']);
  assert.match(declarations, /export default function createBackprop\(options\?: object\): Promise<BackpropModule>/);
  const source = readFileSync(path.join(root, 'wasm', 'backprop.d.ts'), 'utf8');
  assert.equal(readFileSync(path.join(root, 'dist', 'backprop.d.ts'), 'utf8'), source);
  assert.equal(readFileSync(path.join(root, 'dist', 'backprop.d.mts'), 'utf8'), source); // what TypeScript reads
  const bp = await engine();
  const api = Object.keys(bp)
    .filter((k) => !RUNTIME.has(k))
    .sort();
  assert.deepEqual(api, [...moduleMembers.keys()].sort(), 'names on the module (besides the runtime) = BackpropModule');
});

test('every module function takes the argument counts its declaration allows', async () => {
  const bp = await engine();
  for (const [name, d] of moduleMembers) {
    if (classNames.includes(name)) {
      assert.equal(typeof bp[name], 'function', `${name} is a class`);
      continue;
    }
    assert.ok(d.counts, `${name} is declared as a method`);
    assert.deepEqual(acceptedCounts(bp[name], name), d.counts, `${name}: argument counts`);
  }
});

test('every class has the declared constructor, statics and methods, each with its argument counts', async () => {
  const bp = await engine();
  const net = new bp.Network({ sizes: [2, 1] });
  const data = new bp.Dataset();
  const trainer = new bp.Trainer(net, data);
  const instances = { Network: net, Dataset: data, Trainer: trainer };
  try {
    assert.deepEqual(Object.keys(instances).sort(), [...classNames].sort(), 'the classes the test makes');
    for (const className of classNames) {
      const Class = bp[className],
        declared = classMembers[className];
      const own = (key) => declared.get(key) ?? assert.fail(`${className}.${key} is not declared`);
      assert.deepEqual(constructorCounts(Class), own('constructor').counts, `new ${className}: argument counts`);

      const statics = Object.keys(Class).sort();
      assert.deepEqual(
        statics,
        [...declared.keys()]
          .filter((k) => k.startsWith('static '))
          .map((k) => k.slice(7))
          .sort(),
        `${className}: static functions`,
      );
      for (const name of statics) {
        assert.deepEqual(
          acceptedCounts(Class[name], `${className}.${name}`),
          own(`static ${name}`).counts,
          `${className}.${name}: argument counts`,
        );
      }

      const proto = Object.getPrototypeOf(instances[className]);
      const methods = Object.getOwnPropertyNames(proto).filter((k) => k !== 'constructor' && !HANDLE_METHODS.has(k));
      assert.deepEqual(
        methods.sort(),
        [...declared.keys()].filter((k) => !k.startsWith('static ') && k !== 'constructor').sort(),
        `${className}: methods`,
      );
      for (const name of methods) {
        if (name === 'delete') {
          // Embind's own: takes no arguments (99 would delete the object)
          assert.deepEqual(own('delete').counts, [0]);
          continue;
        }
        const object = instances[className];
        assert.deepEqual(
          acceptedCounts((...args) => object[name](...args), `${className}.${name}`),
          own(name).counts,
          `${className}.${name}: argument counts`,
        );
      }
    }
  } finally {
    for (const o of [trainer, data, net]) o.delete();
  }
});

test('the d.ts reader finds what it reads: optional parameters, overloads, statics and properties', () => {
  const read = members(
    stripComments(`
    static make(text: string, options?: { a?: number; b: (x: number) => void }): X;  // a // comment
    constructor(options?: Options);
    step(X: A, Y: B, m: number, eps?: number): number;
    step(): number;
    Inner: typeof Inner;
    /* block; comment */ info(name: 'a;b' | "c,d"): { x: number; y: [number, number] };`),
  );
  assert.deepEqual(Object.fromEntries(read), {
    'static make': { static: true, counts: [1, 2] },
    constructor: { static: false, counts: [0, 1] },
    step: { static: false, counts: [0, 3, 4] },
    Inner: { static: false, type: 'typeof Inner' },
    info: { static: false, counts: [1] },
  });
});
