// A lesson's small matrix card (lessons.md: W*, b*, a highlighted cell, a shape): the matrix's name and
// shape over a grid of its cells, with the numbers when given (whole when small, elided when large) and one
// cell highlighted. It draws only what update() is given: without values the cells are empty, shape only.

import { plain } from '../../labels.js';

const MAX = 8; // rows or columns beyond this are elided (the first MAX − 2, a gap, the last one)

function shown(count) {
  if (count <= MAX) return [...Array(count).keys()];
  return [...Array(MAX - 2).keys(), null, count - 1];
}

// createMatrix(parent, {label}) → {element, update(snapshot)}.
// snapshot: {name (plain text, e.g. "W[2]"), rows, cols, values?: row-major, highlight?: [i, j], note?}.
export function createMatrix(parent, { label = '' } = {}) {
  const card = parent.appendChild(document.createElement('figure'));
  card.className = 'lesson-matrix';
  const caption = card.appendChild(document.createElement('figcaption'));
  const grid = card.appendChild(document.createElement('div'));
  grid.className = 'matrix-grid';
  const note = card.appendChild(document.createElement('p'));
  note.className = 'matrix-note';
  if (label) card.setAttribute('aria-label', label);
  return {
    element: card,
    update(snap) {
      const { rows, cols, values, highlight } = snap;
      caption.textContent = `${snap.name}: ${rows}×${cols}`;
      card.dataset.shape = `${rows}x${cols}`;
      const rIdx = shown(rows);
      const cIdx = shown(cols);
      grid.style.gridTemplateColumns = `repeat(${cIdx.length}, minmax(0.9rem, auto))`;
      const cells = [];
      for (const r of rIdx) {
        for (const c of cIdx) {
          const cell = document.createElement('span');
          cell.className = 'matrix-cell';
          if (r === null || c === null) {
            cell.textContent = r === null && c === null ? '⋱' : r === null ? '⋮' : '⋯';
            cell.classList.add('gap');
          } else {
            if (values) cell.textContent = plain(values[r * cols + c]);
            if (highlight && highlight[0] === r && highlight[1] === c) cell.classList.add('highlight');
          }
          cells.push(cell);
        }
      }
      grid.replaceChildren(...cells);
      note.textContent = snap.note ?? '';
      note.hidden = !snap.note;
    },
  };
}
