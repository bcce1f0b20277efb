// The lesson slot (lessons.md): a menu of the registered lessons and, for the chosen one, its text, its
// "try this" prompts and its interactive piece. With no lesson registered both stay hidden.

import { LESSONS, findLesson } from '../lessons.js';

export class LessonView {
  constructor(menu, panel, { choose, api }) {
    this.panel = panel;
    this.api = api;
    this.shown = '';
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

  update(id) {
    if (this.select) this.select.value = id;
    if (id === this.shown) return;
    this.shown = id;
    const lesson = findLesson(id);
    this.panel.hidden = !lesson;
    this.panel.replaceChildren();
    if (!lesson) return;
    const title = this.panel.appendChild(document.createElement('h2'));
    title.textContent = lesson.title;
    const text = this.panel.appendChild(document.createElement('div'));
    text.innerHTML = lesson.text;
    const prompts = this.panel.appendChild(document.createElement('ol'));
    prompts.className = 'prompts';
    for (const p of lesson.prompts ?? []) prompts.appendChild(document.createElement('li')).textContent = p;
    const piece = this.panel.appendChild(document.createElement('div'));
    piece.className = 'lesson-piece';
    lesson.piece?.(piece, this.api());
  }
}
