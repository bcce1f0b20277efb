// The lesson API (lessons.md, "what every lesson is"): what a lesson's file gets when it opens, and all it
// gets. The page's calls (window.playground's), read-only views of the page's network, the engine for the
// lesson's own objects (each one tracked and deleted when the lesson closes), the view factories, the
// grading helper, its switches (rows of the state table, so they live in the URL) and its readouts.

import katex from 'katex';
import { createContour, createGauge, createMatrix, createPlot } from './views/lesson/index.js';
import { grade, describeTolerance, tolerance } from './grading.js';
import { plain } from './labels.js';
import { switchKey } from './lessons/index.js';
import { PROPERTIES } from './state.js';
import { datasetOptions, optimizerOptions, regularizationOptions } from './session.js';

// The engine's module functions a lesson may call: each returns plain data and keeps no object.
const FUNCTIONS = [
  'activation',
  'datasetInfo',
  'datasetNames',
  'linearRegression',
  'surface',
  'surfaceGrid',
  'trajectory',
  'minibatchPath',
  'activationInfo',
  'activationNames',
  'lossNames',
  'optimizerNames',
  'initNames',
  'featureNames',
  'outputPairs',
];
// What a lesson may read of the page's own network: getters that return copies and change nothing (predict
// and classify leave the step's caches alone).
const NETWORK_READS = [
  'sizes',
  'numLayers',
  'config',
  'weights',
  'biases',
  'optimizer',
  'optimizerState',
  'regularization',
  'predict',
  'classify',
  'toJSON',
  'brokenDerivative',
  'activations',
  // The 1/0 mask of the last training step's dropout on layer l (lesson q8 counts the kept units).
  'dropoutMask',
  'contributions',
];

