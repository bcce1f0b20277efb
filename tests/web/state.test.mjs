// The page's state module under node: defaults, validation with notices, and the URL hash round trip
// (the browser tests check the same through the page; these pin the rules one by one).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import createBackprop from '../../build/wasm/backprop.mjs';
import { defaults, fromHash, toHash, useEngineNames, validate } from '../../web/src/state.js';

// The name lists are the engine's, as on the page.
before(async () => {
  useEngineNames(await createBackprop());
});

test('the defaults survive a round trip through the hash with no notice', () => {
  const parsed = fromHash(toHash(defaults()));
  assert.deepEqual(parsed.state, defaults());
  assert.deepEqual(parsed.notices, []);
});

test('every kind of value round-trips', () => {
  const { state, notices } = validate({
    dataset: 'moons',
    n: 350,
    noise: 0.15,
    split: 0.25,
    features: ['x1x2', 'x1'],
    seed: 99,
    layers: [16, 1, 3],
    act: ['sigmoid', 'linear', 'relu'],
    output: 'tanh',
    loss: 'mse',
    init: 'he',
    optimizer: 'rmsprop',
    lr: 0.003,
    gamma: 0.95,
    batch: 0,
    patience: 12,
    l1: 0.01,
    l2: 0.1,
    dropout: 0.2,
    speed: 'fast',
    logscale: true,
    embed: true,
    hide: ['curves', 'learned'],
  });
  assert.deepEqual(notices, []);
  assert.deepEqual(fromHash(toHash(state)).state, state);
});

test('a bad value keeps the default and says so; unknown keys and garbage only add notices', () => {
  const { state, notices } = fromHash(
    '#lr=-1&layers=0,3&features=x1,x1&act=swish&n=12.5&logscale=maybe&what=1&%zz=1&x',
  );
  assert.deepEqual(state, defaults());
  for (const key of ['lr', 'layers', 'features', 'act', 'n', 'logscale']) {
    assert.ok(
      notices.some((n) => n.includes(`(${key})`)),
      `notice for ${key}`,
    );
  }
  assert.ok(notices.some((n) => n.includes('unknown setting “what”')));
  assert.ok(notices.some((n) => n.includes('malformed')));
  assert.ok(notices.some((n) => n.includes('no value')));
});

test('no input makes the parser throw', () => {
  for (const hash of [
    '',
    '#',
    '#&&&',
    '#=',
    '#%',
    '#%E0%A4%A',
    '#a=b=c',
    `#${'x'.repeat(10000)}`,
    '#layers=' + '1,'.repeat(500),
    '#__proto__=1',
    '#constructor=x',
    '#lr=1e400',
    '#lr=NaN',
    '#n=Infinity',
  ]) {
    const { state } = fromHash(hash);
    assert.equal(typeof state.lr, 'number');
    assert.ok(Number.isFinite(state.lr));
  }
});

test('activations follow the number of hidden layers', () => {
  assert.deepEqual(validate({ layers: [4, 4, 4], act: ['relu'] }).state.act, ['relu', 'relu', 'relu']);
  const mismatched = validate({ layers: [4, 4, 4], act: ['relu', 'tanh'] });
  assert.deepEqual(mismatched.state.act, ['relu', 'tanh', 'tanh']);
  assert.equal(mismatched.notices.length, 1);
  assert.deepEqual(validate({ layers: [4] }, validate({ layers: [4, 4], act: ['relu', 'tanh'] }).state).state.act, [
    'relu',
  ]);
});

test('setState values must have their JS type: no loose coercion', () => {
  const cases = {
    noise: null,
    lr: true,
    dataset: ['xor'],
    n: '5x',
    logscale: 1,
    layers: 8,
    features: { x1: true },
    seed: false,
  };
  for (const [key, value] of Object.entries(cases)) {
    const { state, notices } = validate({ [key]: value });
    assert.deepEqual(state, defaults(), `${key}: ${JSON.stringify(value)} is refused`);
    assert.equal(notices.length, 1, `${key}: one notice`);
    assert.ok(notices[0].includes(`(${key})`), notices[0]);
  }
  // URL-style strings and values of the right type are taken.
  const { state, notices } = validate({
    noise: '0.2',
    lr: 0.1,
    dataset: 'xor',
    logscale: true,
    layers: [4, 3],
    hide: 'curves',
  });
  assert.deepEqual(notices, []);
  assert.deepEqual(
    [state.noise, state.lr, state.dataset, state.logscale, state.layers, state.hide],
    [0.2, 0.1, 'xor', true, [4, 3], ['curves']],
  );
});

