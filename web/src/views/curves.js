// The loss curves (uPlot): training and validation loss per epoch, accuracy for classification, the Bayes
// error where the data set knows it, a log-scale option, and earlier runs kept faded.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { NEGATIVE, POSITIVE } from './colors.js';

const FADED = ['rgba(25,103,210,0.28)', 'rgba(232,113,10,0.28)'];
// Epochs are whole numbers: ticks at these steps only, and the axis starts at epoch 1.
const EPOCH_AXIS = {
  label: 'epoch',
  incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000],
};
const EPOCH_SCALE = { time: false, range: (u, lo, hi) => [1, Math.max(2, hi ?? 2)] };
// Long runs are drawn from at most this many epochs (evenly spaced, the last always in), so a redraw
// costs the same at epoch 300 and at epoch 30 000.
const MAX_POINTS = 1000;

export class CurvesView {
  constructor(lossRoot, accuracyRoot) {
    this.lossRoot = lossRoot;
    this.accuracyRoot = accuracyRoot;
    this.loss = null;
    this.accuracy = null;
    this.key = '';
    this.width = 0;
    new ResizeObserver(() => {
      if (Math.abs(this.lossRoot.clientWidth - this.width) > 4) {
        this.key = '';
        this.last && this.update(this.last);
      }
    }).observe(lossRoot);
  }

  update(snap) {
    this.last = snap;
    const { history, pastRuns, classification, logscale, bayesLoss, bayesAccuracy } = snap;
    const key = `${pastRuns.map((r) => r.id).join(',')}|${classification}|${logscale}|${bayesLoss}|${bayesAccuracy}`;
    const rebuilt = key !== this.key;
    if (rebuilt) this.build(snap, key);
    const last = Math.max(lastEpoch(history), ...pastRuns.map((r) => lastEpoch(r.history)), 1);
    // Nothing new to draw: the same run at the same epoch.
    if (!rebuilt && history === this.drawnHistory && last === this.drawnLast) return;
    this.drawnHistory = history;
    this.drawnLast = last;
    const stride = Math.ceil(last / MAX_POINTS);
    const epochs = [];
    for (let e = 1; e <= last; e += stride) epochs.push(e);
    if (epochs.at(-1) !== last) epochs.push(last);
    const pad = (h, key) => atEpochs(h, key, epochs, logscale);
    const lossData = [epochs, pad(history, 'train'), pad(history, 'validation')];
    if (bayesLoss !== null && !(logscale && bayesLoss <= 0)) lossData.push(epochs.map(() => bayesLoss));
    for (const run of pastRuns) lossData.push(pad(run.history, 'validation'));
    this.loss.setData(lossData);
    if (this.accuracy) {
      const accData = [epochs, pad(history, 'trainAccuracy'), pad(history, 'validationAccuracy')];
      if (bayesAccuracy !== null) accData.push(epochs.map(() => bayesAccuracy));
      this.accuracy.setData(accData);
    }
  }

  build(snap, key) {
    this.key = key;
    this.loss?.destroy();
    this.accuracy?.destroy();
    this.accuracy = null;
    this.width = this.lossRoot.clientWidth;
    const width = Math.max(240, this.width);
    const { pastRuns, classification, logscale, bayesLoss, bayesAccuracy } = snap;
    const series = [
      { label: 'epoch' },
      { label: 'training loss', stroke: POSITIVE, width: 2 },
      { label: 'validation loss', stroke: NEGATIVE, width: 2 },
    ];
    if (bayesLoss !== null && !(logscale && bayesLoss <= 0)) {
      series.push({ label: 'Bayes loss', stroke: '#555', dash: [5, 4], width: 1, points: { show: false } });
    }
    pastRuns.forEach((run, k) => series.push({ label: `earlier: ${run.label}`, stroke: FADED[k % 2], width: 1.5 }));
    this.loss = new uPlot(
      {
        width,
        height: 170,
        series,
        scales: { x: EPOCH_SCALE, y: logscale ? { distr: 3 } : { range: (u, lo, hi) => [0, hi > 0 ? hi * 1.05 : 1] } },
        axes: [EPOCH_AXIS, { label: logscale ? 'loss (log)' : 'loss', size: 50 }],
        legend: { live: false },
        cursor: { show: false },
      },
      [[], ...series.slice(1).map(() => [])],
      this.lossRoot,
    );
    this.accuracyRoot.hidden = !classification;
    if (classification) {
      const accSeries = [
        { label: 'epoch' },
        { label: 'training accuracy', stroke: POSITIVE, width: 2 },
        { label: 'validation accuracy', stroke: NEGATIVE, width: 2 },
      ];
      if (bayesAccuracy !== null) accSeries.push({ label: 'Bayes accuracy', stroke: '#555', dash: [5, 4], width: 1 });
      this.accuracy = new uPlot(
        {
          width,
          height: 130,
          series: accSeries,
          scales: { x: EPOCH_SCALE, y: { range: [0, 1] } },
          axes: [EPOCH_AXIS, { label: 'accuracy', size: 50 }],
          legend: { live: false },
          cursor: { show: false },
        },
        [[], ...accSeries.slice(1).map(() => [])],
        this.accuracyRoot,
      );
    }
  }
}

function lastEpoch(history) {
  return history.epoch?.at(-1) ?? 0;
}

// The values of `key` at the given (increasing) epochs: each from the run's record of that epoch, or of the
// closest earlier epoch it kept (a long run's older records are thinned); null past the run's last epoch.
function atEpochs(history, key, epochs, logscale) {
  const recorded = history.epoch ?? [];
  const values = history[key] ?? [];
  const out = new Array(epochs.length);
  let r = -1;
  for (let i = 0; i < epochs.length; i++) {
    while (r + 1 < recorded.length && recorded[r + 1] <= epochs[i]) r++;
    out[i] = r < 0 || epochs[i] > recorded.at(-1) ? null : clean(values[r], logscale);
  }
  return out;
}

// The engine gives null for a non-finite value; a log axis cannot show 0 or less either.
function clean(x, logscale) {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  if (logscale && x <= 0) return null;
  return x;
}
