// Loads the built engine module (dist/backprop.mjs) once for the JS API tests.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const modulePath = path.join(root, 'dist', 'backprop.mjs');

let loaded;
export function engine() {
  loaded ??= import(pathToFileURL(modulePath).href).then((m) => m.default());
  return loaded;
}

// Asserts that every entry of `actual` is within `tolerance` of `expected`.
export function assertClose(assert, actual, expected, tolerance = 1e-12, what = 'value') {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i += 1) {
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tolerance,
      `${what}[${i}]: expected ${expected[i]}, got ${actual[i]}`,
    );
  }
}
