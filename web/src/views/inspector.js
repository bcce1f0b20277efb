// The "learned by training" panel: the parameter tensors with their shapes, the optimizer's step count,
// the values of the neuron or link under the pointer, keyboard focus or pin, and for a pinned one a field
// to set its weight or bias by hand.

import { OPTIMIZER_NAMES, whole } from '../labels.js';

// The diagram, its card and this panel write numbers as every view does (labels.js).
export { whole } from '../labels.js';

// The largest weight or bias a student may type: far beyond anything training makes, small enough that
// the next forward pass stays finite.
const MAX_EDIT = 1e6;

export class InspectorView {
  constructor(root, { onEdit } = {}) {
    this.root = root;
    this.onEdit = onEdit;
    this.summary = root.appendChild(document.createElement('div'));
    this.summary.className = 'param-summary';
    this.detail = root.appendChild(document.createElement('div'));
    this.detail.className = 'inspect-detail';
    this.detail.setAttribute('aria-live', 'polite');
    this.summaryKey = '';
    this.editError = null; // {key, text, typed}: a refused value stays in its field with its message
  }

  update({ sizes, t, weightsBeforeUpdate, detail, record = null, stepping = false }) {
    // An optimizer of another type chosen while a step is animated starts with fresh state (the engine's t is
    // 0), but the step shown is the earlier optimizer's, its own t in the record (session.js): both are said.
    const changed = Boolean(stepping && record && record.t > t);
    // The engine has already taken the step an animation replays (t counts it), but until the update
    // phase every view shows the weights from before it: the count is the updates applied to those.
    const applied = weightsBeforeUpdate && !changed ? Math.max(0, t - 1) : t;
    const key = `${sizes.join('-')}|${applied}|${changed && record.id}`;
    if (key !== this.summaryKey) {
      this.summaryKey = key;
      let total = 0;
      const parts = [];
      for (let l = 1; l < sizes.length; l++) {
        total += sizes[l] * sizes[l - 1] + sizes[l];
        parts.push(`W[${l}] ${sizes[l]}×${sizes[l - 1]}, b[${l}] ${sizes[l]}`);
      }
      const fresh = changed
        ? ' The optimizer was changed during this step: the new optimizer starts with fresh state (t = 0 before ' +
          "its first step, the next one); this step's update is the earlier optimizer's " +
          `(${OPTIMIZER_NAMES[record.optimizer.type] ?? record.optimizer.type}, its step ${record.t}).`
        : '';
      this.summary.textContent = `${total} parameters: ${parts.join('; ')}. Optimizer steps so far: ${applied}.${fresh}`;
    }
    // While a student types in the edit field, the panel is left as it is (a redraw would take the field).
    if (this.detail.contains(document.activeElement) && document.activeElement.matches('input')) return;
    this.detail.replaceChildren(
      ...(detail
        ? renderDetail(detail, { edit: detail.pinned && this.onEdit ? this.editor(detail) : null })
        : [hint()]),
    );
  }

  // The field that sets the pinned link's weight or neuron's bias (session.setParameter, the engine's
  // setWeights/setBiases). A value that is not a finite number within ±MAX_EDIT is refused at the field.
  editor(detail) {
    const e = detail.edit;
    if (!e) return null;
    const key = `${e.type}/${e.l}/${e.i}/${e.k}`;
    const form = document.createElement('form');
    form.className = 'param-edit';
    const id = `param-edit-${e.type}-${e.l}-${e.i}-${e.k ?? 'b'}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = e.name === 'w' ? 'Set this weight w' : 'Set this bias b';
    const input = document.createElement('input');
    input.id = id;
    input.type = 'text';
    input.inputMode = 'decimal';
    input.autocomplete = 'off';
    input.size = 12;
    const error = this.editError?.key === key ? this.editError : null;
    input.value = error ? error.typed : String(Number.isFinite(e.value) ? Number(e.value.toPrecision(6)) : '');
    const button = document.createElement('button');
    button.type = 'submit';
    button.textContent = 'Set';
    const message = document.createElement('p');
    message.className = 'field-error';
    message.id = `${id}-error`;
    message.setAttribute('role', 'alert');
    if (error) {
      message.textContent = error.text;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', message.id);
    } else message.hidden = true;
    form.append(label, input, button, message);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const typed = input.value;
      const value = Number(typed.trim().replace('−', '-'));
      let text = null;
      if (typed.trim() === '' || !Number.isFinite(value)) text = `"${typed}" is not a number; ${e.name} is unchanged.`;
      else if (Math.abs(value) > MAX_EDIT)
        text = `${e.name} must lie between −${MAX_EDIT} and ${MAX_EDIT}; ${e.name} is unchanged.`;
      if (!text) {
        const refused = this.onEdit(e, value);
        if (refused) text = `${refused}; ${e.name} is unchanged.`;
      }
      this.editError = text ? { key, text, typed } : null;
      // A refused value is shown at once where it was typed (the field keeps it); a taken one redraws the
      // panel on the next frame with the new value.
      message.hidden = !text;
      message.textContent = text ?? '';
      if (text) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', message.id);
      } else input.blur();
    });
    return form;
  }
}

function hint() {
  const p = document.createElement('p');
  p.className = 'hint';
  p.textContent =
    'Point at (or tab to) a neuron or a link in the network to read its weights, bias and gradients; on a focused neuron ↑/↓ read its incoming links, Enter pins it (a pinned one can be edited).';
  return p;
}

function row(name, value) {
  const tr = document.createElement('tr');
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = name;
  const td = document.createElement('td');
  td.textContent = typeof value === 'number' || value === null ? whole(value) : value;
  tr.append(th, td);
  return tr;
}

// The detail's title and rows (the hover card shows these, `compact`), then the incoming links and the
// edit field of a pinned item.
export function renderDetail(d, { compact = false, edit = null } = {}) {
  const title = document.createElement(compact ? 'p' : 'h3');
  title.className = 'detail-title';
  title.textContent = d.pinned && !compact ? `${d.title} (pinned)` : d.title;
  const table = document.createElement('table');
  const body = table.createTBody();
  for (const [name, value] of d.rows) body.append(row(name, value));
  const out = [title, table];
  if (edit) out.push(edit);
  if (!compact && d.incoming?.length) {
    const t2 = document.createElement('table');
    t2.className = 'incoming';
    const cap = t2.createCaption();
    cap.textContent = 'Incoming links (learned weights and their last gradients)';
    const head = t2.createTHead().insertRow();
    for (const h of ['from', `w (${d.when ?? 'now'})`, 'dW (last step)']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      head.append(th);
    }
    const b2 = t2.createTBody();
    for (const link of d.incoming) {
      const tr = b2.insertRow();
      tr.insertCell().textContent = link.from;
      tr.insertCell().textContent = whole(link.w);
      tr.insertCell().textContent = link.dW === null ? '—' : whole(link.dW);
    }
    out.push(t2);
  }
  return out;
}
