// The page-level API of page.md: window.playground for course authors' scripts and tests, and the same
// calls through postMessage from the parent window when the page is embedded.

const CALLS = [
  'getState',
  'setState',
  'play',
  'pause',
  'reset',
  'stepPhase',
  'stepExample',
  'stepBatch',
  'stepEpoch',
  'phase',
  'epoch',
  'history',
  'notices',
  'lesson',
  'resetLesson',
  'memory',
];
const EVENTS = ['phase', 'epoch', 'diverged', 'error'];

export function createApi(app, ready) {
  const api = {
    ready,
    getState: () => structuredClone(app.state),
    setState: (partial) => app.setState(partial),
    play: () => app.play(),
    pause: () => app.pause(),
    reset: () => app.reset(),
    stepPhase: () => app.stepPhase(),
    stepExample: () => app.stepExample(),
    stepBatch: () => app.stepBatch(),
    stepEpoch: () => app.stepEpoch(),
    phase: () => app.phase(),
    epoch: () => app.session.epoch(),
    history: () => structuredClone(app.session.history()),
    notices: () => app.notices.texts(),
    // {id, objects}: the open lesson ('' for none) and how many engine objects of its own it holds.
    lesson: () => app.lesson.info(),
    resetLesson: () => app.resetLesson(),
    // The engine's memory report (bp.memory()): for leak checks.
    memory: () => app.bp.memory(),
    on: (event, fn) => {
      if (!EVENTS.includes(event))
        throw new Error(`playground.on: event must be one of ${EVENTS.join(', ')}, got ${event}`);
      return app.on(event, fn);
    },
  };
  return api;
}

// Messages {playground: 'call', id, call, args} from the parent get {playground: 'result', id, result} or
// {playground: 'error', id, message} back, sent to the caller's origin; events go to the parent as
// {playground: 'event', event, detail}, the first one {event: 'ready'}. The listener is installed as the
// module starts, so calls that arrive while the engine loads wait in a queue until the API is ready.
export function listenForMessages() {
  const embedded = window.parent !== window;
  let api = null;
  let failure = null; // why the page could not start: every call gets it as an error
  let parentOrigin = null; // learnt from the parent's first call
  const queue = [];
  const toParent = (body) => window.parent.postMessage(body, parentOrigin ?? '*');

  async function answer(msg, origin) {
    // A file:// parent has the opaque origin "null", which postMessage cannot address but by '*'.
    const reply = (body) =>
      window.parent.postMessage(
        { playground: body.error ? 'error' : 'result', id: msg.id, ...body },
        origin === 'null' ? '*' : origin,
      );
    if (failure) {
      reply({ error: true, message: `the playground could not start: ${failure.message}` });
      return;
    }
    if (!CALLS.includes(msg.call)) {
      reply({ error: true, message: `unknown call ${String(msg.call)}` });
      return;
    }
    try {
      const result = await api[msg.call](...(Array.isArray(msg.args) ? msg.args : []));
      reply({ result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
    } catch (error) {
      reply({ error: true, message: error.message });
    }
  }

  window.addEventListener('message', (e) => {
    const msg = e.data;
    // Only the window that embeds the page may drive it.
    if (!embedded || e.source !== window.parent || !msg || msg.playground !== 'call') return;
    if (e.origin !== 'null') parentOrigin = e.origin;
    if (api || failure) answer(msg, e.origin);
    else queue.push([msg, e.origin]);
  });

  return {
    // Called once the API is ready: forwards events to the parent, says 'ready', answers the queue.
    ready(readyApi, app) {
      api = readyApi;
      if (!embedded) return;
      for (const event of EVENTS) app.on(event, (detail) => toParent({ playground: 'event', event, detail }));
      toParent({ playground: 'event', event: 'ready', detail: null });
      for (const [msg, origin] of queue.splice(0)) answer(msg, origin);
    },
    failed(error) {
      failure = error;
      if (embedded) toParent({ playground: 'event', event: 'error', detail: { message: error.message } });
      for (const [msg, origin] of queue.splice(0)) answer(msg, origin);
    },
  };
}
