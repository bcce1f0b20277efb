// Runs generated calls on one engine module: keeps the pools of live objects, makes each call, classifies its
// outcome (classify.mjs), checks memory and the canary, and groups findings with a reproducer each. A dead
// module is replaced by a fresh instance (its objects remade) and fuzzing goes on.
import { acceptedPrefixes, callNames, placeholder } from './calls.mjs';
import { canary, errorProblems, memorySnapshot, nonFinitePath } from './classify.mjs';
import { Random } from './random.mjs';
import { mutateJson } from './texts.mjs';
import { tag, toSource } from './values.mjs';

const CLASS = { net: 'Network', data: 'Dataset', trainer: 'Trainer' };
const NO_ALONE = new Set(['slow', 'very-slow', 'hang', 'dead-module', 'worker-crash', 'housekeeping', 'printed']);

function isDeleted(obj) {
  try {
    return typeof obj.isDeleted === 'function' ? obj.isDeleted() : false;
  } catch {
    return true;
  }
}

export class Executor {
  // factory: the module's createBackprop; seed: for the reproducers' text; onGroup(group): a new finding group.
  constructor(factory, { seed, slowMs = 2000, verySlowMs = 5000, canaryEvery = 32, skip = [], onGroup = () => {} }) {
    Object.assign(this, { factory, seed, slowMs, verySlowMs, canaryEvery, onGroup });
    this.skip = new Set(skip);
    this.groups = new Map();
    this.records = new WeakMap(); // engine object -> how it was made (for reproducers and for remaking it)
    this.slowByTag = new Map();
    this.handleGrowth = new Set(); // calls whose successful run grew the handles once
    this.stats = {
      calls: 0,
      refused: 0,
      returned: 0,
      skipped: 0,
      modules: 0,
      sinceModule: 0,
      refusedSinceModule: 0,
      ms: {},
      slowest: { ms: 0, call: '', i: -1 },
    };
  }

  async start() {
    // What the module prints is a finding of the call under way (it must throw instead).
    const printed = (text) => {
      if (!this.current || this.current.printed) return;
      this.current.printed = true;
      this.report('printed', this.current.call, '', String(text).slice(0, 300), this.current.p);
    };
    this.bp = await this.factory({ print: printed, printErr: printed });
    this.stats.modules += 1;
    this.stats.sinceModule = 0;
    this.stats.refusedSinceModule = 0;
    this.slots = { net: [], data: [], trainer: [] };
    this.ballast = [];
    this.sinceCanary = 0;
    const bp = this.bp;
    tag(bp, 'bp');
    this.deleted = {};
    this.forged = {};
    // A deleted object of each class, made by `expr` (an engine object the Trainer keeps alive is freed with it).
    const specials = {
      net: 'new bp.Network({sizes: [2, 1]})',
      data: "new bp.Dataset({name: 'xor', n: 4})",
      trainer: "new bp.Trainer(new bp.Network({sizes: [2, 1]}), new bp.Dataset({name: 'xor', n: 4}))",
    };
    const makeDeleted = (cls) => {
      const net = () => new this.bp.Network({ sizes: [2, 1] });
      const data = () => new this.bp.Dataset({ name: 'xor', n: 4 });
      let o;
      if (cls === 'trainer') {
        const n = net();
        const d = data();
        o = new this.bp.Trainer(n, d);
        n.delete();
        d.delete();
      } else o = cls === 'net' ? net() : data();
      o.delete();
      return o;
    };
    for (const cls of Object.keys(CLASS)) {
      const name = `deleted${CLASS[cls]}`;
      this.deleted[cls] = tag(makeDeleted(cls), name);
      this.records.set(this.deleted[cls], {
        name,
        expr: `(() => { const o = ${specials[cls]}; o.delete(); return o; })()`,
        make: () => makeDeleted(cls),
      });
      this.forged[cls] = tag(Object.create(bp[CLASS[cls]].prototype), `Object.create(bp.${CLASS[cls]}.prototype)`);
    }
    this.mem = this.snapshot();
  }

  // A fresh module after a dead one; the pools' objects are made again from their records.
  async restart() {
    const old = this.slots;
    await this.start();
    const memo = new Map();
    for (const cls of ['data', 'net', 'trainer']) {
      for (const [slot, o] of old[cls].entries()) {
        if (!o || !this.records.has(o)) continue;
        try {
          const wasDeleted = isDeleted(o);
          const made = this.remake(o, memo);
          if (wasDeleted) made.delete();
          this.slots[cls][slot] = made;
          this.name(made, cls, slot, this.records.get(o).at ?? 0, this.records.get(o));
        } catch {
          // a record that no longer makes an object: the slot starts empty (calls meet a deleted object)
        }
      }
    }
    this.mem = this.snapshot();
  }

