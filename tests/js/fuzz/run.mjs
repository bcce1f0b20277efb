// `npm run fuzz`: the long fuzz of the engine's JS API. Prints the findings by kind, each with a reproducer,
// and exits 1 when there is any. Flags: --seed N (default 1), --calls N, --minutes M (default 5 unless
// --calls is given), --probe-every N (a call at the documented limits every N calls; 0 = none; default 20000),
// --hang-seconds S (the watchdog, default 15), --module PATH (default dist/backprop.mjs), --json FILE.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { defaultModule, formatReport, runFuzz } from './fuzz.mjs';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    calls: { type: 'string' },
    minutes: { type: 'string' },
    'probe-every': { type: 'string', default: '20000' },
    'hang-seconds': { type: 'string', default: '15' },
    module: { type: 'string', default: defaultModule },
    json: { type: 'string' },
  },
});

function number(name, text) {
  const x = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(x) || x < 0) {
    console.error(`fuzz: --${name} must be a number ≥ 0, got '${text}'`);
    process.exit(2);
  }
  return x;
}

const calls = values.calls === undefined ? Infinity : number('calls', values.calls);
const minutes =
  values.minutes !== undefined ? number('minutes', values.minutes) : values.calls === undefined ? 5 : null;
const seed = number('seed', values.seed);
const t0 = Date.now();
let lastShown = t0;
const result = await runFuzz({
  seed,
  calls,
  minutes,
  probeEvery: number('probe-every', values['probe-every']),
  hangSeconds: number('hang-seconds', values['hang-seconds']),
  modulePath: values.module,
  onProgress: ({ next }) => {
    if (Date.now() - lastShown < 10000) return;
    lastShown = Date.now();
    console.error(`fuzz: call #${next} after ${Math.round((Date.now() - t0) / 1000)} s`);
  },
});
console.log(formatReport(result));
if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 1));
process.exitCode = result.groups.length > 0 ? 1 : 0;
