// The lesson slot (lessons.md): a menu of the registered lessons and, for the open one, its text, its
// "try this" prompts, its honest note, its interactive piece and "reset lesson". Opening a lesson gives it
// a lesson API (lesson-api.js); closing it (another lesson, free play) deletes the engine objects it made.

import { LESSONS, findLesson } from '../lessons/index.js';
import { createPrediction } from './lesson/predict.js';

export class LessonView {
  // open(lesson) → {api, close(), objects()}: the lesson API of one opening (app.js builds it).
  constructor(menu, panel, { choose, open, reset, restoreSetup }) {
    this.panel = panel;
    this.open = open;
    this.reset = reset;
    this.restoreSetup = restoreSetup;
    this.setupText = null; // what the lesson changed of the student's setup (app.js keepOwnSetup)
    this.shown = '';
    this.handle = null;
    this.controller = null;
    // A checked answer or a committed guess: its verdict is brought into view (at 1280×720 the lesson column
    // is taller than the window, and a result below its edge would go unseen). The form's own handler has
    // run by the time the event bubbles here; the frame after, the verdict holds its text.
    panel.addEventListener('submit', (event) => {
      const result = event.target.querySelector?.('.verdict, .prediction-result, .quiz-result');
      if (!result) return;
      requestAnimationFrame(() => {
        const r = result.getBoundingClientRect();
        if (r.height > 0 && (r.bottom > innerHeight || r.top < 0)) result.scrollIntoView({ block: 'nearest' });
      });
    });
    menu.hidden = LESSONS.length === 0;
    if (LESSONS.length === 0) return;
    const label = menu.appendChild(document.createElement('label'));
    label.htmlFor = 'ctl-lesson';
    label.textContent = 'Lesson';
    const select = menu.appendChild(document.createElement('select'));
    select.id = 'ctl-lesson';
    select.append(new Option('— free play —', ''), ...LESSONS.map((l) => new Option(`${l.id}: ${l.title}`, l.id)));
    select.addEventListener('change', () => choose(select.value));
    this.select = select;
  }

  // Shows lesson `id` ('' for none); `again` closes and reopens the one shown (reset lesson).
  show(id, again = false) {
    if (this.select) this.select.value = id;
    if (id === this.shown && !again) return;
    this.close();
    this.shown = id;
    const lesson = findLesson(id);
    this.panel.hidden = !lesson && !this.setupText;
    this.panel.classList.remove('folded');
    this.panel.replaceChildren();
    this.drawSetup();
    if (!lesson) return;
    const head = this.panel.appendChild(document.createElement('div'));
    head.className = 'lesson-head';
    const title = head.appendChild(document.createElement('h2'));
    title.textContent = `${lesson.id}: ${lesson.title}`;
    // The lesson folds to its title line, so the network and the equation have the screen.
    const fold = head.appendChild(document.createElement('button'));
    fold.type = 'button';
    fold.className = 'lesson-fold';
    fold.textContent = 'Fold';
    fold.setAttribute('aria-expanded', 'true');
    fold.addEventListener('click', () => {
      const folded = this.panel.classList.toggle('folded');
      fold.setAttribute('aria-expanded', String(!folded));
      fold.textContent = folded ? 'Unfold' : 'Fold';
    });
    const reset = head.appendChild(document.createElement('button'));
    reset.type = 'button';
    reset.className = 'lesson-reset';
    reset.textContent = 'Reset lesson';
    reset.addEventListener('click', () => this.reset());
    const body = this.panel.appendChild(document.createElement('div'));
    body.className = 'lesson-body';
    const words = body.appendChild(document.createElement('div'));
    words.className = 'lesson-words';
    const text = words.appendChild(document.createElement('div'));
    text.className = 'lesson-text';
    text.innerHTML = lesson.text;
    const prompts = words.appendChild(document.createElement('ol'));
    prompts.className = 'prompts';
    // A prompt is its text, or a prediction (views/lesson/predict.js) the open lesson reveals.
    for (const p of lesson.prompts ?? []) {
      const item = prompts.appendChild(document.createElement('li'));
      if (typeof p === 'string') item.textContent = p;
      else
        createPrediction(item, p, (guess, progress) => {
          if (!this.controller?.reveal) throw new Error(`lesson ${lesson.id} has no reveal for "${p.id}"`);
          return this.controller.reveal(p.id, guess, progress);
        });
    }
    if (lesson.note) {
      const note = words.appendChild(document.createElement('p'));
      note.className = 'lesson-note';
      note.innerHTML = `<b>A note on precision.</b> ${lesson.note}`;
    }
    const piece = body.appendChild(document.createElement('div'));
    piece.className = 'lesson-piece';
    this.handle = this.open(lesson);
    this.controller = lesson.open?.(piece, this.handle.api) ?? null;
    this.frameFormulas(piece);
  }

