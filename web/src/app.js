// The page controller: holds the state, the engine session and the timeline; turns user actions into engine
// calls; runs training in per-frame time slices; renders every view at most once per animation frame.

import { KEYS, PROPERTIES, changedKeys, defaults, fromHash, toHash, validate } from './state.js';
import { Session } from './session.js';
import { Timeline } from './timeline.js';
import { buildSnapshot } from './snapshot.js';
import { ControlsView } from './views/controls.js';
import { NetworkView } from './views/network.js';
import { OutputView } from './views/output.js';
import { CurvesView } from './views/curves.js';
import { InspectorView } from './views/inspector.js';
import { ToolbarView } from './views/toolbar.js';
import { EquationView } from './views/equation.js';
import { Notices } from './views/notices.js';
import { findLesson, lessonPreset } from './lessons/index.js';
import { createLessonApi } from './lesson-api.js';
import { LessonView } from './views/lesson.js';
import { classNames } from './labels.js';

const PHASE_MS = { slow: 1200, medium: 500, fast: 150 };
// Continuous training shares each frame with drawing: the slice is what is left of FRAME_MS after the
// last frame's drawing, and the heavy views (network, heatmaps) redraw at most every HEAVY_MS meanwhile,
// at a coarser grid.
const FRAME_MS = 13;
const MIN_SLICE_MS = 3;
const HEAVY_MS = 90;
const GRID_FAST = 44;
const GRID_FULL = 72;
const DEFAULTS_GIVEN = [];
// While training continuously the curves redraw at most this often (uPlot redraws every point).
const CURVES_MS = 250;

export class App {
  constructor(bp, dom) {
    const datasets = bp.datasetNames().map((name) => bp.datasetInfo(name));
    this.bp = bp;
    this.dom = dom;
    this.session = new Session(bp);
    this.timeline = new Timeline();
    this.playing = false;
    this.example = 0;
    this.inspected = null;
    this.pinned = null;
    this.listeners = new Map();
    this.frameRequested = false;
    this.afterRender = [];
    this.lastPhaseTime = 0;
    this.reportedStatus = 'running';
    this.lastEpoch = 0;
    this.lastHeavy = -Infinity;
    this.heavyStages = []; // the heavy views still to draw, one per frame (render)
    this.lastCurves = -Infinity;
    this.renderMs = 5;
    this.work = {}; // the current frame's work in ms per part, and its heavy views (frame())
    this.controlsKey = '';
    this.lastExample = null; // {index, of} after an Example step; any other step clears it

    this.notices = new Notices(dom.notices);
    const actions = {
      toggle: () => (this.playing ? this.pause() : this.play()),
      stepPhase: () => this.stepPhase(),
      stepExample: () => this.stepExample(),
      stepBatch: () => this.stepBatch(),
      stepEpoch: () => this.stepEpoch(),
      reset: () => this.reset(),
      setState: (p) => this.setState(p),
    };
    this.toolbar = new ToolbarView(dom.toolbar, actions);
    // After every change (taken, adjusted or refused) the controls show the state again at once.
    this.controls = new ControlsView(dom.settings, datasets, {
      onChange: (partial) => {
        this.setState(partial);
        this.syncControls(true);
      },
      // The data-set thumbnails are drawn from the engine's own samples; "restore defaults" says so in a notice.
      sample: (name) => this.session.sampleOf(name),
      notify: (text) => this.notices.add(text),
    });
    this.network = new NetworkView(dom.network, { onInspect: (target) => this.inspect(target) });
    this.equation = new EquationView(dom.equation, {
      onExample: (j) => {
        this.example = j;
        this.invalidate();
      },
      onPending: () => this.invalidate(),
    });
    this.output = new OutputView(dom.output, { setState: (p) => this.setState(p) });
    this.curves = new CurvesView(dom.lossChart, dom.accuracyChart);
    this.inspector = new InspectorView(dom.learned, { onEdit: (target, value) => this.editParameter(target, value) });
    dom.logscale.addEventListener('change', () => this.setState({ logscale: dom.logscale.checked }));
    // Choosing a lesson applies its preset on top of the current state (applyState); the lesson gets the
    // page's calls, read-only views of the page's network and the engine for objects of its own.
    this.lesson = new LessonView(dom.lessonMenu, dom.lesson, {
      choose: (id) => this.setState({ lesson: id }),
      reset: () => this.resetLesson(),
      restoreSetup: () => this.restoreOwnSetup(),
      open: (lesson) =>
        createLessonApi({
          lesson,
          bp,
          playground: () => window.playground,
          network: () => this.session.net,
          reset: () => this.resetLesson(),
        }),
    });

    this.watchScreenTop();
    this.watchLessonPlace();
    const initial = fromHash(location.hash);
    this.state = null;
    this.applyState(initial.state, initial.notices, initial.given);
    window.addEventListener('hashchange', () => {
      if (location.hash === this.lastHash) return;
      const parsed = fromHash(location.hash);
      this.applyState(parsed.state, parsed.notices, parsed.given);
    });
  }

