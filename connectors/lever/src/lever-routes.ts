/** Paths of the Lever data API this connector calls (lever-api.md §3, §4.5). */
export const routes = {
  opportunity: (id: string) => `/opportunities/${encodeURIComponent(id)}`,
  opportunities: () => '/opportunities',
  stage: (id: string) => `/opportunities/${encodeURIComponent(id)}/stage`,
  archived: (id: string) => `/opportunities/${encodeURIComponent(id)}/archived`,
  addTags: (id: string) => `/opportunities/${encodeURIComponent(id)}/addTags`,
  removeTags: (id: string) => `/opportunities/${encodeURIComponent(id)}/removeTags`,
  notes: (id: string) => `/opportunities/${encodeURIComponent(id)}/notes`,
  note: (id: string, noteId: string) =>
    `/opportunities/${encodeURIComponent(id)}/notes/${encodeURIComponent(noteId)}`,
  feedback: (id: string) => `/opportunities/${encodeURIComponent(id)}/feedback`,
  feedbackForm: (id: string, feedbackId: string) =>
    `/opportunities/${encodeURIComponent(id)}/feedback/${encodeURIComponent(feedbackId)}`,
  stages: () => '/stages',
  archiveReasons: () => '/archive_reasons',
  users: () => '/users',
  feedbackTemplates: () => '/feedback_templates',
} as const;