  // Makes `o` again in the current module from its record (engine objects in its arguments first).
  remake(o, memo) {
    if (memo.has(o)) return memo.get(o);
    const rec = this.records.get(o);
    if (!rec) return o;
    const made = rec.make(this.bp, (x) => this.remake(x, memo));
    memo.set(o, made);
    return made;
  }

  name(obj, cls, slot, at, rec) {
    const name = `${cls}${slot}_${at}`;
    tag(obj, name);
    this.records.set(obj, { ...rec, name, at });
  }

  // Why the module is dead, or null: the canary fails (a refusal counts only when no ballast fills memory).
  deadReason() {
    const failed = canary(this.bp);
    if (failed === null || (typeof failed === 'object' && this.ballast.length > 0)) return null;
    return typeof failed === 'object' ? failed.refused : failed;
  }

  // The memory figures, or null from a module too broken to give them (the canary reports it).
  snapshot() {
    try {
      return memorySnapshot(this.bp);
    } catch {
      return null;
    }
  }

  slotObject(on) {
    return this.slots[on.cls][on.slot] ?? this.deleted[on.cls];
  }

  resolve(a) {
    const kind = placeholder(a);
    if (kind === 'ref') {
      if (a.special === 'module') return this.bp;
      if (a.special === 'deleted') return this.deleted[a.cls];
      if (a.special === 'forged') return this.forged[a.cls];
      return this.slotObject(a);
    }
    if (kind === 'json') {
      this.touched = true;
      let text = '{}';
      try {
        text = this.slotObject({ cls: 'net', slot: a.slot }).toJSON();
      } catch {
        // a deleted network: the mutation works on an empty document
      }
      if (a.edit) {
        try {
          const doc = JSON.parse(text);
          a.edit(doc);
          text = JSON.stringify(doc);
        } catch {
          // the edit does not apply to this document
        }
      }
      return a.seed === null ? text : mutateJson(text, new Random(a.seed));
    }
    return a;
  }

  // The function, `this`, arguments and whether to construct, for `call` on the current module.
  prepare(call) {
    this.touched = false;
    const args = call.args.map((a) => this.resolve(a));
    return this.target(call, call.on ? this.slotObject(call.on) : null, args);
  }

  // `call` made on `obj` (its object, for a method) with `args`: {f, thisArg, args, construct, obj}.
  target(call, obj, args) {
    const { spec } = call;
    const bp = this.bp;
    let f;
    let thisArg;
    if (spec.owner === 'module') [f, thisArg] = [bp[spec.fn], bp];
    else if (spec.store && spec.fn === spec.owner) f = bp[spec.owner];
    else if (spec.store) [f, thisArg] = [bp[spec.owner][spec.fn], bp[spec.owner]];
    else [f, thisArg] = [obj[spec.fn], obj];
    if (call.thisMode) thisArg = this.hostileThis(call.thisMode, obj ?? this.deleted.net);
    const construct = spec.store && spec.fn === spec.owner && !call.thisMode;
    return { f, thisArg, args, construct, obj };
  }

  hostileThis(mode, obj) {
    if ('value' in mode) return mode.value;
    if (mode.ref) return this.resolve(mode.ref);
    return tag(new Proxy(obj, {}), `new Proxy(${toSource(obj)}, {})`);
  }

  // Makes the call; `before`/`after` are the memory figures around it.
  execute(p) {
    const before = this.touched ? this.snapshot() : this.mem;
    let threw = false;
    let error;
    let result;
    const t0 = performance.now();
    try {
      result = p.construct ? Reflect.construct(p.f, p.args) : Reflect.apply(p.f, p.thisArg, p.args);
    } catch (e) {
      threw = true;
      error = e;
    }
    const ms = performance.now() - t0;
    return { threw, error, result, ms, before, after: this.snapshot() };
  }

