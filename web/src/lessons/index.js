// The lesson registry (shared/design/lessons.md): one file per lesson in this folder, listed here once.
// A lesson is {id, title, preset: {partial state}, switches?: {name: {type, default, label, …}}, text,
// prompts: ['…' | {id, text, guess, button?}], note, open(el, api) → {update(view), reveal?(id, guess),
// close?()}}: see lesson-api.js for what `api` holds, views/lesson.js for when update() is called and
// views/lesson/predict.js for a prediction prompt (its guess, and the {truth, right, detail} reveal returns).

import q1 from './q1.js';
import q2 from './q2.js';
import q3 from './q3.js';
import q4 from './q4.js';
import q5 from './q5.js';
import q6 from './q6.js';
import q8 from './q8.js';
import q9 from './q9.js';
import b2 from './b2.js';

export const LESSONS = [q1, q2, q3, q4, q5, q6, q8, q9, b2];

export const LESSON_IDS = LESSONS.map((lesson) => lesson.id);

export function findLesson(id) {
  return LESSONS.find((lesson) => lesson.id === id) ?? null;
}

// A lesson's switch in the state table and the URL: "q5.quiz".
export const switchKey = (lessonId, name) => `${lessonId}.${name}`;

// The state-table rows of a lesson's switches: {"q5.quiz": {type, default, label, values?, min?, max?}}.
export function switchRows(lesson) {
  const rows = {};
  for (const [name, spec] of Object.entries(lesson.switches ?? {})) rows[switchKey(lesson.id, name)] = spec;
  return rows;
}

// The lesson's preset with its switches at their defaults: what choosing it or "reset lesson" applies.
export function lessonPreset(lesson) {
  const preset = structuredClone(lesson.preset ?? {});
  for (const [key, spec] of Object.entries(switchRows(lesson))) preset[key] = structuredClone(spec.default);
  return preset;
}