  // ---- state -------------------------------------------------------------------------------------------
  setState(partial) {
    const started = performance.now();
    const { state, notices } = validate(partial, this.state);
    const given = partial && typeof partial === 'object' && !Array.isArray(partial) ? Object.keys(partial) : [];
    const shown = this.applyState(state, notices, given);
    performance.measure('playground-setstate', { start: started });
    return { state: structuredClone(this.state), notices: shown };
  }

  // Returns the notices it showed.
  applyState(next, notices = [], given = []) {
    const prior = this.state;
    next = this.withLessonPreset(next, given);
    let result;
    try {
      result = this.session.apply(next, given);
    } catch (error) {
      // The engine refused (it names the argument): the session kept its objects, so keep the previous
      // state; at start-up there is none, so fall back to the defaults.
      notices.forEach((n) => this.notices.add(n));
      const refused = `The engine refused these settings: ${error.message}`;
      this.notices.add(refused);
      this.emit('error', { message: error.message });
      if (!this.state) {
        if (given === DEFAULTS_GIVEN) throw error; // the defaults themselves failed: main.js reports it
        return [
          ...notices,
          refused,
          ...this.applyState(defaults(), ['Started with the default settings instead.'], DEFAULTS_GIVEN),
        ];
      }
      this.lastHash = toHash(this.state);
      if (location.hash !== this.lastHash) history.replaceState(null, '', this.lastHash);
      this.invalidate();
      return [...notices, refused];
    }
    this.state = result.state;
    const all = [...notices, ...result.notices];
    all.forEach((n) => this.notices.add(n));
    if (result.reset) this.newRun();
    this.lastHash = toHash(this.state);
    if (location.hash !== this.lastHash) history.replaceState(null, '', this.lastHash);
    this.applyLayout();
    this.keepOwnSetup(prior, this.state);
    this.lesson.show(this.state.lesson);
    this.invalidate();
    return all;
  }

  // Entering a lesson (from the menu, the address or setState) applies its preset and its switches'
  // defaults under the keys given explicitly alongside (`#lesson=q5&layers=8` keeps layers 8).
  withLessonPreset(next, given) {
    const lesson = findLesson(next.lesson);
    if (!lesson || next.lesson === this.state?.lesson) return next;
    // A lesson opens as its own address opens on a fresh page: every setting at its default under the
    // preset, so nothing of another lesson or of free play (dropout, noise, a broken σ′) changes its
    // numbers. The view's keys (speed, log scale, presentation, embed…) are the reader's and stay.
    const base = defaults();
    const preset = {};
    for (const key of KEYS) if (PROPERTIES[key].group !== 'view' && key !== 'lesson') preset[key] = base[key];
    Object.assign(preset, lessonPreset(lesson));
    for (const key of given) delete preset[key];
    return validate(preset, next).state;
  }

  // Opening a lesson replaces the student's free-play setup with its preset: the state from before the
  // first lesson is kept (switching lessons keeps it too) and the lesson box says what the lesson set and
  // offers it back, also once the lesson is closed. A lesson opened by a link on a fresh page has none.
  keepOwnSetup(prior, now) {
    if (!prior || prior.lesson === now.lesson) return;
    if (!prior.lesson && now.lesson) this.ownSetup = structuredClone(prior);
    if (!this.ownSetup) return;
    // The settings the lesson changed (its own switches and the lesson key are not the student's setup).
    const changed = changedKeys(prior, now).filter((key) => key !== 'lesson' && PROPERTIES[key].group !== 'lesson');
    const value = (key) =>
      typeof now[key] === 'boolean' ? (now[key] ? 'on' : 'off') : PROPERTIES[key].kind.format(now[key]);
    const set = changed.map((key) => `${PROPERTIES[key].label} ${value(key)}`);
    this.lesson.offerSetup(
      now.lesson
        ? `Lesson ${now.lesson} set: ${set.length ? set.join('; ') : 'nothing new'}. Your setup is kept:`
        : 'The lesson is closed; its settings stay. Your setup from before it is kept:',
    );
  }

