// Builds the per-frame snapshot the views draw: copies from the engine session and the timeline, plus the
// details of the inspected neuron or link. Views read only this, never the engine.

import { FEATURE_LABELS, classNames } from './labels.js';

const LINE_POINTS = 121;
const LINE_RANGE = [-1.2, 1.2];

// Things that change only with the data set, computed once per data set.
function dataFacts(session) {
  if (session.dataFacts?.id === session.datasetId) return session.dataFacts;
  const ds = session.dataset;
  const info = session.info;
  const trainY = ds.trainY();
  const validationY = ds.validationY();
  const ys = [...trainY, ...validationY].filter(Number.isFinite);
  const classification = info.task === 'classification';
  const facts = {
    id: session.datasetId,
    trainPoints: ds.trainPoints(),
    validationPoints: ds.validationPoints(),
    trainY,
    validationY,
    // The true class of every point by the trainer's own rule.
    trainClass: classification ? ds.trainClasses() : null,
    validationClass: classification ? ds.validationClasses() : null,
    // The input plane the engine's heatmap grid covers (one core constant, from datasetInfo).
    plane: info.twoD ? [-session.catalog.plane.extent, session.catalog.plane.extent] : null,
    targetRange: info.task === 'regression' ? [Math.min(...ys), Math.max(...ys)] : [0, 1],
    inputLabels: (info.twoD ? ds.features() : info.features).map((f) => FEATURE_LABELS[f] ?? f.replace(/_/g, ' ')),
    oneD: !info.twoD && info.inputs === 1,
  };
  session.dataFacts = facts;
  return facts;
}

// `light` snapshots (between heavy redraws while training fast) leave out the grids and the inspection.
export function buildSnapshot({
  session,
  timeline,
  state,
  inspected,
  pinned = null,
  example,
  light = false,
  resolution = 72,
}) {
  const net = session.net;
  const info = session.info;
  const sizes = net.sizes();
  const config = net.config();
  const L = sizes.length - 1;
  const facts = dataFacts(session);
  const record = timeline.record && timeline.record.sizes.join() === sizes.join() ? timeline.record : null;
  const stepping = timeline.index >= 0;
  const current = light ? null : session.parameters();
  // Until an animated step reaches its update, every view shows the weights before it.
  const before = record && stepping && !timeline.updated() ? record : null;
  const weights = before ? record.W : current?.W;
  const biases = before ? record.b : current?.b;
  // One source for what each phase shows: the diagram and the inspector both read these parameters and
  // say which they are.
  const when = before ? "before this step's update" : stepping ? "after this step's update" : 'now';
  const history = session.history();
  const bayesLoss = info.bayesLoss?.[config.loss];
  const classify = !light && info.task === 'classification';
  const snap = {
    sizes,
    config,
    info,
    L,
    phase: timeline.current(),
    ranges: session.ranges(),
    record,
    stepping,
    weights,
    biases,
    parametersWhen: when,
    j: example,
    weightsBeforeUpdate: Boolean(before),
    twoD: info.twoD,
    oneD: facts.oneD,
    task: info.task,
    ...facts,
    dataKey: `${session.datasetId}`,
    history,
    pastRuns: session.pastRuns,
    epoch: session.epoch(),
    status: session.status(),
    classification: info.task === 'classification',
    logscale: state.logscale,
    bayesLoss: Number.isFinite(bayesLoss) ? bayesLoss : null,
    bayesAccuracy: Number.isFinite(info.bayesErrorRate) ? 1 - info.bayesErrorRate : null,
  };
  // The engine's heavy answers (heatmaps, the fitted line, every point's class, the inspection) are worked out
  // when a view first reads them (frame work, issue 10 item 16): a frame that draws only the equation, or
  // only the diagram, never pays for the output's.
  lazy(snap, 'grid', () => (info.twoD && !light ? session.grid(resolution, before) : null));
  lazy(snap, 'line', () =>
    facts.oneD && !light ? session.line(LINE_RANGE[0], LINE_RANGE[1], LINE_POINTS, before) : null,
  );
  // The engine's predicted class of every shown point (issue 10 item 3: the output marks the wrong ones).
  lazy(snap, 'predictedClass', () => (classify ? session.validationClasses(before) : null));
  lazy(snap, 'trainPredictedClass', () => (classify ? session.trainClasses(before) : null));
  lazy(snap, 't', () => (light ? 0 : net.optimizerState(1).t));
  lazy(snap, 'detail', () =>
    inspected && !light
      ? inspect(session, inspected, {
          sizes,
          config,
          record,
          shown: { W: weights, b: biases, when },
          facts,
          example,
          pinned: Boolean(pinned && sameTarget(pinned, inspected)),
        })
      : null,
  );
  return snap;
}

