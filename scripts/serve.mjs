// Serves the built page (dist/) on 127.0.0.1 through Vite's preview server and prints its address.
// `npm start` builds first; the browser tests import startServer() to serve the same files.
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function startServer({ port = 5173, strictPort = false, quiet = false } = {}) {
  const server = await preview({
    configFile: `${root}web/vite.config.js`,
    logLevel: quiet ? 'silent' : 'info',
    preview: { host: '127.0.0.1', port, strictPort, open: false },
  });
  const url = server.resolvedUrls.local[0];
  return { server, url, close: () => new Promise((resolve) => server.httpServer.close(() => resolve())) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.env.PORT) || 5173;
  const { url } = await startServer({ port, quiet: true });
  console.log(`Backprop Playground is served at ${url}  (the single-file page: ${url}playground.html)`);
  console.log('Press Ctrl+C to stop.');
}
