/**
 * Multipart bodies for the ZenHire sandbox (and the real API), built with Node's global
 * `FormData`, plus a minimal PDF and a CV DeepMatch requirements config for tests.
 */

/** Fields of a Speech submit (zenhire-api.md §5.3). */
export interface SpeechSubmitInput {
  audio?: Buffer;
  /** Default `interview.wav`. */
  filename?: string;
  language?: string;
  externalId?: string;
  /** An object is sent as its JSON string; a string is sent as is (e.g. invalid JSON). */
  metadata?: Record<string, unknown> | string;
  tags?: string[];
  /** Send tags as repeated `tags` fields instead of one JSON string array. Default false. */
  repeatedTags?: boolean;
}

/** A `multipart/form-data` body for `POST /api/v1/speech/analyze`. */
export function speechSubmitForm(input: SpeechSubmitInput): FormData {
  const form = new FormData();
  if (input.audio)
    form.append(
      'audio',
      new Blob([new Uint8Array(input.audio)]),
      input.filename ?? 'interview.wav',
    );
  if (input.language !== undefined) form.append('language', input.language);
  if (input.externalId !== undefined) form.append('externalId', input.externalId);
  if (input.metadata !== undefined)
    form.append(
      'metadata',
      typeof input.metadata === 'string' ? input.metadata : JSON.stringify(input.metadata),
    );
  if (input.tags) {
    if (input.repeatedTags) for (const t of input.tags) form.append('tags', t);
    else form.append('tags', JSON.stringify(input.tags));
  }
  return form;
}

/** Fields of a CV DeepMatch submit (§7.1). */
export interface CvDeepMatchSubmitInput {
  /** Default {@link minimalPdf}; `null` leaves the file out. */
  cv?: Buffer | null;
  /** Default `cv.pdf`. */
  filename?: string;
  /** Default `application/pdf`. */
  mimetype?: string;
  position_id?: string;
  /** Default `'Customer support agent'`. */
  job_description?: string;
  /** Default {@link cvDeepMatchConfig}(); a string is sent as is. */
  config?: Record<string, unknown> | string;
  webhook_url?: string;
  idempotency_key?: string;
  metadata?: Record<string, unknown>;
  tags?: string[];
}

/** A `multipart/form-data` body for `POST /api/v1/cvdeepmatch/submit`. */
export function cvDeepMatchForm(input: CvDeepMatchSubmitInput = {}): FormData {
  const form = new FormData();
  const cv = input.cv === undefined ? minimalPdf() : input.cv;
  if (cv)
    form.append(
      'cv_file',
      new Blob([new Uint8Array(cv)], { type: input.mimetype ?? 'application/pdf' }),
      input.filename ?? 'cv.pdf',
    );
  if (input.position_id !== undefined) form.append('position_id', input.position_id);
  form.append('job_description', input.job_description ?? 'Customer support agent');
  const config = input.config ?? cvDeepMatchConfig();
  form.append('config', typeof config === 'string' ? config : JSON.stringify(config));
  if (input.webhook_url !== undefined) form.append('webhook_url', input.webhook_url);
  if (input.idempotency_key !== undefined) form.append('idempotency_key', input.idempotency_key);
  if (input.metadata !== undefined) form.append('metadata', JSON.stringify(input.metadata));
  if (input.tags !== undefined) form.append('tags', JSON.stringify(input.tags));
  return form;
}

/** A requirements config with `workExperience` and `skills` (§7.1); override importance values. */
export function cvDeepMatchConfig(
  importance = { workExperience: 4, skill: 5 },
): Record<string, unknown> {
  return {
    requirements: {
      workExperience: {
        from: 2,
        to: 15,
        importance: importance.workExperience,
        time_importance: 3,
      },
      skills: {
        hard_skills: [{ name: 'Zendesk', importance: importance.skill }],
        soft_skills: [{ name: 'Empathy', importance: 3 }],
      },
    },
  };
}

/** A tiny valid PDF (starts with `%PDF-`). */
export function minimalPdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    'latin1',
  );
}