  // The findings of one outcome, before any repetition or canary: [{kind, detail, message}].
  problems(call, out) {
    const found = [];
    if (out.threw) {
      for (const p of errorProblems(out.error, acceptedPrefixes(call)))
        found.push({ ...p, message: describeError(out.error) });
      if (call.expect) {
        found.push({
          kind: 'wrong-result',
          detail: 'refused',
          message: `a valid CSV was refused: ${describeError(out.error)}`,
        });
      }
    } else {
      const path = nonFinitePath(out.result);
      if (path !== null)
        found.push({ kind: 'non-finite', detail: '', message: `${path} is ${valueAt(out.result, path)}` });
      if (call.expect) {
        const wrong = this.checkExpect(call.expect, out.result);
        if (wrong) found.push({ kind: 'wrong-result', detail: '', message: wrong });
      }
    }
    // trainFor runs for the time it is given
    const budget = call.spec.fn === 'trainFor' && typeof call.args[0] === 'number' ? call.args[0] : 0;
    const limit = budget > 0 && budget <= 60000 ? budget : 0;
    if (out.ms > this.verySlowMs + limit)
      found.push({ kind: 'very-slow', detail: '', message: `${Math.round(out.ms)} ms` });
    else if (out.ms > this.slowMs + limit)
      found.push({ kind: 'slow', detail: '', message: `${Math.round(out.ms)} ms` });
    const { before, after } = out;
    if (after && before) {
      if (before.stack !== null && after.stack !== before.stack) {
        const message = `${after.stack - before.stack} bytes`;
        found.push({ kind: 'stack-growth', detail: out.threw ? 'refused' : 'returned', message });
      }
      // Memory may grow for a call refused for want of it; any other refusal must be decided before copying.
      if (out.threw && after.heap > before.heap && !/out of memory/.test(String(out.error?.message))) {
        found.push({
          kind: 'memory-growth',
          detail: '',
          message: `wasm memory ${mb(before.heap)} -> ${mb(after.heap)}`,
        });
      }
      if (out.threw && after.used > before.used) {
        found.push({ kind: 'heap-growth', detail: '', message: `${after.used - before.used} bytes`, confirm: true });
      }
      if (before.handles !== null && after.handles > before.handles) {
        const message = `${after.handles - before.handles} handles`;
        found.push({ kind: 'handle-growth', detail: out.threw ? 'refused' : 'returned', message, confirm: true });
      }
    }
    return found;
  }

  checkExpect(expect, result) {
    try {
      const info = result.info();
      const columns = info.features.length + (info.task === 'classification' ? 1 : info.targets.length);
      if (columns !== expect.columns) {
        return `a CSV of ${expect.columns} columns read as ${columns} (features ${JSON.stringify(info.features)})`;
      }
      const rows = info.nTrain + info.nValidation;
      if (rows !== expect.rows) return `a CSV of ${expect.rows} rows read as ${rows}`;
    } catch (e) {
      return `info() of the new data set threw ${describeError(e)}`;
    }
    return null;
  }

  // One growth is not yet a leak (the first calls may grow buffers for good): a leak still grows on the third
  // repetition of the call.
  confirmed(p, kind) {
    let grew = false;
    for (let k = 0; k < 3; k += 1) {
      this.touched = true;
      const out = this.execute(p);
      if (!out.after || !out.before) return false;
      grew =
        kind === 'heap-growth' ? out.threw && out.after.used > out.before.used : out.after.handles > out.before.handles;
    }
    return grew;
  }

