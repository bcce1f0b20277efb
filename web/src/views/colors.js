// Colours: one diverging palette (orange negative, blue positive) for weights, activations and outputs,
// precomputed as lookup tables so painting a heatmap never calls a d3 scale per pixel.

import { scaleLinear } from 'd3-scale';

export const NEGATIVE = '#e8710a';
export const NEUTRAL = '#f4f4f2';
export const POSITIVE = '#1967d2';
export const CLASS_COLORS = ['#e8710a', '#1967d2', '#188038', '#a142f4'];
const NAN_RGBA = [160, 160, 160, 255];
const LEVELS = 256;

export const signColor = (x) => (x >= 0 ? POSITIVE : NEGATIVE);

// 256 RGBA entries packed as little-endian uint32 (ImageData's byte order on every browser we target).
function table(interpolate) {
  const out = new Uint32Array(LEVELS);
  for (let i = 0; i < LEVELS; i++) {
    // d3's colour interpolators return "rgb(r, g, b)".
    const [r, g, b] = String(interpolate(i / (LEVELS - 1)))
      .match(/\d+/g)
      .map(Number);
    out[i] = ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
  }
  return out;
}

const diverging = scaleLinear().domain([0, 0.5, 1]).range([NEGATIVE, NEUTRAL, POSITIVE]);
export const DIVERGING_LUT = table(diverging);
// One table per class, from white to the class colour, for multi-class outputs (lightness = confidence).
export const CLASS_LUTS = CLASS_COLORS.map((c) => table(scaleLinear().domain([0, 1]).range(['#ffffff', c])));
const NAN_PIXEL = ((NAN_RGBA[3] << 24) | (NAN_RGBA[2] << 16) | (NAN_RGBA[1] << 8) | NAN_RGBA[0]) >>> 0;

// Paints `count` values starting at `offset` into `pixels` (Uint32Array over ImageData), mapping
// [lo, hi] onto the table; a non-finite value is painted grey.
export function paintBlock(values, offset, count, pixels, lo, hi, lut = DIVERGING_LUT) {
  const scale = (LEVELS - 1) / (hi - lo);
  for (let i = 0; i < count; i++) {
    const v = values[offset + i];
    if (!Number.isFinite(v)) {
      pixels[i] = NAN_PIXEL;
      continue;
    }
    let k = ((v - lo) * scale) | 0;
    if (k < 0) k = 0;
    else if (k > LEVELS - 1) k = LEVELS - 1;
    pixels[i] = lut[k];
  }
}

// Multi-class: each pixel takes the colour of its predicted class (`classes`, the engine's rule from
// net.classGrid), as light as the network is unsure of it (that class's probability in `values`).
export function paintClasses(values, offsets, classes, count, pixels) {
  const k = offsets.length;
  for (let i = 0; i < count; i++) {
    const c = classes[i];
    const p = c >= 0 && c < k ? values[offsets[c] + i] : NaN;
    if (!Number.isFinite(p)) {
      pixels[i] = NAN_PIXEL;
      continue;
    }
    const confidence = (p - 1 / k) / (1 - 1 / k);
    const level = Math.max(0, Math.min(LEVELS - 1, (confidence * 0.8 * (LEVELS - 1)) | 0));
    pixels[i] = CLASS_LUTS[c % CLASS_LUTS.length][level];
  }
}

// The values a neuron's activation is painted over, from the engine's range of the activation
// (bp.activationInfo): a bounded range over itself (sigmoid, softmax [0, 1]; tanh [−1, 1]), an unbounded one
// over [−1, 1] around 0 (linear, relu, leaky_relu).
export function paintRange([lo, hi]) {
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : [-1, 1];
}

// A reusable offscreen canvas of size res × res with its ImageData and a uint32 view of the pixels.
export function makeTile(res) {
  const canvas = document.createElement('canvas');
  canvas.width = res;
  canvas.height = res;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(res, res);
  return { canvas, ctx, image, pixels: new Uint32Array(image.data.buffer), res };
}
