// The view factories a lesson gets through its API (lessons.md): each returns {element, update(snapshot)}
// and draws only what its snapshot holds, never reading the engine.
export { createContour } from './contour.js';
export { createPlot } from './plot.js';
export { createGauge } from './gauge.js';
export { createMatrix } from './matrix.js';