  // Runs one generated call and records what it found.
  async run(call) {
    if (this.skip.has(call.tag)) {
      this.stats.skipped += 1;
      return;
    }
    if (call.spec.owner === 'harness') {
      this[call.spec.fn]();
      this.mem = this.snapshot();
      return;
    }
    let p;
    try {
      p = this.prepare(call);
    } catch (e) {
      this.report('housekeeping', call, 'prepare', `${describeError(e)}`, null);
      return;
    }
    this.current = { call, p };
    const out = this.execute(p);
    this.stats.ms[call.spec.name] = (this.stats.ms[call.spec.name] ?? 0) + out.ms;
    if (out.ms > this.stats.slowest.ms) this.stats.slowest = { ms: out.ms, call: callNames(call)[1], i: call.i };
    this.stats.calls += 1;
    this.stats.sinceModule += 1;
    if (out.threw) {
      this.stats.refused += 1;
      this.stats.refusedSinceModule += 1;
    } else this.stats.returned += 1;
    let found = this.problems(call, out);
    if (found.length > 0) {
      found = found.filter((f) => {
        if (!f.confirm) return true;
        if (f.kind === 'handle-growth' && !out.threw) {
          // a successful call may make a handle for good once (a cached global); twice is a leak
          const key = callNames(call)[1];
          if (this.handleGrowth.has(key)) return true;
          this.handleGrowth.add(key);
          return false;
        }
        return out.ms < 250 && this.confirmed(p, f.kind); // a slow call is not repeated (nor judged by one growth)
      });
      for (const f of found) this.report(f.kind, call, f.detail, f.message, p);
    }
    if (!out.threw && call.store) this.store(call, p, out.result);
    this.sinceCanary += 1;
    const checkNow = out.threw || found.length > 0 || this.sinceCanary >= this.canaryEvery;
    if (checkNow) {
      this.sinceCanary = 0;
      const dead = this.deadReason();
      if (dead !== null) {
        const group = this.report(
          'dead-module',
          call,
          '',
          `${dead}; ${this.stats.sinceModule} calls in this module, ` +
            `${this.stats.refusedSinceModule} of them refused`,
          p,
        );
        await this.restart();
        if (group && group.first.i === call.i) {
          group.first.alone = this.deadAlone(call, p);
          if (group.first.alone !== false) await this.restart();
          this.onGroup(group);
        }
      }
    }
    this.current = null;
    this.mem = checkNow || call.store || !out.after ? this.snapshot() : out.after;
    for (const f of found) {
      if ((f.kind === 'slow' || f.kind === 'very-slow') && call.tag !== call.spec.name) {
        const n = (this.slowByTag.get(call.tag) ?? 0) + 1;
        this.slowByTag.set(call.tag, n);
        if (n >= 3) this.skip.add(call.tag);
      }
    }
  }

  // Ballast: networks whose forward caches take ever smaller blocks until none fits, so the engine's memory is
  // nearly full for the calls that follow.
  fill() {
    const bp = this.bp;
    for (const m of [65536, 4096, 256, 16, 1]) {
      const X = new Float64Array(m).fill(0.5);
      for (let k = 0; k < 64; k += 1) {
        let net = null;
        try {
          net = new bp.Network({ sizes: [1, 64], output: 'linear', loss: 'mse' });
          net.forward(X, m);
          this.ballast.push(net);
        } catch {
          if (net)
            try {
              net.delete();
            } catch {
              /* the module is in trouble: the canary will say */
            }
          break;
        }
      }
    }
  }

  unfill() {
    for (const net of this.ballast)
      try {
        net.delete();
      } catch {
        /* already gone */
      }
    this.ballast = [];
  }

  // Puts a new object into its slot, deleting the one it replaces.
  store(call, p, obj) {
    if (obj === null || typeof obj !== 'object') return;
    const { cls, slot } = call.store;
    const old = this.slots[cls][slot];
    if (old && !isDeleted(old)) {
      try {
        old.delete();
      } catch (e) {
        this.report(
          'housekeeping',
          call,
          'delete',
          `deleting the object this one replaces threw ${describeError(e)}`,
          null,
        );
      }
    }
    this.slots[cls][slot] = obj;
    const { spec } = call;
    const args = p.args;
    const construct = spec.fn === spec.owner;
    const Class = spec.owner;
    const rec = {
      expr: () =>
        construct
          ? `new bp.${Class}(${args.map((a) => toSource(a)).join(', ')})`
          : `bp.${Class}.${spec.fn}(${args.map((a) => toSource(a)).join(', ')})`,
      deps: args.filter((a) => this.records.has(a)),
      make: (bp, remake) => {
        const a = args.map(remake);
        return construct ? new bp[Class](...a) : bp[Class][spec.fn](...a);
      },
    };
    this.name(obj, cls, slot, call.i, rec);
  }

  // Runs the creation call of a slot without judging it (a restarted worker rebuilds its pools this way).
  rebuild(call) {
    try {
      const p = this.prepare(call);
      const out = this.execute(p);
      if (!out.threw && call.store) this.store(call, p, out.result);
    } catch {
      // the slot stays empty
    }
    this.mem = this.snapshot();
  }

  // Does the call alone, on objects made afresh, find the same? (null: not tried)
  alone(call, p, kind) {
    // only a healthy module can tell
    if (!p || NO_ALONE.has(kind) || this.ballast.length > 0 || canary(this.bp) !== null) return null;
    const memo = new Map();
    try {
      const q = this.redo(call, p, memo);
      this.touched = true;
      const out = this.execute(q);
      return this.problems(call, out).some((f) => f.kind === kind);
    } catch {
      return null;
    } finally {
      for (const made of memo.values())
        if (made && !isDeleted(made))
          try {
            made.delete();
          } catch {
            /* already gone */
          }
      this.mem = this.snapshot();
    }
  }