  // "Back to my setup": the state object from before the lesson was opened, exactly (the lesson closes).
  restoreOwnSetup() {
    const own = this.ownSetup;
    if (!own) return this.rendered();
    this.ownSetup = null;
    this.lesson.offerSetup(null);
    this.applyState(structuredClone(own), [], Object.keys(own));
    return this.rendered();
  }

  // "Reset lesson": the preset and switch defaults again, a fresh run, and the lesson opened afresh (the
  // objects of its previous opening deleted).
  resetLesson() {
    const lesson = findLesson(this.state.lesson);
    if (!lesson) return this.rendered();
    this.setState(lessonPreset(lesson));
    this.reset();
    this.lesson.show(lesson.id, true);
    return this.rendered();
  }

  // On a wide screen the network and equation column reaches down to the window's bottom (styles.css,
  // layout3): it needs to know where it starts, below the header, toolbar and any notices, whose heights
  // change with the window's width and with what they say. Only a size change of those sets it again.
  watchScreenTop() {
    const layout = this.dom.network.closest('.layout');
    if (!layout || typeof ResizeObserver === 'undefined') return;
    let above = '';
    const measure = () => {
      const top = layout.getBoundingClientRect().top + scrollY + parseFloat(getComputedStyle(layout).paddingTop);
      const value = `${Math.round(top)}px`;
      if (value !== above) layout.style.setProperty('--above', (above = value));
    };
    const observer = new ResizeObserver(measure);
    for (const el of [document.querySelector('header.top'), this.dom.toolbar, this.dom.notices, this.dom.message])
      if (el) observer.observe(el);
  }

  // Below 1000 px wide (one column) an open lesson follows the network it talks about: its section moves
  // (in the document, so that the tab order follows what is seen) between the network panel and the
  // equation, and back to its own grid cell when the window is wider again.
  watchLessonPlace() {
    const panel = this.dom.lesson;
    const networkPanel = this.dom.panels?.network;
    if (!panel || !networkPanel || !window.matchMedia) return;
    const home = { parent: panel.parentElement, next: panel.nextElementSibling };
    const narrow = matchMedia('(max-width: 999px)');
    const place = () => {
      if (narrow.matches) {
        if (panel.previousElementSibling !== networkPanel) networkPanel.after(panel);
      } else if (panel.parentElement !== home.parent) home.parent.insertBefore(panel, home.next);
    };
    narrow.addEventListener('change', place);
    place();
  }

  applyLayout() {
    const { embed, hide } = this.state;
    document.body.classList.toggle('embed', embed);
    document.body.classList.toggle('presentation', this.state.presentation);
    for (const [name, panel] of Object.entries(this.dom.panels)) panel.hidden = hide.includes(name);
    this.dom.logscale.checked = this.state.logscale;
  }

  // ---- training control ---------------------------------------------------------------------------------
  play() {
    if (this.session.status() !== 'running') return this.rendered();
    this.playing = true;
    this.lastPhaseTime = -Infinity; // the first phase at once, however long the page has been open
    return this.rendered();
  }

  pause() {
    this.playing = false;
    this.lastHeavy = -Infinity;
    return this.rendered();
  }

  reset() {
    this.attempt('Reset', () => {
      this.session.reset();
      this.newRun();
    });
    return this.rendered();
  }

  // A fresh run: no animation, no message, and no inspected neuron (it may no longer exist).
  newRun() {
    this.timeline.clear();
    this.example = 0;
    this.reportedStatus = 'running';
    this.dom.message.hidden = true;
    this.lastEpoch = 0;
    this.inspected = null;
    this.pinned = null;
    this.lastExample = null;
  }

  // The next phase of the animated step; a finished (or no) step starts a new one on the next batch.
  // Continuous play is paused first: its next time slice would replace the step being shown.
  stepPhase() {
    if (this.continuous()) this.pause();
    this.lastExample = null;
    this.attempt('Training', () => {
      if (!this.timeline.advance()) {
        const record = this.session.stepBatch();
        if (record) this.timeline.begin(record);
      }
      this.emit('phase', this.phase());
      this.afterTraining();
    });
    return this.rendered();
  }

  stepExample() {
    this.attempt('Training', () => {
      this.timeline.finish(this.session.stepExample());
      // The status names the example stepped on (1-based, of the training set), not the batch.
      this.lastExample = { index: this.session.exampleCursor, of: this.session.info.nTrain };
      this.afterTraining();
    });
    return this.rendered();
  }

  stepBatch() {
    this.lastExample = null;
    this.attempt('Training', () => {
      this.timeline.finish(this.session.stepBatch());
      this.afterTraining();
    });
    return this.rendered();
  }

