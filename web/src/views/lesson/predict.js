// A prediction-first "try this" prompt (lessons.md): the student commits to a guess (a number or one of a
// few choices) before the reveal; the reveal shows the guess beside what the engine gives, and "guess again"
// starts over. The truth comes from the open lesson (its reveal(id, guess)); this view draws and asks.

let count = 0;

// createPrediction(parent, prompt, reveal) → {element}.
// prompt: {id, text, guess: {kind: 'number', label} | {kind: 'choice', choices: ['…', …]}, button?}.
// reveal(guess, progress) → {truth: text, right: true | false | null, detail?: text} (or a promise of it); a
// long reveal may call progress(text) to say how far it is; a thrown error is shown as the reveal's message,
// and the guess is kept.
export function createPrediction(parent, prompt, reveal) {
  const n = ++count;
  const form = parent.appendChild(document.createElement('form'));
  form.className = 'prediction';
  form.dataset.prompt = prompt.id;
  const text = form.appendChild(document.createElement('p'));
  text.className = 'prediction-text';
  text.textContent = prompt.text;
  const row = form.appendChild(document.createElement('div'));
  row.className = 'prediction-guess';
  const inputs = [];
  if (prompt.guess.kind === 'number') {
    const label = row.appendChild(document.createElement('label'));
    label.htmlFor = `prediction-${n}`;
    label.textContent = `${prompt.guess.label ?? 'Your guess'}: `;
    const input = row.appendChild(document.createElement('input'));
    Object.assign(input, { id: `prediction-${n}`, type: 'text', inputMode: 'decimal', autocomplete: 'off' });
    inputs.push(input);
  } else {
    const group = row.appendChild(document.createElement('fieldset'));
    const legend = group.appendChild(document.createElement('legend'));
    legend.textContent = prompt.guess.label ?? 'Your guess';
    prompt.guess.choices.forEach((choice, k) => {
      const label = group.appendChild(document.createElement('label'));
      const input = label.appendChild(document.createElement('input'));
      Object.assign(input, { type: 'radio', name: `prediction-${n}`, value: String(k) });
      label.append(` ${choice}`);
      inputs.push(input);
    });
  }
  const commit = row.appendChild(document.createElement('button'));
  commit.type = 'submit';
  commit.textContent = prompt.button ?? 'Commit my guess, then show';
  const again = row.appendChild(document.createElement('button'));
  again.type = 'button';
  again.textContent = 'Guess again';
  again.hidden = true;
  const out = form.appendChild(document.createElement('output'));
  out.className = 'prediction-result';
  out.dataset.readout = `prediction-${prompt.id}`;
  out.setAttribute('aria-live', 'polite');

  const guessOf = () => {
    if (prompt.guess.kind === 'number') return inputs[0].value.trim() || null;
    const chosen = inputs.find((i) => i.checked);
    return chosen ? { index: Number(chosen.value), text: prompt.guess.choices[Number(chosen.value)] } : null;
  };
  const said = (guess) => (typeof guess === 'string' ? guess : guess.text);
  const lock = (locked) => {
    inputs.forEach((i) => (i.disabled = locked));
    commit.hidden = locked;
    again.hidden = !locked;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const guess = guessOf();
    if (guess === null) {
      out.dataset.verdict = 'missing';
      out.textContent = 'Make your guess first: the point is to commit before you see.';
      return;
    }
    lock(true);
    out.dataset.verdict = 'pending';
    out.textContent = 'Showing…';
    try {
      // A reveal that trains for a while says how far it is (reveal's second argument).
      const progress = (text) => {
        if (out.dataset.verdict === 'pending') out.textContent = `Showing… ${text}`;
      };
      const { truth, right = null, detail = '' } = await reveal(guess, progress);
      out.dataset.verdict = right === null ? 'shown' : right ? 'right' : 'wrong';
      out.dataset.value = truth;
      const mark = right === null ? '' : right ? ' ✓' : ' ✗';
      out.textContent = `You said ${said(guess)}; the engine shows ${truth}${mark}.${detail ? ` ${detail}` : ''}`;
    } catch (error) {
      lock(false);
      out.dataset.verdict = 'error';
      out.textContent = `Could not show it: ${error.message}`;
    }
  });
  again.addEventListener('click', () => {
    lock(false);
    delete out.dataset.verdict;
    delete out.dataset.value;
    out.textContent = '';
    inputs[0].focus();
  });
  return { element: form };
}
