// The page-level API of page.md: window.playground for course authors' scripts and tests, and the same
// calls through postMessage from a parent window when the page is embedded.

const CALLS = ['getState', 'setState', 'play', 'pause', 'reset', 'stepPhase', 'stepExample', 'stepBatch', 'stepEpoch', 'phase',
  'epoch', 'history', 'notices'];
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
    history: () => app.session.history(),
    notices: () => app.notices.texts(),
    on: (event, fn) => {
      if (!EVENTS.includes(event)) throw new Error(`playground.on: event must be one of ${EVENTS.join(', ')}, got ${event}`);
      return app.on(event, fn);
    },
  };
  return api;
}

// Messages {playground: 'call', id, call, args} from the parent get {playground: 'result', id, result} or
// {playground: 'error', id, message} back; events go to the parent as {playground: 'event', event, detail}.
export function listenForMessages(api, app) {
  if (window.parent !== window) {
    for (const event of EVENTS) {
      app.on(event, (detail) => window.parent.postMessage({ playground: 'event', event, detail }, '*'));
    }
  }
  window.addEventListener('message', async (e) => {
    const msg = e.data;
    if (!msg || msg.playground !== 'call' || !e.source) return;
    const reply = (body) => e.source.postMessage({ playground: body.error ? 'error' : 'result', id: msg.id, ...body }, '*');
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
  });
}
