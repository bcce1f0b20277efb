// The fuzzer's entry point: runFuzz() runs a seeded call sequence on the engine module in a worker, stops
// (and records) any call that outlives the watchdog, resumes after it, and returns the findings grouped;
// formatReport() prints them by kind with a reproducer each. Used by run.mjs and tests/js/fuzz.test.mjs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import { Generator, callNames } from './calls.mjs';
import { FINDING_KINDS } from './classify.mjs';
import { describeCall } from './executor.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const defaultModule = process.env.BACKPROP_MODULE ?? path.join(root, 'dist', 'backprop.mjs');

// options: seed, calls (how many), minutes (a time budget; either may end the run), probeEvery (a probe at the
// documented limits every that many calls; 0 = none), hangSeconds (the watchdog), slowMs / verySlowMs,
// modulePath, onProgress({next, stats}).
export async function runFuzz(options = {}) {
  const o = {
    seed: 1,
    calls: Infinity,
    minutes: null,
    probeEvery: 20000,
    hangSeconds: 15,
    slowMs: 2000,
    verySlowMs: 5000,
    modulePath: defaultModule,
    onProgress: () => {},
    ...options,
  };
  const t0 = Date.now();
  const deadline = o.minutes === null ? Number.MAX_SAFE_INTEGER : t0 + o.minutes * 60000;
  const groups = new Map();
  const stats = {
    calls: 0,
    refused: 0,
    returned: 0,
    skipped: 0,
    modules: 0,
    stopped: 0,
    ms: {},
    slowest: { ms: 0, call: '', i: -1 },
  };
  const skip = [];
  let startAt = 0;
  for (;;) {
    const part = await runWorker({ ...o, startAt, deadline, skip, groups });
    for (const k of ['calls', 'refused', 'returned', 'skipped', 'modules']) stats[k] += part.stats?.[k] ?? 0;
    for (const [name, ms] of Object.entries(part.stats?.ms ?? {})) stats.ms[name] = (stats.ms[name] ?? 0) + ms;
    if ((part.stats?.slowest.ms ?? 0) > stats.slowest.ms) stats.slowest = part.stats.slowest;
    if (part.done) break;
    // The worker was stopped (or died) during call `part.i`: record it, skip calls like it, go on after it.
    stats.stopped += 1;
    const call = callAt(o.seed, o.probeEvery, part.i);
    const kind = part.killed ? 'hang' : 'worker-crash';
    const key = `${kind}|${call.name}|`;
    const message = part.killed ? `still running after ${o.hangSeconds} s` : part.error;
    const g = groups.get(key);
    if (g) {
      g.count += 1;
      if (g.samples.length < 3 && !g.samples.includes(message)) g.samples.push(message);
    } else {
      groups.set(key, {
        key,
        kind,
        call: call.name,
        detail: '',
        count: 1,
        samples: [message],
        first: { seed: o.seed, i: part.i, tag: call.tag, probe: call.probe, reproducer: call.text, alone: null },
      });
    }
    skip.push(call.tag);
    startAt = part.i + 1;
    if (startAt >= o.calls || Date.now() >= deadline) break;
  }
  const found = [...groups.values()].map(({ worker, base, ...g }) => g);
  return { seed: o.seed, probeEvery: o.probeEvery, seconds: (Date.now() - t0) / 1000, stats, groups: found };
}

// Call i of a seed as the generator makes it, with the calls that made the objects it uses.
export function callAt(seed, probeEvery, i) {
  const generator = new Generator(seed, { probeEvery });
  let call;
  for (let k = 0; k <= i; k += 1) call = generator.next();
  const lines = [];
  if (call.on && generator.made[call.on.cls][call.on.slot]) {
    lines.push(
      `${call.on.cls}[${call.on.slot}] = ${describeCall(generator.made[call.on.cls][call.on.slot]).replace(/;$/, '')};`,
    );
  }
  lines.push(describeCall(call));
  return { name: callNames(call)[1], tag: call.tag, probe: call.probe ?? null, text: lines.join('\n') };
}

