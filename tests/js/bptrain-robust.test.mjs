// bptrain against a hostile command line (issue 8, item 8): files that are not regular or too big refused
// before any read, whole output lines when killed, one strict number syntax, clipped one-line messages.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { root } from './engine.mjs';

// build/native/bptrain, as tests/js/bptrain.test.mjs; BPTRAIN=path/to/bptrain tests another build.
const bptrain = process.env.BPTRAIN ? path.resolve(process.env.BPTRAIN) : path.join(root, 'build', 'native', 'bptrain');
const limit = 2 * 1024 * 1024; // kCsvMaxBytes of core/csv.hpp
const epochLine = /^\d+ \S+ \S+ \S+ \S+$/;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bptrain-robust-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

// Runs bptrain in `dir` (so that messages echo short relative paths); today's code blocks on a FIFO and
// reads /dev/zero without end, so every run has a time-out (generous: a refusal takes milliseconds).
function run(flags, options = {}) {
  return spawnSync(bptrain, flags, {
    cwd: dir,
    encoding: 'utf8',
    timeout: 20000,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
}

// A refused command line: nothing on stdout, exactly one line on stderr, exit 2; returns that line.
function refused(flags) {
  const r = run(flags);
  const what = `bptrain ${flags.join(' ').slice(0, 80)}`;
  assert.equal(r.signal, null, `${what}: killed after the time-out`);
  assert.equal(r.status, 2, `${what}: exit status (stderr: ${r.stderr.slice(0, 300)})`);
  assert.equal(r.stdout, '', `${what}: stdout`);
  assert.ok(r.stderr.endsWith('\n'), `${what}: stderr ends a line`);
  const lines = r.stderr.slice(0, -1).split('\n');
  assert.equal(lines.length, 1, `${what}: one line on stderr, got ${r.stderr.slice(0, 300)}`);
  return lines[0];
}

const help = ' (see bptrain --help)';
const decimal = '; numbers are decimal, such as 1.5 or -2e3';
const widths = 'bptrain: --layers must list hidden widths in 1..64 such as 8,8';

test('--csv refuses a directory, a FIFO, a device, a link to one and an oversized file before reading', () => {
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero-link'));
  fs.writeFileSync(path.join(dir, 'big.csv'), '');
  fs.truncateSync(path.join(dir, 'big.csv'), 3 * 1024 * 1024); // sparse: 3 MiB of NULs
  for (const [file, message] of [
    ['.', "--csv must be a regular file; '.' is a directory"],
    ['fifo', "--csv must be a regular file; 'fifo' is a FIFO"],
    ['/dev/zero', "--csv must be a regular file; '/dev/zero' is a character device"],
    ['zero-link', "--csv must be a regular file; 'zero-link' is a character device"],
    ['big.csv', `--csv must be a file of at most ${limit} bytes (2 MB); 'big.csv' has 3145728 bytes`],
    ['missing.csv', "cannot read --csv file 'missing.csv': No such file or directory"],
  ]) {
    assert.equal(refused(['--csv', file]), `bptrain: ${message}${help}`, file);
  }
});

test('--csv reads at most the limit + 1 bytes of a file whose size is not known in advance', (t) => {
  // /proc/kallsyms is a regular file of size 0 whose text is several MB: only reading tells its size.
  let size = 0;
  try {
    size = fs.readFileSync('/proc/kallsyms').length;
  } catch {
    // not readable here
  }
  if (size <= limit) return t.skip('no /proc/kallsyms over 2 MB on this machine');
  assert.equal(
    refused(['--csv', '/proc/kallsyms']),
    `bptrain: --csv must be a file of at most ${limit} bytes (2 MB); '/proc/kallsyms' has more than ${limit} ` +
      `bytes${help}`,
  );
});

test('--csv of an unreadable file names the file and the reason', (t) => {
  if (process.getuid?.() === 0) return t.skip('root reads any file');
  const file = path.join(dir, 'secret.csv');
  fs.writeFileSync(file, 'a,b\n1,2\n3,4\n');
  fs.chmodSync(file, 0o000);
  assert.equal(
    refused(['--csv', 'secret.csv']),
    `bptrain: cannot read --csv file 'secret.csv': Permission denied${help}`,
  );
});

test('killed mid-run, bptrain leaves only whole lines: each epoch line is flushed as it is printed', async () => {
  const child = spawn(bptrain, ['--n', '10000', '--epochs', '1000000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const guard = setTimeout(() => child.kill('SIGKILL'), 60000);
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    out += chunk;
    if (out.split('\n').length > 4) child.kill('SIGKILL'); // the header and at least three epochs arrived
  });
  const signal = await new Promise((resolve) => child.on('close', (code, sig) => resolve(sig)));
  clearTimeout(guard);
  assert.equal(signal, 'SIGKILL');
  assert.ok(out.endsWith('\n'), `the output ends inside a line: …${JSON.stringify(out.slice(-60))}`);
  const lines = out.slice(0, -1).split('\n');
  assert.ok(lines.length >= 4, `${lines.length} lines arrived`);
  assert.equal(lines[0], '# epoch train_loss validation_loss train_accuracy validation_accuracy');
  lines.slice(1).forEach((line, i) => {
    assert.match(line, epochLine, `line ${i + 2}`);
    assert.equal(Number(line.split(' ')[0]), i + 1, `line ${i + 2} is epoch ${i + 1}`);
  });
});

test("every numeric flag takes the CSV reader's number syntax: decimal, no hex, inf, nan, spaces or junk", () => {
  const number = (flag, text, why = decimal) => `bptrain: --${flag} must be a number, got '${text}'${why}${help}`;
  for (const [flags, message] of [
    [['--lr', '0x10'], number('lr', '0x10')],
    [['--lr', '0X1p-4'], number('lr', '0X1p-4')],
    [['--lr', ' 0.1'], number('lr', ' 0.1')],
    [['--lr', '0.1 '], number('lr', '0.1 ')],
    [['--lr', '0.1x'], number('lr', '0.1x')],
    [['--lr', 'inf'], number('lr', 'inf')],
    [['--l2', '-infinity'], number('l2', '-infinity')],
    [['--momentum', 'nan'], number('momentum', 'nan')],
    [['--eps', '1e'], number('eps', '1e')],
    [['--lr', '1e999'], number('lr', '1e999', '; that is beyond the range of a double')],
    [['--epochs', '0x10'], number('epochs', '0x10')],
    [['--n', ' 50'], number('n', ' 50')],
    [['--seed', '+ 1'], number('seed', '+ 1')],
    [['--epochs', '1e300'], `bptrain: --epochs must be an integer in 0..1000000, got '1e300'${help}`],
    [['--layers', ' 8'], `${widths}, got ' 8'${help}`],
    [['--layers', '0x8,4'], `${widths}; item 1 of '0x8,4' is '0x8'${help}`],
    [['--layers', '8,'], `${widths}; item 2 of '8,' is ''${help}`],
    [['--layers', '8,-5'], `${widths}; item 2 of '8,-5' is '-5'${help}`],
    [['--layers', '99999999999999999999'], `${widths}, got '99999999999999999999'${help}`],
  ]) {
    assert.equal(refused(flags), message, flags.join(' '));
  }
  // What the syntax allows reads as the same numbers: the same run to the last bit.
  const a = run(['--lr', '3e-2', '--epochs', '2e0', '--layers', '8.0,+8', '--seed', '1E0']);
  const b = run(['--lr', '0.03', '--epochs', '2', '--layers', '8,8', '--seed', '1']);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  assert.equal(a.stdout.split('\n').filter((l) => epochLine.test(l)).length, 2);
});

test('--hidden that does not fit --layers names what was given and what was expected', () => {
  assert.equal(
    refused(['--layers', '8,8,8', '--hidden', 'relu,tanh']),
    'bptrain: --hidden must give one activation for every hidden layer or one per hidden layer (3 for --layers ' +
      `'8,8,8'), got 2: 'relu,tanh'${help}`,
  );
  assert.equal(
    refused(['--layers', '', '--hidden', 'relu,tanh']),
    'bptrain: --hidden must give one activation for every hidden layer or one per hidden layer (0 for --layers ' +
      `''), got 2: 'relu,tanh'${help}`,
  );
  // Every item is checked, and named, even where no hidden layer uses it.
  assert.match(
    refused(['--layers', '1,2,3', '--hidden', 'relu,,tanh']),
    /^bptrain: --hidden item 2 must be one of .*, got ''$/,
  );
  assert.match(refused(['--layers', '', '--hidden', 'bogus']), /^bptrain: --hidden must be one of .*, got 'bogus'$/);
  assert.match(
    refused(['--features', 'x1,', '--epochs', '1']),
    /^bptrain: --features item 2 must be one of .*, got ''$/,
  );
});

test('a huge or multi-line value is echoed cut after 40 characters, its size stated, on one line', () => {
  const x = 'x'.repeat(100000);
  const cut = `'${'x'.repeat(40)}…' (100000 bytes)`;
  assert.equal(refused(['--lr', x]), `bptrain: --lr must be a number, got ${cut}${decimal}${help}`);
  assert.equal(refused([`--${x}`, '1']), `bptrain: unknown flag '--${'x'.repeat(38)}…' (100002 bytes)${help}`);
  assert.equal(refused([x]), `bptrain: unexpected argument ${cut}${help}`);
  assert.equal(refused(['--epochs', '1', '--epochs', x]), `bptrain: --epochs is given twice: '1', then ${cut}${help}`);
  assert.equal(refused(['--epochs', x]), `bptrain: --epochs must be a number, got ${cut}${decimal}${help}`);
  assert.equal(
    refused(['--layers', `8,${x}`]),
    `${widths}; item 2 of '8,${'x'.repeat(38)}…' (100002 bytes) is ${cut}${help}`,
  );
  assert.equal(refused(['--csv', x]), `bptrain: cannot read --csv file ${cut}: File name too long${help}`);
  // The core's refusals of a name cut it the same way.
  for (const flag of ['dataset', 'init', 'hidden', 'output', 'features']) {
    const line = refused([`--${flag}`, x]);
    assert.ok(line.endsWith(`, got ${cut}`), line);
  }
  assert.match(refused(['--dataset', 'é'.repeat(50)]), /got 'é{40}…' \(100 bytes\)$/);
  // Control characters are escaped, so a message is one line and cannot drive the terminal.
  assert.equal(refused(['--lr', '1\n2']), `bptrain: --lr must be a number, got '1\\u000a2'${decimal}${help}`);
  assert.equal(
    refused(['--epochs', '1', '--epochs', '\x1b[2J']),
    `bptrain: --epochs is given twice: '1', then '\\u001b[2J'${help}`,
  );
  assert.equal(
    refused(['--csv', 'a\nb']),
    `bptrain: cannot read --csv file 'a\\u000ab': No such file or directory${help}`,
  );
  assert.equal(refused(['--bo\ngus', '1']), `bptrain: unknown flag '--bo\\u000agus'${help}`);
});

// core/losses.cpp parse_loss and the type check of core/optimizers.cpp validate() still echo the name whole;
// bptrain hands the name over as given, so these pass once those two messages use bp::quoted().
test('--loss and --optimizer echo a huge name cut too', () => {
  const x = 'x'.repeat(100000);
  for (const flag of ['loss', 'optimizer']) {
    const line = refused([`--${flag}`, x]);
    assert.ok(line.endsWith(`, got '${'x'.repeat(40)}…' (100000 bytes)`), line.slice(0, 200));
  }
});

test('empty values, a flag given twice and flags of the other data source are refused, not ignored', () => {
  fs.writeFileSync(path.join(dir, 'ok.csv'), 'a,b\n1,2\n3,4\n5,6\n');
  for (const [flags, message] of [
    [['--lr', ''], '--lr needs a value, got an empty one'],
    [['--lr='], '--lr needs a value, got an empty one'],
    [['--csv', ''], '--csv needs a value, got an empty one'],
    [['--task', ''], '--task needs a value, got an empty one'],
    [['--output='], '--output needs a value, got an empty one'],
    [['--epochs', '1', '--epochs', '2'], "--epochs is given twice: '1', then '2'"],
    [['--lr=0.1', '--lr', '0.2'], "--lr is given twice: '0.1', then '0.2'"],
    [['--csv', 'ok.csv', '--dataset', 'xor'], '--dataset describes a generated data set; it cannot go with --csv'],
    [['--n', '50', '--csv', 'ok.csv'], '--n describes a generated data set; it cannot go with --csv'],
    [['--csv', 'ok.csv', '--features', 'x1'], '--features describes a generated data set; it cannot go with --csv'],
    [['--task', 'classification'], '--task describes a --csv file; give --csv too'],
    [['--targets', '2'], '--targets describes a --csv file; give --csv too'],
    [['--csv', 'ok.csv', '--task', 'Regression'], "--task must be regression or classification, got 'Regression'"],
  ]) {
    assert.equal(refused(flags), `bptrain: ${message}${help}`, flags.join(' '));
  }
  // --layers '' is the documented way to ask for no hidden layer; --csv alone trains.
  const none = run(['--layers', '', '--epochs', '1']);
  assert.equal(none.status, 0, none.stderr);
  const csv = run(['--csv', 'ok.csv', '--epochs', '1', '--validation', '0.3']);
  assert.equal(csv.status, 0, csv.stderr);
  assert.match(csv.stdout.split('\n')[1], epochLine);
});

test('an output that cannot be written ends the run with one line and exit 1', () => {
  const full = fs.openSync('/dev/full', 'w');
  try {
    const r = run(['--epochs', '1000000'], { stdio: ['ignore', full, 'pipe'] });
    assert.equal(r.signal, null, 'killed after the time-out');
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'bptrain: cannot write the output: No space left on device\n');
  } finally {
    fs.closeSync(full);
  }
});

test('--help lists every flag, -h, and the rules a value must follow', () => {
  const text = execFileSync(bptrain, ['-h'], { encoding: 'utf8' });
  for (const flag of [
    '--dataset',
    '--csv',
    '--targets',
    '--task',
    '--n',
    '--noise',
    '--validation',
    '--features',
    '--layers',
    '--hidden',
    '--output',
    '--loss',
    '--init',
    '--optimizer',
    '--lr',
    '--momentum',
    '--gamma',
    '--beta1',
    '--beta2',
    '--eps',
    '--batch',
    '--l1',
    '--l2',
    '--dropout',
    '--patience',
    '--epochs',
    '--seed',
    '--help, -h',
  ]) {
    assert.ok(text.includes(`  ${flag} `), flag);
  }
  assert.ok(text.includes('Numbers are written as in CSV files'), text);
  assert.ok(text.includes(`--csv must be a regular file of at most ${limit} bytes`), text);
  assert.ok(text.includes('Exit status: 0 when trained, 2 for a bad flag, value or data file, 1 when the output'));
});
