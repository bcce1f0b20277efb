// Texts for the fuzzer: CSV files (valid ones whose shape is known, and mutated ones) and mutations of the
// JSON that Network.toJSON writes (values a saved file can hold but a valid network cannot, and broken text).
import { bigText, once, tag } from './values.mjs';

const NAMES = [
  'x1',
  'x2',
  'a',
  'b',
  'petal length',
  'y',
  'label',
  'é',
  '😀',
  'a\uD800',
  '\uDC00z',
  'col\t7',
  'n\u00A0b',
];

function field(r) {
  return r.uniform(-5, 5).toFixed(r.int(0, 4));
}

// A valid CSV (odd but legal column names) and what it holds: {text, columns, rows, targets, task, classes}.
export function csvText(r) {
  const columns = r.chance(0.02) ? 40 : r.int(2, 6);
  const task = r.chance(0.4) ? 'classification' : 'regression';
  const classes = r.int(2, 4);
  const rows = Math.max(r.chance(0.02) ? 3000 : r.int(1, 40), task === 'classification' ? classes : 1); // every label appears
  const targets = task === 'classification' ? 1 : r.int(1, columns - 1);
  const header = [];
  for (let j = 0; j < columns; j += 1) header.push(`c${j}${r.pick(NAMES)}`); // a name's last character meets the comma
  const eol = r.chance(0.2) ? '\r\n' : '\n';
  const lines = [header.join(',')];
  for (let i = 0; i < rows; i += 1) {
    const row = [];
    for (let j = 0; j < columns; j += 1) {
      row.push(task === 'classification' && j === columns - 1 ? String((i + j) % classes) : field(r));
    }
    lines.push(row.join(','));
  }
  const text = lines.join(eol) + (r.chance(0.8) ? eol : '');
  return { text, columns, rows, targets, task, classes };
}

const TOKENS = [
  '\0',
  '\uD800',
  '\uDC00',
  '\uFEFF',
  '\r',
  '\n',
  ',',
  '"',
  ' ',
  '\t',
  'e',
  '-',
  '.',
  'x',
  '1e309',
  '-1e400',
  'NaN',
  'inf',
  '0x10',
  '1_0',
  'é',
  '😀',
  ',,,',
  '\n\n',
  '١٢',
  '２',
  '+',
  '1e',
  '--1',
];
const FIELDS = [
  '1e309',
  '1e-400',
  '-0',
  '1e308',
  '4.9e-324',
  '',
  ' 1',
  '1 ',
  '+1',
  '0x1p3',
  '1,5',
  '１',
  'Infinity',
  '9007199254740993',
  '1' + '0'.repeat(400),
  '.',
  '-',
  'e5',
];

function wholeTexts() {
  return once('csv-wholes', () => [
    '',
    '\n',
    ',',
    'a\n',
    'a,b\n',
    'a,b',
    '\0'.repeat(100),
    'a\n1\n2\n',
    '\uFEFF',
    'a,b\n1,2\n'.repeat(3),
    bigText(2 * 1024 * 1024 + 1, 'a,b\n1,2\n'),
    tag('a,b\n' + '1,2\n'.repeat(600000), "'a,b\\n' + '1,2\\n'.repeat(600000)"),
    tag(
      Array.from({ length: 10000 }, (_, j) => `c${j}`).join(',') + '\n' + '1,'.repeat(9999) + '1\n',
      "Array.from({length: 10000}, (_, j) => `c${j}`).join(',') + '\\n' + '1,'.repeat(9999) + '1\\n'",
    ),
    tag('a,b\n1,' + 'x'.repeat(2 * 1024 * 1024 - 10) + '\n', "'a,b\\n1,' + 'x'.repeat(2 * 1024 * 1024 - 10) + '\\n'"),
  ]);
}

// A mutated CSV: edits of a valid one, or a whole hostile text.
export function mutatedCsv(r) {
  if (r.chance(0.15)) return r.pick(wholeTexts());
  let text = csvText(r).text;
  const edits = r.int(1, 3);
  for (let e = 0; e < edits; e += 1) {
    const at = r.int(0, text.length);
    switch (r.int(0, 7)) {
      case 0:
        text = text.slice(0, at) + r.pick(TOKENS) + text.slice(at);
        break;
      case 1:
        text = text.slice(0, at) + text.slice(Math.min(text.length, at + r.int(1, 8)));
        break;
      case 2:
        text = text.replace(/-?\d+(\.\d+)?/g, (m) => (r.chance(0.1) ? r.pick(FIELDS) : m));
        break;
      case 3:
        text = text.slice(0, at);
        break;
      case 4:
        text = text.slice(text.indexOf('\n') + 1);
        break; // no header
      case 5:
        text = text.replace('\n', `,extra${r.int(0, 9)}\n`);
        break;
      case 6:
        text = `${text}${'9'.repeat(r.int(100, 10000))},1\n`;
        break;
      default: {
        const lines = text.split('\n');
        const j = r.int(0, lines.length - 1);
        lines.splice(j, 0, lines[j]);
        text = lines.join('\n');
      }
    }
  }
  return text;
}

