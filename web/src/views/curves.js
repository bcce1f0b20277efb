// The loss curves (uPlot): training and validation loss per epoch, accuracy for classification, the Bayes
// error where the data set knows it, a log-scale option, and earlier runs kept faded (each its own colour,
// training solid and validation dashed, labelled by its own settings).

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { NEGATIVE, POSITIVE } from './colors.js';
import { whole } from '../labels.js';

// Kept runs: hues apart from the current run's blue/orange (and from each other), faded so the current
// run stays in front.
const KEPT = ['rgba(123,31,162,0.55)', 'rgba(46,125,50,0.55)', 'rgba(109,76,65,0.55)', 'rgba(0,131,143,0.55)'];
const KEPT_DASH = [5, 3];
// The legend's markers show a dashed series dashed (uPlot draws every marker solid by default).
const LEGEND = { live: false, markers: { dash: (u, i) => (u.series[i].dash ? 'dashed' : 'solid') } };
// Epochs are whole numbers: ticks at these steps only, and the axis starts at epoch 1.
const EPOCH_AXIS = {
  label: 'epoch',
  incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000],
};
const EPOCH_SCALE = { time: false, range: (u, lo, hi) => [1, Math.max(2, hi ?? 2)] };
// The y axis's tick labels: uPlot's font, measured to size the axis so the widest label is drawn whole;
// labels at least MIN_LABEL_GAP px apart (a 12 px line of text and a little air), so none overlap.
const AXIS_FONT = '12px system-ui, sans-serif';
const MIN_LABEL_GAP = 15;
const measure = document.createElement('canvas').getContext('2d');
measure.font = AXIS_FONT;
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
    // Why the curves stop (divergence) and what the next change does to the stopped run.
    this.note = document.createElement('p');
    this.note.className = 'hint curves-note';
    this.note.setAttribute('aria-live', 'polite');
    this.note.hidden = true;
    accuracyRoot.after(this.note);
    // What the dashed Bayes lines are (a student asks): said under the charts and in their legend's tooltips.
    this.bayesNote = document.createElement('p');
    this.bayesNote.className = 'hint bayes-note';
    this.bayesNote.hidden = true;
    accuracyRoot.after(this.bayesNote);
    // Before the run's first epoch there is nothing to draw: each chart says so where it will be, instead
    // of an empty 1..2 axis that reads as data.
    this.empty = [
      [lossRoot, 'The training and validation loss of each epoch is drawn here as training runs (Play or Epoch).'],
      [accuracyRoot, 'The accuracy of each epoch is drawn here as training runs.'],
    ].map(([chart, text]) => {
      const p = chart.appendChild(document.createElement('p'));
      p.className = 'hint curves-empty';
      p.textContent = text;
      p.hidden = true;
      return p;
    });
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
    this.showNote(snap);
    const runs = pastRuns.map((r) => `${r.id}:${r.label}`).join(',');
    const key = `${runs}|${classification}|${logscale}|${bayesLoss}|${bayesAccuracy}`;
    const rebuilt = key !== this.key;
    if (rebuilt) this.build(snap, key);
    const last = Math.max(lastEpoch(history), ...pastRuns.map((r) => lastEpoch(r.history)), 1);
    this.showEmpty(lastEpoch(history) === 0, pastRuns.length === 0, snap.status === 'diverged');
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
    for (const run of pastRuns) lossData.push(pad(run.history, 'train'), pad(run.history, 'validation'));
    this.loss.setData(lossData);
    if (this.accuracy) {
      const accData = [epochs, pad(history, 'trainAccuracy'), pad(history, 'validationAccuracy')];
      if (bayesAccuracy !== null) accData.push(epochs.map(() => bayesAccuracy));
      for (const run of pastRuns)
        accData.push(pad(run.history, 'trainAccuracy'), pad(run.history, 'validationAccuracy'));
      this.accuracy.setData(accData);
    }
  }

  // No epoch yet in this run: the notes are shown (not after divergence, which stops the run and has its own
  // note); the axes are hidden too unless a kept run is drawn on them.
  showEmpty(noEpoch, nothingKept, diverged) {
    for (const p of this.empty) p.hidden = !noEpoch || diverged;
    this.lossRoot.classList.toggle('chart-empty', noEpoch && nothingKept);
    this.accuracyRoot.classList.toggle('chart-empty', noEpoch && nothingKept);
  }

  // After divergence: which epochs are drawn, and what a change of η does (session.apply: a diverged run
  // given a new optimizer setting is rebuilt from fresh weights, and the stopped run kept faded if it
  // finished an epoch).
  showNote(snap) {
    const diverged = snap.status === 'diverged';
    this.note.hidden = !diverged;
    if (!diverged) return;
    const train = snap.history.train ?? [];
    const finite = train.filter((x) => x !== null && Number.isFinite(x)).length;
    // A run stopped for growing too fast (10× its first loss) may have only finite losses: say which.
    const epochs = finite === 1 ? 'epoch' : `${finite} epochs`;
    const drawn =
      finite === 0
        ? 'no epoch finished with a finite loss, so there is nothing to draw'
        : finite === train.length
          ? `the curves show the ${epochs} that ran before it stopped`
          : `the curves show the ${epochs} whose loss was finite`;
    this.note.textContent =
      `Training diverged at epoch ${snap.epoch}: ${drawn}. Changing η (or the optimizer) starts a new run ` +
      `from fresh weights${finite > 0 ? '; this run stays on the chart, faded' : ''}. Reset does the same.`;
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
    // A single finite epoch (a run that diverged in its second) is a point, not a line: points always shown
    // for a run that short.
    const points = { show: (u, si) => (u.data[si] ?? []).filter((v) => v !== null).length <= 3 };
    series[1].points = points;
    series[2].points = points;
    const kept = (what) =>
      pastRuns.flatMap((run, k) => [
        { label: `earlier: ${run.label} — training ${what}`, stroke: KEPT[k % KEPT.length], width: 1.5 },
        {
          label: `earlier: ${run.label} — validation ${what}`,
          stroke: KEPT[k % KEPT.length],
          width: 1.5,
          dash: KEPT_DASH,
        },
      ]);
    series.push(...kept('loss'));
    this.loss = new uPlot(
      {
        width,
        height: 170,
        series,
        scales: { x: EPOCH_SCALE, y: logscale ? { distr: 3 } : { range: (u, lo, hi) => [0, hi > 0 ? hi * 1.05 : 1] } },
        axes: [
          EPOCH_AXIS,
          {
            label: logscale ? 'loss (log)' : 'loss',
            font: AXIS_FONT,
            size: axisSize,
            values: (u, splits) => this.lossTicks(splits),
            // A log axis over many decades has a split at every 1..9: grid lines only at the labels, or
            // they fill the plot grey.
            ...(logscale
              ? { filter: spacedLogTicks, grid: { filter: spacedLogTicks }, ticks: { filter: spacedLogTicks } }
              : {}),
          },
        ],
        legend: LEGEND,
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
      accSeries[1].points = points;
      accSeries[2].points = points;
      accSeries.push(...kept('accuracy'));
      this.accuracy = new uPlot(
        {
          width,
          height: 130,
          series: accSeries,
          scales: { x: EPOCH_SCALE, y: { range: [0, 1] } },
          axes: [EPOCH_AXIS, { label: 'accuracy', size: 50 }],
          legend: LEGEND,
          cursor: { show: false },
        },
        [[], ...accSeries.slice(1).map(() => [])],
        this.accuracyRoot,
      );
    }
    this.explainBayes(
      series.some((x) => x.label === 'Bayes loss'),
      Boolean(this.accuracy && bayesAccuracy !== null),
    );
  }

  // The Bayes lines' meaning: a tooltip on their legend entries and a note under the charts, only where drawn.
  explainBayes(lossLine, accuracyLine) {
    const words = [];
    if (lossLine) {
      words.push(BAYES.loss);
      titleEntry(this.lossRoot, 'Bayes loss', BAYES.loss);
    }
    if (accuracyLine) {
      words.push(BAYES.accuracy);
      titleEntry(this.accuracyRoot, 'Bayes accuracy', BAYES.accuracy);
    }
    this.bayesNote.textContent = words.join(' ');
    this.bayesNote.hidden = words.length === 0;
  }
}