// One open lesson's API. `bp` is the engine module, `playground()` the page's API (window.playground, which
// is installed after the first lesson may open), `network()` the page's current Network (read through a
// getter-only view), `reset()` the page's "reset lesson".
export function createLessonApi({ lesson, bp, playground, network, reset }) {
  const owned = []; // the lesson's engine objects, in creation order
  const unsubscribe = [];
  let closed = false;
  const alive = () => {
    if (closed) throw new Error(`lesson ${lesson.id}: the lesson is closed`);
  };
  const own = (object) => {
    owned.push(object);
    return object;
  };
  const mine = (object, what) => {
    if (!owned.includes(object)) throw new Error(`lesson ${lesson.id}: ${what} must be an object this lesson made`);
    return object;
  };

  let pageData = null; // the lesson's copy of the page's data set (api.pageData)
  const engine = {
    Network: (options) => {
      alive();
      return own(new bp.Network(options));
    },
    // A copy of a network from its toJSON() (the page's, through network.toJSON()): config, weights and
    // optimizer state, for the lesson to probe without touching the page's.
    NetworkFromJSON: (text) => {
      alive();
      return own(bp.Network.fromJSON(text));
    },
    Dataset: (options) => {
      alive();
      return own(new bp.Dataset(options));
    },
    Trainer: (net, data, options) => {
      alive();
      return own(new bp.Trainer(mine(net, 'the network'), mine(data, 'the data set'), options));
    },
    // Deletes one of the lesson's objects now (closing the lesson deletes the rest).
    delete(object) {
      const k = owned.indexOf(mine(object, 'what is deleted'));
      owned.splice(k, 1);
      if (!object.isDeleted()) object.delete();
    },
    objects: () => owned.filter((o) => !o.isDeleted()).length,
  };
  for (const name of FUNCTIONS) {
    if (typeof bp[name] === 'function')
      engine[name] = (...args) => {
        alive();
        return bp[name](...args);
      };
  }
  Object.freeze(engine);

  const pageNetwork = {};
  for (const name of NETWORK_READS) {
    pageNetwork[name] = (...args) => {
      const net = network();
      if (typeof net?.[name] !== 'function')
        throw new Error(`lesson ${lesson.id}: the page's network has no ${name}()`);
      return net[name](...args);
    };
  }
  Object.freeze(pageNetwork);

  const api = {
    id: lesson.id,
    // The page's calls, exactly window.playground's.
    get playground() {
      return playground();
    },
    // Page events for the lesson's lifetime: unsubscribed when it closes.
    on(event, fn) {
      alive();
      const off = playground().on(event, fn);
      unsubscribe.push(off);
      return off;
    },
    network: pageNetwork,
    engine,
    views: { contour: createContour, plot: createPlot, gauge: createGauge, matrix: createMatrix },
    grade,
    tolerance,
    describeTolerance,
    plain,
    // KaTeX source rendered into `el` (display mode).
    tex(el, source) {
      katex.render(source, el, { displayMode: true, throwOnError: false, strict: 'ignore', output: 'htmlAndMathml' });
    },
    // The lesson's switches, read from and written to the page's state (and so the URL).
    switch(name) {
      return playground().getState()[switchKey(lesson.id, name)];
    },
    setSwitch(name, value) {
      alive();
      return playground().setState({ [switchKey(lesson.id, name)]: value });
    },
    // An <output data-readout="name"> in `parent`: set(text, value) shows the text and keeps the exact value
    // (a number at full precision or the exact string) in data-value.
    readout(parent, name, label) {
      const row = parent.appendChild(document.createElement('p'));
      row.className = 'readout';
      const caption = row.appendChild(document.createElement('span'));
      caption.className = 'readout-label';
      caption.textContent = `${label} `;
      const out = row.appendChild(document.createElement('output'));
      out.dataset.readout = name;
      return {
        element: out,
        set(text, value = text) {
          out.textContent = text;
          out.dataset.value = String(value);
        },
      };
    },
    // The Dataset options the page builds its data from, for `state` (default: the page's now): a lesson's own
    // api.engine.Dataset(api.datasetOptions()) holds the same examples as the page's.
    datasetOptions: (state = playground().getState()) => datasetOptions(state, bp.datasetInfo(state.dataset)),
    // How the page builds and trains its run for `state` (default: the page's now) on `data` (default: the
    // lesson's copy of the page's data set): a lesson's own Network ({sizes, ...network}, then setOptimizer,
    // setRegularization, setBrokenDerivative) and Trainer (on `data` with `trainer`) train exactly as the
    // page's would with those sizes.
    runOptions(state = playground().getState(), data = api.pageData(state).ds) {
      const nTrain = data.info().nTrain;
      return {
        network: { hidden: state.act, output: state.output, loss: state.loss, init: state.init, seed: state.seed },
        optimizer: optimizerOptions(state),
        regularization: regularizationOptions(state),
        broken: state.broken,
        trainer: { batchSize: Math.min(state.batch, nTrain), seed: state.seed, patience: state.patience },
      };
    },
    // The lesson's own copy of the page's data set for `state` (default: the page's now), made again when the
    // data settings change (the previous copy deleted): {key, ds, X: trainX, Y: trainY, n: nTrain}, the same
    // object while they do not.
    pageData(state = playground().getState()) {
      alive();
      const options = datasetOptions(state, bp.datasetInfo(state.dataset));
      const key = JSON.stringify(options);
      if (pageData?.key !== key) {
        if (pageData && !pageData.ds.isDeleted()) engine.delete(pageData.ds);
        const ds = engine.Dataset(options);
        pageData = { key, ds, X: ds.trainX(), Y: ds.trainY(), n: ds.info().nTrain };
      }
      return pageData;
    },
    // Trains `epochs` more epochs on the page, one Epoch step at a time (so every view follows), until they
    // ran, training stopped (divergence, early stopping) or the lesson closed; `progress(done)` after each
    // epoch. Returns how many epochs ran.
    async trainEpochs(epochs, progress = () => {}) {
      alive();
      const page = playground();
      await page.pause();
      const start = page.epoch();
      while (!closed && page.epoch() < start + epochs) {
        const before = page.epoch();
        await page.stepEpoch();
        if (page.epoch() === before) break;
        progress(page.epoch() - start);
      }
      return page.epoch() - start;
    },
    // The settings of the "Set by you" panel, as state keys: every key that is not a view key or a lesson
    // switch (the hyperparameters).
    settings: () => Object.keys(PROPERTIES).filter((key) => !['view', 'lesson'].includes(PROPERTIES[key].group)),
    // The page's "reset lesson": its preset and switch defaults again, and the lesson opened afresh.
    reset: () => reset(),
  };

  return {
    api: Object.freeze(api),
    // Deletes every object the lesson still holds (newest first: a trainer before its network) and drops
    // its page-event listeners. Returns how many objects it deleted.
    close() {
      closed = true;
      unsubscribe.splice(0).forEach((off) => off());
      let deleted = 0;
      for (const object of owned.splice(0).reverse()) {
        if (!object.isDeleted()) {
          object.delete();
          deleted++;
        }
      }
      return deleted;
    },
    objects: () => engine.objects(),
  };
}
