// Appended inside dist/backprop.mjs (--post-js): the JS side of every API call. Each call gets plain copies
// of its object and array arguments (no getter, proxy or prototype runs inside the engine), `this` and the
// argument count are checked, and a refused call's pending error (set by `guarded`, wasm/adapters.hpp) is
// thrown as a plain Error only after the call has returned, so no JS exception ever crosses wasm frames.

var bpPendingError = null; // the message of the call under way, if it was refused
var bpEncoded = null; // UTF-8 bytes between js_encode and js_take_encoded (adapters.cpp)
var bpTextEncoder = new TextEncoder(); // a lone surrogate becomes U+FFFD
var bpTextDecoder = new TextDecoder('utf-8');

// Bounds on what one call may hand the engine (kMaxArrayLength in adapters.hpp bounds each array).
var BP_MAX_ENTRIES = 1 << 24;
var BP_MAX_DEPTH = 8;
var BP_SHOWN_CHARACTERS = 40;

// A string as a message quotes it: control characters and lone surrogates escaped, long ones cut.
function bpQuote(s) {
  let shown = s.length > BP_SHOWN_CHARACTERS ? s.slice(0, BP_SHOWN_CHARACTERS) : s;
  shown = shown.replace(
    /[\u0000-\u001f\u007f'\\]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => (c === "'" || c === '\\' ? '\\' + c : '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
  );
  return s.length > BP_SHOWN_CHARACTERS ? `'${shown}…' (${s.length} characters)` : `'${shown}'`;
}

function bpClassName(handle) {
  try {
    return handle.$$.ptrType.registeredClass.name;
  } catch (e) {
    return 'engine object';
  }
}

// A value as an error message shows it: 'text', 12, -0, undefined, [1, 2], a Float64Array of 3 entries.
function bpDescribe(v, depth = 0) {
  try {
    switch (typeof v) {
      case 'string':
        return bpQuote(v);
      case 'number':
        return Object.is(v, -0) ? '-0' : String(v);
      case 'bigint':
        return `${v}n`;
      case 'symbol':
        return 'a symbol';
      case 'function':
        return 'a function';
      case 'undefined':
      case 'boolean':
        return String(v);
    }
    if (v === null) return 'null';
    if (v instanceof ClassHandle) return `a ${bpClassName(v)}`;
    if (Array.isArray(v)) {
      if (depth > 1) return `an array of ${v.length} entries`;
      const shown = [];
      for (let i = 0; i < Math.min(v.length, 6); i++) shown.push(bpDescribe(v[i], depth + 1));
      return `[${shown.join(', ')}${v.length > 6 ? `, … (${v.length} entries)` : ''}]`;
    }
    if (ArrayBuffer.isView(v)) {
      const type = Object.prototype.toString.call(v).slice(8, -1);
      return `a ${type} of ${v.length === undefined ? v.byteLength + ' bytes' : v.length + ' entries'}`;
    }
    return 'an object';
  } catch (e) {
    return 'a value that cannot be shown';
  }
}

function bpMessage(e) {
  try {
    return String(e !== null && typeof e == 'object' && 'message' in e ? e.message : e);
  } catch (err) {
    return 'an error that cannot be shown';
  }
}

// A plain copy of one argument: objects become plain objects of their own enumerable keys, arrays plain
// arrays; primitives, typed arrays and engine objects are used as they are.
function bpPlain(v, budget, depth) {
  if (v === null || typeof v != 'object') return v;
  if (v instanceof ClassHandle) {
    if (!v.$$ || !v.$$.ptr) throw new Error(`it is a deleted ${bpClassName(v)}`);
    return v;
  }
  if (ArrayBuffer.isView(v)) return v;
  if (depth >= BP_MAX_DEPTH) throw new Error(`objects and arrays nest more than ${BP_MAX_DEPTH} deep`);
  if (Array.isArray(v)) {
    const n = v.length;
    if (n > budget.entries) throw new Error(`an array of ${n} entries is more than the limit of ${BP_MAX_ENTRIES}`);
    budget.entries -= n;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      const x = v[i];
      out[i] = x === null || typeof x != 'object' ? x : bpPlain(x, budget, depth + 1);
    }
    return out;
  }
  const keys = Object.keys(v);
  if (keys.length > budget.entries) throw new Error(`an object of ${keys.length} keys is too large`);
  budget.entries -= keys.length;
  const out = {};
  for (const key of keys) {
    const value = bpPlain(v[key], budget, depth + 1);
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function bpArguments(where, args) {
  const budget = { entries: BP_MAX_ENTRIES };
  const out = new Array(args.length);
  for (let i = 0; i < args.length; i++) {
    try {
      out[i] = bpPlain(args[i], budget, 0);
    } catch (e) {
      throw new Error(`${where}: argument ${i + 1} cannot be used (${bpMessage(e)})`);
    }
  }
  return out;
}

// An exception that reached JS from a call: a trap of the wasm code is a bug and stays as it is; anything
// else (Embind's own checks) becomes a plain Error naming the call.
function bpAsError(where, e) {
  if (e instanceof WebAssembly.RuntimeError) return e;
  if (typeof WebAssembly.Exception == 'function' && e instanceof WebAssembly.Exception)
    return new Error(`${where}: engine: unexpected internal error`);
  // Embind's own messages quote an argument as it is: control characters escaped, a long one cut.
  let text = bpMessage(e).replace(
    /[\u0000-\u001f\u007f]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')
  );
  if (text.length > 160) text = `${text.slice(0, 160)}… (${text.length} characters)`;
  return new Error(bpNamed(where, text));
}

// A message that starts with the call's name (the engine's own context, such as "optimizer: …", follows it).
function bpNamed(where, text) {
  return text.startsWith(`${where}:`) ? text : `${where}: ${text}`;
}

// Runs one call: the stack pointer is restored if anything threw through the wasm frames, and a refused
// call's pending error is thrown once the call has returned normally.
function bpCall(where, invoke) {
  const stack = stackSave();
  let result;
  try {
    result = invoke();
  } catch (e) {
    stackRestore(stack);
    bpPendingError = null;
    bpEncoded = null;
    throw bpAsError(where, e);
  }
  if (bpPendingError !== null) {
    const message = bpPendingError;
    bpPendingError = null;
    bpEncoded = null;
    if (result instanceof ClassHandle && result.$$ && result.$$.ptr) result.delete();
    // The engine's own conditions (out of memory) name no call: the call that met them is named instead.
    throw new Error(bpNamed(where, message.startsWith('engine: ') ? message.slice(8) : message));
  }
  return result;
}

function bpIsEmbindFunction(f) {
  return typeof f == 'function' && (f.overloadTable !== undefined || typeof f.argCount == 'number');
}

// The argument counts of an Embind function (an overloaded one also keeps its first, unbound registration
// under the key "undefined", which is no count).
function bpArities(f) {
  return f.overloadTable !== undefined
    ? Object.keys(f.overloadTable).map(Number).filter(Number.isInteger)
    : [f.argCount];
}

// The Embind function that takes `count` arguments (Embind's own dispatcher looks itself up by name, which
// would find the wrapper).
function bpOverload(f, count) {
  return f.overloadTable !== undefined ? f.overloadTable[count] : f;
}

function bpCheckCount(where, arities, count) {
  if (arities.includes(count)) return;
  const sorted = [...arities].sort((a, b) => a - b);
  const list = sorted.length === 1 ? `${sorted[0]}` : `${sorted.slice(0, -1).join(', ')} or ${sorted.at(-1)}`;
  throw new Error(`${where}: takes ${list} argument${list === '1' ? '' : 's'}, got ${count}`);
}

function bpWrapFunction(where, raw) {
  const arities = bpArities(raw);
  const wrapped = {
    [where](...args) {
      bpCheckCount(where, arities, args.length);
      const plain = bpArguments(where, args);
      const target = bpOverload(raw, args.length);
      return bpCall(where, () => target.apply(undefined, plain));
    },
  }[where];
  return wrapped;
}

function bpWrapMethod(className, name, raw, Raw) {
  const arities = bpArities(raw);
  const article = /^[AEIOU]/.test(className) ? 'an' : 'a';
  return {
    [name](...args) {
      if (!(this instanceof Raw) || !this.$$)
        throw new Error(`${name}: call it on ${article} ${className}, as ${className.toLowerCase()}.${name}(…)`);
      if (!this.$$.ptr) throw new Error(`${name}: this ${className} has been deleted`);
      bpCheckCount(name, arities, args.length);
      const plain = bpArguments(name, args);
      const target = bpOverload(raw, args.length);
      return bpCall(name, () => target.apply(this, plain));
    },
  }[name];
}

function bpWrapClass(className) {
  const Raw = Module[className];
  const proto = Raw.prototype;
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key !== 'constructor' && bpIsEmbindFunction(proto[key]))
      proto[key] = bpWrapMethod(className, key, proto[key], Raw);
  }
  // delete, clone, … are Embind's own (on ClassHandle.prototype): their refusals become plain Errors too.
  for (const name of ['delete', 'deleteLater', 'clone', 'isAliasOf', 'isDeleted']) {
    const own = ClassHandle.prototype[name];
    if (typeof own != 'function') continue;
    const article = /^[AEIOU]/.test(className) ? 'an' : 'a';
    proto[name] = {
      [name](...args) {
        if (!(this instanceof Raw) || !this.$$)
          throw new Error(`${name}: call it on ${article} ${className}, as ${className.toLowerCase()}.${name}(…)`);
        if (name !== 'isDeleted' && !this.$$.ptr)
          throw new Error(`${name}: this ${className} has already been deleted`);
        try {
          return own.apply(this, args);
        } catch (e) {
          throw bpAsError(name, e);
        }
      },
    }[name];
  }
  const Wrapped = {
    [className]: function (...args) {
      if (!new.target) throw new Error(`${className}: use new ${className}(…)`);
      const plain = bpArguments(className, args);
      return bpCall(className, () => Reflect.construct(Raw, plain));
    },
  }[className];
  Wrapped.prototype = proto; // instanceof holds for both; Embind keeps proto.constructor (not configurable)
  for (const key of Object.keys(Raw)) {
    if (bpIsEmbindFunction(Raw[key])) Wrapped[key] = bpWrapFunction(`${className}.${key}`, Raw[key]);
  }
  Module[className] = Wrapped;
}

function bpWrapApi() {
  for (const key of Object.keys(Module)) {
    const value = Module[key];
    if (typeof value != 'function') continue;
    if (value.prototype instanceof ClassHandle) bpWrapClass(key);
    else if (bpIsEmbindFunction(value)) Module[key] = bpWrapFunction(key, value);
  }
}

// Embind registers the API while the runtime starts; wrap it before the module's promise resolves.
if (runtimeInitialized) bpWrapApi();
else addOnPostRun(bpWrapApi);
