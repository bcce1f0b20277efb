// The lesson registry (shared/design/lessons.md). Lessons arrive later, each as a preset of the state, a
// short text with "try this" prompts, and one interactive piece; the page already has a slot for each.

// Each lesson: { id: 'q2', title, preset: {partial state}, text: 'html', prompts: ['…'], piece: (el, api) => {} }.
export const LESSONS = [];

export const LESSON_IDS = LESSONS.map((lesson) => lesson.id);

export function findLesson(id) {
  return LESSONS.find((lesson) => lesson.id === id) ?? null;
}