function runWorker(o) {
  return new Promise((resolve) => {
    const progress = new SharedArrayBuffer(16);
    const state = new Int32Array(progress, 0, 2);
    const started = new Float64Array(progress, 8, 1);
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
      workerData: {
        seed: o.seed,
        startAt: o.startAt,
        calls: o.calls,
        deadline: o.deadline,
        probeEvery: o.probeEvery,
        modulePath: o.modulePath,
        skip: o.skip,
        progress,
        slowMs: o.slowMs,
        verySlowMs: o.verySlowMs,
      },
    });
    let finished = false;
    let stats = null;
    const finish = (result) => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      resolve({ stats, ...result });
    };
    const apply = (counts) => {
      for (const [key, count, samples] of counts) {
        const g = o.groups.get(key);
        if (!g) continue;
        g.count = (g.base ?? 0) + count;
        for (const s of samples) if (g.samples.length < 3 && !g.samples.includes(s)) g.samples.push(s);
      }
    };
    worker.on('message', (m) => {
      if (m.type === 'group') {
        const known = o.groups.get(m.group.key);
        if (known && known.worker !== worker) {
          // found again by a later worker: its counts add to the earlier ones
          known.base = known.count;
          known.worker = worker;
          return;
        }
        if (!known) o.groups.set(m.group.key, { ...m.group, worker, base: 0 });
        else Object.assign(known, { ...m.group, count: known.count, base: known.base });
        return;
      }
      apply(m.counts);
      stats = m.stats;
      if (m.type === 'counts') o.onProgress({ next: m.next, stats });
      if (m.type === 'done') {
        worker.terminate();
        finish({ done: true });
      }
    });
    worker.on('error', (e) =>
      finish({ done: false, killed: false, i: state[0], error: String(e?.stack ?? e).slice(0, 500) }),
    );
    worker.on('exit', (code) =>
      finish({ done: false, killed: false, i: state[0], error: `the worker exited with code ${code}` }),
    );
    const limit = o.hangSeconds * 1000;
    const watchdog = setInterval(() => {
      if (Atomics.load(state, 1) === 1 && Date.now() - started[0] > limit) {
        const i = state[0];
        finish({ done: false, killed: true, i });
        worker.terminate();
      }
    }, 100);
  });
}

// The findings as text: by kind, each group with its count, sample messages and a reproducer.
export function formatReport(result, { limitPerKind = 40 } = {}) {
  const { seed, stats, groups } = result;
  const lines = [
    `fuzz: seed ${seed}, ${stats.calls} calls in ${result.seconds.toFixed(1)} s ` +
      `(${stats.refused} refused, ${stats.returned} returned, ${stats.skipped} skipped as like a known slow call; ` +
      `${stats.modules} module instances, ${stats.stopped} calls stopped by the watchdog)`,
  ];
  const slowest = Object.entries(stats.ms)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6);
  lines.push(
    `time in calls: ${slowest.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')}; ` +
      `the slowest call: ${stats.slowest.call} #${stats.slowest.i}, ${Math.round(stats.slowest.ms)} ms`,
  );
  if (groups.length === 0) {
    lines.push('no findings');
    return lines.join('\n');
  }
  const total = groups.reduce((s, g) => s + g.count, 0);
  const probes = result.probeEvery === 20000 ? '' : ` --probe-every ${result.probeEvery}`;
  lines.push(`FINDINGS: ${groups.length} groups, ${total} calls`);
  for (const kind of Object.keys(FINDING_KINDS)) {
    const of = groups.filter((g) => g.kind === kind).sort((a, b) => a.first.i - b.first.i);
    if (of.length === 0) continue;
    lines.push(
      '',
      `== ${kind}: ${FINDING_KINDS[kind]} — ${of.length} groups, ${of.reduce((s, g) => s + g.count, 0)} calls`,
    );
    for (const g of of.slice(0, limitPerKind)) {
      const probe = g.first.probe ? ` (probe: ${g.first.probe})` : '';
      lines.push(`  * ${g.call}${g.detail ? ` [${g.detail}]` : ''} ×${g.count}, first at call #${g.first.i}${probe}`);
      for (const s of g.samples) lines.push(`      ${oneLine(s)}`);
      const how =
        g.first.alone === true
          ? 'reproduces alone on fresh objects:'
          : `reproduce: node tests/js/fuzz/run.mjs --seed ${seed} --calls ${g.first.i + 1}${probes}` +
            `${g.first.alone === false ? ' (not alone: it needs the history)' : ''}; the call:`;
      lines.push(`      ${how}`);
      for (const l of g.first.reproducer.split('\n')) lines.push(`        ${oneLine(l, 600)}`);
    }
    if (of.length > limitPerKind) lines.push(`  … and ${of.length - limitPerKind} more groups`);
  }
  return lines.join('\n');
}

function oneLine(s, max = 300) {
  const t = String(s).replace(/\n/g, '\\n');
  return t.length > max ? `${t.slice(0, max)}… (${t.length} characters)` : t;
}