  stepEpoch() {
    this.lastExample = null;
    this.attempt('Training', () => {
      this.session.stepEpoch();
      this.timeline.clear();
      this.afterTraining();
    });
    return this.rendered();
  }

  // Engine work from a button, the API or the frame loop: an exception pauses training and becomes a
  // notice and an 'error' event instead of stopping the frame loop.
  attempt(what, work) {
    try {
      work();
    } catch (error) {
      this.fail(`${what} failed`, error);
    }
  }

  fail(what, error) {
    this.playing = false;
    this.notices.add(`${what}: ${error?.message ?? error}`);
    this.emit('error', { message: String(error?.message ?? error) });
  }

  phase() {
    return { ...this.timeline.current() };
  }

  // After any engine work: report new epochs, divergence and early stopping once each.
  afterTraining() {
    const epoch = this.session.epoch();
    if (epoch !== this.lastEpoch) {
      this.lastEpoch = epoch;
      this.emit('epoch', { epoch });
    }
    const status = this.session.status();
    if (status === this.reportedStatus) return;
    this.reportedStatus = status;
    this.playing = false;
    const message = this.dom.message;
    if (status === 'diverged') {
      message.textContent = `Training stopped: ${this.session.stopReason()}. Lower the learning rate (or press Reset).`;
      message.className = 'message error';
      this.emit('diverged', { reason: this.session.stopReason(), epoch });
    } else if (status === 'early_stopped') {
      // The trainer has already restored the best epoch's weights, and its reason says so ("early stopping:
      // … restored the weights of epoch N"): said once, as a sentence (restoredBest() marks the new weights).
      this.session.restoredBest();
      const reason = this.session.stopReason();
      message.textContent = `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
      message.className = 'message info';
    }
    message.hidden = false;
  }

  // ---- inspection --------------------------------------------------------------------------------------
  inspect(target) {
    if (target?.pin) this.pinned = this.pinned && sameTarget(this.pinned, target) ? null : target;
    this.inspected = target ?? this.pinned;
    this.invalidate();
  }

  // A weight or bias typed in the inspector: set through the engine; an animated step part-way through is
  // ended (its record shows weights that are no longer there). Returns the engine's refusal, or null.
  editParameter(target, value) {
    try {
      this.session.setParameter(target, value);
    } catch (error) {
      return error?.message ?? String(error);
    }
    if (this.timeline.index >= 0) this.timeline.finish(this.timeline.record);
    this.invalidate();
    return null;
  }

  // ---- the frame loop ----------------------------------------------------------------------------------
  invalidate() {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame((now) => this.frame(now));
  }

  // A promise resolved once the views show the current state (after the next frame's render).
  rendered() {
    this.invalidate();
    return new Promise((resolve) => this.afterRender.push(resolve));
  }

  frame(now) {
    this.frameRequested = false;
    const frameStart = performance.now();
    this.work = { frame: now }; // the animation frame's timestamp names the frame
    try {
      if (this.playing) {
        this.timed('training', () => this.attempt('Training', () => this.advancePlay(now)));
        if (this.playing) this.invalidate();
      }
      const started = performance.now();
      this.attempt('Drawing', () => this.render(now));
      this.renderMs = 0.8 * this.renderMs + 0.2 * (performance.now() - started);
    } finally {
      performance.measure('playground-frame', { start: frameStart, detail: this.work });
      if (performance.getEntriesByName('playground-frame').length > 1000) performance.clearMeasures('playground-frame');
      // Whatever happened, every promise waiting for this frame settles, unless heavy views (or a formula's
      // next try) were left to the next frames: then they wait for those, so `rendered()` still means every
      // view is drawn.
      if (!this.heavyStages.length && !this.equation.pending) {
        const waiting = this.afterRender;
        this.afterRender = [];
        waiting.forEach((resolve) => resolve());
      }
    }
  }

  advancePlay(now) {
    const speed = this.state.speed;
    if (PHASE_MS[speed]) {
      if (now - this.lastPhaseTime >= PHASE_MS[speed]) {
        this.lastPhaseTime = now;
        this.stepPhase();
      }
      return;
    }
    if (this.timeline.index >= 0) this.timeline.clear();
    this.lastExample = null;
    const slice = Math.max(MIN_SLICE_MS, FRAME_MS - this.renderMs);
    this.session.trainFor(speed === 'epoch' ? 50 : slice, speed === 'epoch' ? 1 : 100000);
    this.afterTraining();
  }

  timed(name, work) {
    const started = performance.now();
    try {
      return work();
    } finally {
      this.work[name] = (this.work[name] ?? 0) + performance.now() - started;
    }
  }

  continuous() {
    return this.playing && !PHASE_MS[this.state.speed];
  }

  // Frame work (issue 10 item 16): with 6 layers of 8 a formula's KaTeX render takes 15–30 ms, the
  // diagram with its heatmap grid 5–10 ms, the output and inspector a few more. While playing, each frame
  // draws at most one of them, in this order: the equation (each try at fitting its panel a frame of its
  // own), the diagram, then the output, inspector and lesson; the light views (toolbar, curves) draw in any
  // frame. Paused, all of them are drawn in the frame after the student's action. A heavy cycle starts on
  // every render when paused or stepping, every HEAVY_MS while training continuously.
  render(now = performance.now()) {
    const continuous = this.continuous();
    if (!this.heavyStages.length && (!continuous || now - this.lastHeavy >= HEAVY_MS)) {
      this.heavyStages = ['network', 'results'];
      this.lastHeavy = now;
    }
    const snap = this.timed('snapshot', () =>
      buildSnapshot({
        session: this.session,
        timeline: this.timeline,
        state: this.state,
        inspected: this.inspected,
        pinned: this.pinned,
        example: this.example,
        light: !this.heavyStages.length,
        // While playing (every speed) the heatmaps use the coarser grid: at 6 layers of 16 a full one is 30 ms.
        resolution: this.playing ? GRID_FAST : GRID_FULL,
      }),
    );
    snap.stepping = snap.stepping && !this.reducedMotion();
    this.timed('controls', () => this.syncControls(false));
    this.timed('toolbar', () =>
      this.toolbar.update({
        playing: this.playing,
        speed: this.state.speed,
        presentation: this.state.presentation,
        epoch: snap.epoch,
        phase: snap.phase,
        status: snap.status,
        history: snap.history,
        lastExample: this.lastExample,
        ...this.session.progress(),
      }),
    );
    if (!continuous || now - this.lastCurves >= CURVES_MS) {
      this.lastCurves = now;
      this.timed('curves', () => this.curves.update(snap));
    }
    // Paused, a step's views are drawn in one frame (the student's own click, not an animation): `spread`
    // only while playing.
    const spread = this.playing;
    // Only what the equation reads: a spread of the whole snapshot would work out its lazy parts here.
    const { phase, record, j, sizes, config } = snap;
    const classes = snap.classification ? classNames(snap.info) : null; // details3: the rows' class names
    if (
      this.timed('equation', () =>
        this.equation.update({ phase, record, j, sizes, config, classes, live: this.playing, spread }),
      )
    )
      this.drewHeavy('equation');
    while (this.heavyStages.length && !(spread && this.work.heavy?.length)) {
      const stage = this.heavyStages.shift();
      if (stage === 'network') {
        this.timed('network', () => this.network.update(snap));
        this.drewHeavy('network');
      } else {
        // The output view also takes its panel's toggles and the neuron hovered in the diagram (issue 10).
        this.timed('output', () =>
          this.output.update({
            ...snap,
            showValidation: this.state.showValidation,
            discretize: this.state.discretize,
            inspected: this.inspected,
          }),
        );
        this.timed('inspector', () => this.inspector.update(snap));
        this.timed('lesson', () => this.lesson.update({ ...snap, state: this.state }));
        this.drewHeavy('output');
      }
    }
    if (this.heavyStages.length || this.equation.pending) this.invalidate();
  }

  // The frame's heavy views, named in its 'playground-frame' measure (web/README.md).
  drewHeavy(name) {
    (this.work.heavy ??= []).push(name);
  }

  // The hyperparameter controls show this.state (`force`: also the control that has focus, after its change).
  syncControls(force) {
    const controlsKey = `${JSON.stringify(this.state)}|${this.session.datasetId}`;
    if (!force && controlsKey === this.controlsKey) return;
    this.controlsKey = controlsKey;
    this.controls.update(this.state, {
      info: this.session.info,
      catalog: this.session.catalog,
      pairs: this.session.pairs(),
      force,
    });
  }

  reducedMotion() {
    return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  }

  // ---- events ------------------------------------------------------------------------------------------
  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(fn);
    return () => this.listeners.get(event).delete(fn);
  }

  emit(event, detail) {
    for (const fn of this.listeners.get(event) ?? []) {
      try {
        fn(detail);
      } catch (error) {
        console.warn(`playground: a '${event}' listener threw`, error);
      }
    }
  }
}

function sameTarget(a, b) {
  return a.type === b.type && a.l === b.l && a.i === b.i && a.k === b.k;
}