// The Bayes lines in words (the engine knows them for data sets whose noise it made: datasetInfo's bayesLoss).
const BAYES = {
  loss:
    "Bayes loss (dashed grey): the loss of the best possible predictor for this data set's noise, the lowest " +
    'loss any model can expect on new data (a training loss below it is fitting the noise).',
  accuracy:
    "Bayes accuracy: that best possible predictor's accuracy, the highest accuracy any model can expect on new data.",
};

// The legend entry of series `label` gets `text` as its tooltip (uPlot draws the legend as a table).
function titleEntry(chart, label, text) {
  for (const row of chart.querySelectorAll('.u-legend .u-series'))
    if (row.textContent.trim() === label) row.title = text;
}

// The y-axis labels of the loss chart, kept on the chart element (data-y-ticks) as drawn: uPlot writes
// them on the canvas, where a test cannot read them.
CurvesView.prototype.lossTicks = function lossTicks(splits) {
  const labels = splits.map(tickLabel);
  this.lossRoot.dataset.yTicks = JSON.stringify(labels);
  return labels;
};

// A loss tick in the page's one number format (labels.js: 0.5, 2×10⁻⁵; a log axis reaches small ones);
// 0 only for 0 itself.
export function tickLabel(v) {
  if (v === null || !Number.isFinite(v)) return '';
  return whole(v);
}

// The y axis as wide as its widest label needs (ticks 10 px, gap 5 px, a little air), at least 40 px.
function axisSize(u, values) {
  const widest = Math.max(0, ...(values ?? []).map((v) => (v ? measure.measureText(v).width : 0)));
  return Math.max(40, Math.ceil(widest) + 19);
}

// Which ticks of a log axis get a label (the others stay null): powers of ten first, then 5s and 2s, then
// the rest, each only if it is MIN_LABEL_GAP px from every label taken; and at least the two ticks farthest
// apart whenever they are that far apart, so a loss that spans less than a decade still reads as a range.
function spacedLogTicks(u, splits, axisIdx) {
  const scale = u.axes[axisIdx].scale;
  const at = splits.map((v) => u.valToPos(v, scale));
  const rank = (v) => {
    const mantissa = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
    return mantissa === 1 ? 0 : mantissa === 5 ? 1 : mantissa === 2 ? 2 : 3;
  };
  const order = splits.map((v, i) => i).sort((a, b) => rank(splits[a]) - rank(splits[b]) || a - b);
  const taken = [];
  const free = (i) => taken.every((k) => Math.abs(at[k] - at[i]) >= MIN_LABEL_GAP);
  for (const i of order) if (free(i)) taken.push(i);
  if (taken.length < 2 && splits.length >= 2) {
    // The ends of the axis, if far enough apart: the best-ranked label stays, the other end joins it.
    const ends = [0, splits.length - 1];
    const far = ends.sort((a, b) => Math.abs(at[b] - at[taken[0]]) - Math.abs(at[a] - at[taken[0]]))[0];
    if (free(far)) taken.push(far);
    else if (Math.abs(at[ends[0]] - at[ends[1]]) >= MIN_LABEL_GAP) taken.splice(0, taken.length, ...ends);
  }
  return splits.map((v, i) => (taken.includes(i) ? v : null));
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
