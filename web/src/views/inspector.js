// The "learned by training" panel: the parameter tensors with their shapes, the optimizer's step count,
// and the values of the neuron or link under the pointer or keyboard focus.

import { plain } from '../labels.js';

export class InspectorView {
  constructor(root) {
    this.root = root;
    this.summary = root.appendChild(document.createElement('div'));
    this.summary.className = 'param-summary';
    this.detail = root.appendChild(document.createElement('div'));
    this.detail.className = 'inspect-detail';
    this.detail.setAttribute('aria-live', 'polite');
    this.summaryKey = '';
  }

  update({ sizes, t, detail }) {
    const key = `${sizes.join('-')}|${t}`;
    if (key !== this.summaryKey) {
      this.summaryKey = key;
      let total = 0;
      const parts = [];
      for (let l = 1; l < sizes.length; l++) {
        total += sizes[l] * sizes[l - 1] + sizes[l];
        parts.push(`W[${l}] ${sizes[l]}×${sizes[l - 1]}, b[${l}] ${sizes[l]}`);
      }
      this.summary.textContent = `${total} parameters: ${parts.join('; ')}. Optimizer steps so far: ${t}.`;
    }
    this.detail.replaceChildren(...(detail ? renderDetail(detail) : [hint()]));
  }
}

function hint() {
  const p = document.createElement('p');
  p.className = 'hint';
  p.textContent =
    'Point at (or tab to) a neuron or a link in the network to read its weights, bias and gradients; on a focused neuron ↑/↓ read its incoming links, Enter pins it.';
  return p;
}

function row(name, value) {
  const tr = document.createElement('tr');
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = name;
  const td = document.createElement('td');
  td.textContent = typeof value === 'number' || value === null ? plain(value) : value;
  tr.append(th, td);
  return tr;
}

function renderDetail(d) {
  const title = document.createElement('h3');
  title.textContent = d.title;
  const table = document.createElement('table');
  const body = table.createTBody();
  for (const [name, value] of d.rows) body.append(row(name, value));
  const out = [title, table];
  if (d.incoming?.length) {
    const t2 = document.createElement('table');
    t2.className = 'incoming';
    const cap = t2.createCaption();
    cap.textContent = 'Incoming links (learned weights and their last gradients)';
    const head = t2.createTHead().insertRow();
    for (const h of ['from', 'w', 'dW (last step)']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      head.append(th);
    }
    const b2 = t2.createTBody();
    for (const link of d.incoming) {
      const tr = b2.insertRow();
      tr.insertCell().textContent = link.from;
      tr.insertCell().textContent = plain(link.w);
      tr.insertCell().textContent = link.dW === null ? '—' : plain(link.dW);
    }
    out.push(t2);
  }
  return out;
}
