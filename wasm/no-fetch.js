// Prepended to dist/backprop.mjs (--extern-pre-js): the engine loads nothing over the network (its wasm is
// embedded), so a module-scope `fetch` that is not a function makes Emscripten decode the embedded wasm
// directly instead of first trying fetch('data:…'), which a strict Content-Security-Policy
// (connect-src 'self') refuses and reports as a violation.
const fetch = undefined;
