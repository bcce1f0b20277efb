// Builds the per-frame snapshot the views draw: copies from the engine session and the timeline, plus the
// details of the inspected neuron or link. Views read only this, never the engine.

import { FEATURE_LABELS } from './labels.js';

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
export function buildSnapshot({ session, timeline, state, inspected, example, light = false, resolution = 72 }) {
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
  const history = session.history();
  const bayesLoss = info.bayesLoss?.[config.loss];
  const classify = !light && info.task === 'classification';
  return {
    sizes,
    config,
    info,
    L,
    phase: timeline.current(),
    ranges: session.ranges(),
    record,
    stepping,
    weights,
    j: example,
    weightsBeforeUpdate: Boolean(before),
    twoD: info.twoD,
    oneD: facts.oneD,
    task: info.task,
    ...facts,
    dataKey: `${session.datasetId}`,
    grid: info.twoD && !light ? session.grid(resolution, before) : null,
    line: facts.oneD && !light ? session.line(LINE_RANGE[0], LINE_RANGE[1], LINE_POINTS, before) : null,
    // The engine's predicted class of every shown point (issue 10 item 3: the output marks the wrong ones).
    predictedClass: classify ? session.validationClasses(before) : null,
    trainPredictedClass: classify ? session.trainClasses(before) : null,
    history,
    pastRuns: session.pastRuns,
    epoch: session.epoch(),
    status: session.status(),
    classification: info.task === 'classification',
    logscale: state.logscale,
    bayesLoss: Number.isFinite(bayesLoss) ? bayesLoss : null,
    bayesAccuracy: Number.isFinite(info.bayesErrorRate) ? 1 - info.bayesErrorRate : null,
    t: light ? 0 : net.optimizerState(1).t,
    detail:
      inspected && !light ? inspect(session, inspected, { sizes, config, record, current, facts, example }) : null,
  };
}

// The inspected neuron or link's values; null when it does not exist in the current architecture.
function inspect(session, target, { sizes, config, record, current, facts, example }) {
  const { l, i } = target;
  const L = sizes.length - 1;
  const within = (x, n) => Number.isInteger(x) && x >= 0 && x < n;
  if (!Number.isInteger(l) || l < 0 || l > L || !within(i, sizes[l])) return null;
  if (target.type === 'link' && (l === 0 || !within(target.k, sizes[l - 1]))) return null;
  const m = record?.m ?? 1;
  const j = Math.min(example, m - 1);
  const at = (matrix) => (record && matrix ? matrix[i * m + j] : null);
  const name = (layer, k) => (layer === 0 ? facts.inputLabels[k] : `neuron ${k + 1} of layer ${layer}`);
  if (target.type === 'link') {
    const k = target.k;
    const index = i * sizes[l - 1] + k;
    const state = session.net.optimizerState(l);
    const rows = [['w (now)', current.W[l][index]]];
    if (record) rows.push(['w before the last step', record.W[l][index]], ['dW (last step)', record.dW[l][index]]);
    for (const key of ['v', 's', 'm', 'mhat', 'vhat'])
      if (state[key]) rows.push([`optimizer ${key}`, state[key][index]]);
    return { title: `Link W[${l}]${i + 1},${k + 1}: from ${name(l - 1, k)} to ${name(l, i)}`, rows };
  }
  if (l === 0) {
    return { title: `Input ${facts.inputLabels[i]}`, rows: [['value in the last step', at(record?.A[0])]] };
  }
  const act = l === L ? config.output : config.hidden[l - 1];
  const rows = [
    ['activation', act],
    ['b (now)', current.b[l][i]],
  ];
  if (record) {
    rows.push(
      ['z (last step)', at(record.Z[l])],
      ['a (last step)', at(record.A[l])],
      ['dZ (last step)', at(record.dZ[l])],
      ['db (last step)', record.db[l][i]],
    );
  }
  const incoming = [];
  for (let k = 0; k < sizes[l - 1]; k++) {
    const index = i * sizes[l - 1] + k;
    incoming.push({ from: name(l - 1, k), w: current.W[l][index], dW: record ? record.dW[l][index] : null });
  }
  return { title: `${l === L ? 'Output' : 'Layer ' + l} neuron ${i + 1}`, rows, incoming };
}