test('a partial that is not an object gives one notice and changes nothing', () => {
  for (const partial of ['dataset=spiral', 42, ['dataset', 'xor'], true]) {
    const { state, notices } = validate(partial);
    assert.deepEqual(state, defaults());
    assert.equal(notices.length, 1, `${JSON.stringify(partial)}: ${notices.join(' | ')}`);
  }
  assert.deepEqual(validate(undefined).notices, []);
});

test('an empty list item is refused with a notice, never dropped (#layers=1,,2 is not 1,2)', () => {
  for (const hash of ['#layers=1,,2', '#layers=4,', '#layers=,4', '#features=x1,,x2', '#act=relu,,tanh']) {
    const { state, notices } = fromHash(hash);
    assert.deepEqual(state, defaults(), hash);
    const key = hash.slice(1, hash.indexOf('='));
    assert.equal(notices.length, 1, hash);
    assert.ok(notices[0].includes(`(${key})`) && notices[0].includes('kept'), notices[0]);
  }
  // An empty list where one is allowed is still empty, not an error.
  const { state, notices } = fromHash('#hide=');
  assert.deepEqual(state.hide, []);
  assert.deepEqual(notices, []);
});

test("a lesson's switches are rows of the state table: defaults, validation, and the hash only when not default", async () => {
  const { PROPERTIES } = await import('../../web/src/state.js');
  const { LESSONS, switchRows, lessonPreset } = await import('../../web/src/lessons/index.js');
  assert.deepEqual(switchRows(LESSONS.find((l) => l.id === 'q5')), {
    'q5.quiz': { type: 'bool', default: true, label: 'predict the shapes before a change' },
  });
  assert.equal(PROPERTIES['q5.quiz'].group, 'lesson');
  assert.equal(defaults()['q5.quiz'], true);
  assert.deepEqual(lessonPreset(LESSONS.find((l) => l.id === 'q5')), {
    dataset: 'iris',
    layers: [6, 4],
    act: ['relu', 'relu'],
    output: 'softmax',
    loss: 'cross_entropy',
    'q5.quiz': true,
  });
  assert.equal(toHash(defaults()).includes('q5.quiz'), false);
  const off = fromHash('#lesson=q5&q5.quiz=0');
  assert.deepEqual(off.notices, []);
  assert.equal(off.state.lesson, 'q5');
  assert.equal(off.state['q5.quiz'], false);
  assert.ok(toHash(off.state).endsWith('&lesson=q5&q5.quiz=0'), toHash(off.state));
  assert.deepEqual(fromHash(toHash(off.state)).state, off.state);
  const bad = validate({ 'q5.quiz': 'yes' });
  assert.equal(bad.state['q5.quiz'], true);
  assert.deepEqual(bad.notices, [
    'Lesson q5: predict the shapes before a change (q5.quiz): “yes” is not true or false (1 or 0 in the address); kept true.',
  ]);
  assert.deepEqual(validate({ lesson: 'q99' }).notices.length, 1);
});

test("every name list and the default validation fraction are the engine's", async () => {
  const bp = await createBackprop();
  const state = await import('../../web/src/state.js');
  const hidden = bp.activationNames().filter((n) => bp.activationInfo(n).hidden);
  const outputs = bp.activationNames().filter((n) => bp.activationInfo(n).output);
  assert.deepEqual(
    [state.FEATURES, state.HIDDEN_ACTIVATIONS, state.OUTPUT_ACTIVATIONS, state.LOSSES, state.OPTIMIZERS, state.INITS],
    [bp.featureNames(), hidden, outputs, bp.lossNames(), bp.optimizerNames(), bp.initNames()],
  );
  assert.ok(!state.HIDDEN_ACTIVATIONS.includes('softmax') && state.OUTPUT_ACTIVATIONS.includes('softmax'));
  assert.equal(defaults().split, bp.datasetInfo('circle').validationFraction);
  // The features list takes as many features as the engine has, and no more.
  assert.deepEqual(validate({ features: bp.featureNames() }).notices, []);
  assert.equal(validate({ features: [...bp.featureNames(), 'x1'] }).notices.length, 1);
  assert.ok(validate({ act: ['softmax'] }).notices[0].includes('(act)'));
});