  // The call `p` prepared again on objects made afresh (in the current module, which may be a new one).
  redo(call, p, memo) {
    const remake = (x) => (this.records.has(x) ? this.remake(x, memo) : x);
    const args = call.args.map((a, j) => (placeholder(a) === 'ref' && a.special ? this.resolve(a) : remake(p.args[j])));
    return this.target(call, p.obj ? remake(p.obj) : null, args);
  }

  // After a dead module: does a fresh module die of this one call?
  deadAlone(call, p) {
    try {
      const q = this.redo(call, p, new Map());
      this.touched = true;
      this.execute(q);
      return this.deadReason() !== null;
    } catch {
      return null;
    }
  }

  report(kind, call, detail, message, p) {
    const names = callNames(call);
    const key = `${kind}|${names[1]}|${detail}`;
    let group = this.groups.get(key);
    if (group) {
      group.count += 1;
      if (group.samples.length < 3 && message && !group.samples.includes(message)) group.samples.push(message);
      return group;
    }
    group = {
      key,
      kind,
      call: names[1],
      detail,
      count: 1,
      samples: message ? [message] : [],
      first: {
        seed: this.seed,
        i: call.i,
        tag: call.tag,
        probe: call.probe ?? null,
        reproducer: p ? this.reproducer(call, p) : describeCall(call),
        alone: null,
      },
    };
    this.groups.set(key, group);
    group.first.alone = this.alone(call, p, kind);
    this.onGroup(group);
    return group;
  }

  // JS that makes the objects of the call and makes the call (with `bp` the module).
  reproducer(call, p) {
    const lines = [];
    const seen = new Set();
    const visit = (o) => {
      const rec = o && typeof o === 'object' ? this.records.get(o) : null;
      if (!rec || seen.has(o)) return;
      seen.add(o);
      for (const d of rec.deps ?? []) visit(d);
      lines.push(`const ${rec.name} = ${typeof rec.expr === 'function' ? rec.expr() : rec.expr};`);
    };
    visit(p.obj);
    visit(p.thisArg);
    for (const a of p.args) visit(a);
    const args = p.args.map((a) => toSource(a)).join(', ');
    const { spec } = call;
    const thisText = call.thisMode ? toSource(p.thisArg) : null;
    let target;
    if (spec.owner === 'module') target = `bp.${spec.fn}`;
    else if (spec.store && spec.fn === spec.owner) target = `bp.${spec.owner}`;
    else if (spec.store) target = `bp.${spec.owner}.${spec.fn}`;
    else target = `${toSource(p.obj)}.${spec.fn}`;
    if (p.construct) lines.push(`new ${target}(${args});`);
    else if (thisText !== null) lines.push(`${target}.call(${[thisText, ...(args ? [args] : [])].join(', ')});`);
    else lines.push(`${target}(${args});`);
    return lines.join('\n');
  }
}

// A call as the generator made it (no live objects): for calls that never returned.
export function describeCall(call) {
  const show = (a) => {
    if (placeholder(a) === 'ref') return a.special ? `/* ${a.special} ${a.cls} */` : `${a.cls}[${a.slot}]`;
    if (placeholder(a) === 'json') {
      return `/* net[${a.slot}].toJSON()${a.seed !== null ? ` mutated (seed ${a.seed})` : ''}${a.what ? ` with ${a.what}` : ''} */`;
    }
    return toSource(a);
  };
  const { spec } = call;
  const args = call.args.map(show).join(', ');
  if (spec.owner === 'module') return `bp.${spec.fn}(${args});`;
  if (spec.store && spec.fn === spec.owner) return `new bp.${spec.owner}(${args});`;
  if (spec.store) return `bp.${spec.owner}.${spec.fn}(${args});`;
  return `${call.on.cls}[${call.on.slot}].${spec.fn}(${args});`;
}

function describeError(e) {
  try {
    const type = e?.constructor?.name || e?.name || typeof e;
    const message = String(e?.message ?? e);
    return `${type}: ${message.length > 300 ? `${message.slice(0, 300)}… (${message.length} characters)` : message}`;
  } catch {
    return 'an exception that cannot be shown';
  }
}

function valueAt(result, path) {
  if (path === '(the result)') return String(result);
  try {
    let v = result;
    for (const part of path.match(/[^.[\]]+/g) ?? []) v = v[part];
    return String(v);
  } catch {
    return 'not finite';
  }
}

function mb(bytes) {
  return `${Math.round(bytes / 1048576)} MB`;
}