// A property computed on its first read and kept (a plain value from then on: spreads and assignments see
// an ordinary property).
function lazy(object, name, compute) {
  Object.defineProperty(object, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
    set(value) {
      Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
    },
  });
}

// The inspected neuron or link's values; null when it does not exist in the current architecture.
function inspect(session, target, { sizes, config, record, shown, facts, example, pinned }) {
  const { l, i } = target;
  const L = sizes.length - 1;
  const within = (x, n) => Number.isInteger(x) && x >= 0 && x < n;
  if (!Number.isInteger(l) || l < 0 || l > L || !within(i, sizes[l])) return null;
  if (target.type === 'link' && (l === 0 || !within(target.k, sizes[l - 1]))) return null;
  const m = record?.m ?? 1;
  const j = Math.min(example, m - 1);
  const at = (matrix) => (record && matrix ? matrix[i * m + j] : null);
  // After training in one go (no step record) the last step's gradients are still the engine's, unless no
  // step has been taken in this run.
  const stepped = session.net.optimizerState(1).t > 0;
  const lastDW = record ? record.dW[l] : l > 0 && stepped ? session.net.gradWeights(l) : null;
  const lastDb = record ? record.db[l] : l > 0 && stepped ? session.net.gradBiases(l) : null;
  const editable = { type: target.type, l, i, k: target.k };
  // An output neuron of several classes is named by its class too (details3: iris's species).
  const classes = session.info.task === 'classification' && sizes[L] > 1 ? classNames(session.info) : null;
  const its = (layer, k) => (layer === L && classes ? ` (${classes[k]})` : '');
  const name = (layer, k) => (layer === 0 ? facts.inputLabels[k] : `neuron ${k + 1} of layer ${layer}${its(layer, k)}`);
  if (target.type === 'link') {
    const k = target.k;
    const index = i * sizes[l - 1] + k;
    const state = session.net.optimizerState(l);
    const rows = [[`w (${shown.when})`, shown.W[l][index]]];
    if (record && shown.when === 'now') rows.push(['w before the last step', record.W[l][index]]);
    rows.push(['dW (last step)', lastDW ? lastDW[index] : null]);
    for (const key of ['v', 's', 'm', 'mhat', 'vhat'])
      if (state[key]) rows.push([`optimizer ${key}`, state[key][index]]);
    return {
      target,
      pinned,
      edit: { ...editable, name: 'w', value: shown.W[l][index], when: shown.when },
      title: `Link W[${l}]${i + 1},${k + 1}: from ${name(l - 1, k)} to ${name(l, i)}`,
      rows,
    };
  }
  if (l === 0) {
    return {
      target,
      pinned,
      title: `Input ${facts.inputLabels[i]}`,
      rows: [['value in the last step', at(record?.A[0])]],
    };
  }
  const act = l === L ? config.output : config.hidden[l - 1];
  const rows = [
    ['activation', act],
    [`b (${shown.when})`, shown.b[l][i]],
  ];
  if (record) {
    rows.push(
      ['z (last step)', at(record.Z[l])],
      ['a (last step)', at(record.A[l])],
      ['dZ (last step)', at(record.dZ[l])],
      ['db (last step)', record.db[l][i]],
    );
  } else rows.push(['db (last step)', lastDb ? lastDb[i] : null]);
  const incoming = [];
  for (let k = 0; k < sizes[l - 1]; k++) {
    const index = i * sizes[l - 1] + k;
    incoming.push({ from: name(l - 1, k), w: shown.W[l][index], dW: lastDW ? lastDW[index] : null });
  }
  return {
    target,
    pinned,
    when: shown.when,
    edit: { ...editable, name: 'b', value: shown.b[l][i], when: shown.when },
    title: `${l === L ? 'Output' : 'Layer ' + l} neuron ${i + 1}${its(l, i)}`,
    rows,
    incoming,
  };
}

const sameTarget = (a, b) => a.type === b.type && a.l === b.l && a.i === b.i && a.k === b.k;
