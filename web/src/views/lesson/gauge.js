// A lesson's bar gauge (lessons.md q6: avoidable bias and variance side by side): one horizontal bar per
// value on a shared scale, each with its label and number, and optional reference marks. It draws only what
// update() is given.

import { plain } from '../../labels.js';

// createGauge(parent, {label}) → {element, update(snapshot)}.
// snapshot: {bars: [{label, value, color?}], max?: number (else the largest |value|), marks?: [{value, label}]}.
export function createGauge(parent, { label = 'A gauge' } = {}) {
  const root = parent.appendChild(document.createElement('div'));
  root.className = 'lesson-gauge';
  root.setAttribute('role', 'group');
  root.setAttribute('aria-label', label);
  return {
    element: root,
    update(snap) {
      const bars = snap.bars ?? [];
      const finite = bars.map((b) => Math.abs(b.value)).filter(Number.isFinite);
      const max = snap.max ?? Math.max(...finite, ...(snap.marks ?? []).map((m) => Math.abs(m.value)), 1e-300);
      const share = (v) => `${Math.max(0, Math.min(1, Math.abs(v) / max)) * 100}%`;
      root.replaceChildren(
        ...bars.map((bar) => {
          const row = document.createElement('div');
          row.className = 'gauge-row';
          const name = row.appendChild(document.createElement('span'));
          name.className = 'gauge-label';
          name.textContent = bar.label;
          const track = row.appendChild(document.createElement('span'));
          track.className = 'gauge-track';
          const fill = track.appendChild(document.createElement('span'));
          fill.className = `gauge-fill${bar.value < 0 ? ' negative' : ''}`;
          fill.style.width = Number.isFinite(bar.value) ? share(bar.value) : '0%';
          if (bar.color) fill.style.background = bar.color;
          for (const mark of snap.marks ?? []) {
            const tick = track.appendChild(document.createElement('span'));
            tick.className = 'gauge-mark';
            tick.style.left = share(mark.value);
            tick.title = mark.label;
          }
          const value = row.appendChild(document.createElement('span'));
          value.className = 'gauge-value';
          value.textContent = plain(bar.value);
          return row;
        }),
      );
    },
  };
}