  // The note of what the lesson set, with "Back to my setup" (null: none). It stands first in the lesson box,
  // and stays as the box's only content once the lesson is closed.
  offerSetup(text) {
    if (text === this.setupText) return;
    this.setupText = text;
    if (!text) {
      this.panel.querySelector(':scope > .lesson-setup')?.remove();
      if (!findLesson(this.shown)) this.panel.hidden = true;
    }
    // An open lesson keeps its box: the note is (re)drawn in place, the lesson's piece untouched.
    else if (this.panel.firstChild) this.drawSetup();
  }

  drawSetup() {
    this.panel.querySelector(':scope > .lesson-setup')?.remove();
    if (!this.setupText) return;
    const note = document.createElement('p');
    note.className = 'lesson-setup';
    note.setAttribute('role', 'status');
    note.append(`${this.setupText} `);
    const back = note.appendChild(document.createElement('button'));
    back.type = 'button';
    back.textContent = 'Back to my setup';
    back.addEventListener('click', () => this.restoreSetup?.());
    // With the lesson closed the note is all the box holds: it can be put away, the lesson's settings kept.
    if (!findLesson(this.shown)) {
      const dismiss = note.appendChild(document.createElement('button'));
      dismiss.type = 'button';
      dismiss.textContent = 'Keep these settings';
      dismiss.addEventListener('click', () => this.offerSetup(null));
    }
    this.panel.prepend(note);
  }

  // A lesson's formula wider than its column scrolls sideways; scrollbars are hidden on touch screens (and
  // easily missed below a tall formula), so each gets the equation panel's cue: a fade with an arrow at
  // its right edge while more is to the right, which scrolls it on when clicked.
  frameFormulas(piece) {
    for (const math of piece.querySelectorAll('.lesson-math')) {
      if (math.parentElement.classList.contains('lesson-math-frame')) continue;
      const frame = document.createElement('div');
      frame.className = 'lesson-math-frame';
      math.before(frame);
      frame.append(math);
      const cue = frame.appendChild(document.createElement('div'));
      cue.className = 'scroll-cue right';
      cue.setAttribute('aria-hidden', 'true'); // the formula itself is a focusable region (main.js)
      cue.title = 'Scroll the formula right';
      cue.appendChild(document.createElement('span')).className = 'arrow';
      cue.firstChild.textContent = 'more ›';
      cue.hidden = true;
      const show = () => {
        cue.hidden = math.scrollLeft + math.clientWidth >= math.scrollWidth - 1;
      };
      cue.addEventListener('click', () => {
        const behavior = matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
        math.scrollBy({ left: Math.max(40, math.clientWidth * 0.8), behavior });
      });
      math.addEventListener('scroll', show, { passive: true });
      // The lesson renders its formula again as the network changes, and the column may change width.
      new ResizeObserver(show).observe(math);
      new MutationObserver(show).observe(math, { childList: true, subtree: true });
      show();
    }
  }

  // The page's snapshot (and state) after every full render: the open lesson draws from it.
  update(view) {
    this.controller?.update?.(view);
  }

  // Closes the open lesson: its own close(), then every engine object it still holds is deleted.
  close() {
    try {
      this.controller?.close?.();
    } finally {
      this.handle?.close();
      this.handle = null;
      this.controller = null;
    }
  }

  // {id, objects}: the open lesson and how many engine objects it holds.
  info() {
    return { id: this.shown, objects: this.handle ? this.handle.objects() : 0 };
  }
}