// ---- JSON of a saved network ---------------------------------------------------------------------------

const RAW = (s) => `@@${s}@@`; // a number token JSON.stringify cannot write (1e999 reads back as Infinity)
const WEIRD = [-1, -1e-300, 1e308, -1e308, -0, null, 'x', true, [], {}, RAW('1e999'), RAW('-1e999'), 1e300, 5e-324];
const BIG_T = [0, -1, 1.5, 2 ** 53, 2 ** 53 - 1, 1e10, 1e6, 1e300, 'x', null, RAW('1e999'), 1e15];
const BETAS = [0.9999999, 1 - 1e-15, 0.9999999999999999, 1, 0, -0.5, 1e300, null];

// A WEIRD value; its arrays and objects fresh ones (a document must not share, or come to contain, itself).
function weird(r) {
  const v = r.pick(WEIRD);
  if (Array.isArray(v)) return [];
  return v !== null && typeof v === 'object' ? {} : v;
}

function pickIndex(r, a) {
  return Array.isArray(a) && a.length > 0 ? r.int(0, a.length - 1) : 0;
}

function mutateValue(r, o) {
  const keys = o && typeof o === 'object' ? Object.keys(o) : [];
  if (keys.length === 0) return;
  const k = r.pick(keys);
  if (Array.isArray(o[k]) && r.chance(0.5)) {
    const a = o[k];
    if (r.chance(0.5)) a[pickIndex(r, a)] = weird(r);
    // eslint-disable-next-line no-dupe-else-if -- each r.chance() draws a new number (the seeded stream)
    else if (r.chance(0.5)) a.pop();
    else a.push(weird(r));
  } else if (o[k] && typeof o[k] === 'object' && r.chance(0.6)) mutateValue(r, o[k]);
  else o[k] = weird(r);
}

// `text` (a Network.toJSON() string) with one to three mutations of its values or of the text itself.
export function mutateJson(text, r) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = {};
  }
  const edits = r.int(1, 3);
  for (let e = 0; e < edits && doc !== null && typeof doc === 'object'; e += 1) {
    switch (r.int(0, 9)) {
      case 0:
        doc.t = r.pick(BIG_T);
        break;
      case 1:
        doc.optimizer = { ...doc.optimizer, type: r.pick(['adam', 'rmsprop', 'momentum', 'sgd', 'x']) };
        doc.optimizer[r.pick(['beta1', 'beta2', 'gamma', 'momentum'])] = r.pick(BETAS);
        break;
      case 2: {
        // optimizer state: negative second moments, huge values, wrong lengths, wrong types
        const layer = Array.isArray(doc.state) ? doc.state[pickIndex(r, doc.state)] : null;
        if (layer && typeof layer === 'object') mutateValue(r, layer);
        else doc.state = r.pick([null, [], {}, [null]]);
        break;
      }
      case 3:
        mutateValue(r, Array.isArray(doc.layers) ? doc.layers[pickIndex(r, doc.layers)] : doc);
        break;
      case 4:
        mutateValue(r, doc.config ?? doc);
        break;
      case 5:
        mutateValue(r, doc.regularization ?? doc);
        break;
      case 6:
        mutateValue(r, doc.optimizer ?? doc);
        break;
      case 7:
        delete doc[r.pick(Object.keys(doc).concat(['format']))];
        break;
      case 8:
        doc[r.pick(['extra', 'format', '__proto__', 'constructor'])] = weird(r);
        break;
      default:
        doc = r.pick([null, [], 1, 'text', { format: doc.format }]);
    }
  }
  let out = JSON.stringify(doc).replace(/"@@(.*?)@@"/g, '$1');
  if (r.chance(0.3)) {
    const at = r.int(0, out.length);
    switch (r.int(0, 6)) {
      case 0:
        out = out.slice(0, at);
        break;
      case 1:
        out += '\0';
        break;
      case 2:
        out = `\uFEFF${out}`;
        break;
      case 3:
        out = out.replace(/"([a-z])/, '"\uD800$1');
        break;
      case 4:
        out = out.slice(0, at) + r.pick(['}', ']', ',', '"', '\\', '\0', 'NaN']) + out.slice(at);
        break;
      case 5:
        out = out.replace('{', '{"t":1,"t":2,');
        break;
      default:
        out = `${'['.repeat(10000)}${out}${']'.repeat(10000)}`;
    }
  }
  return out;
}
