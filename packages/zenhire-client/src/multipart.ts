import FormData from 'form-data';
import type { PreparedUpload } from './uploads';

/**
 * How `tags` are encoded in a multipart form (Speech submit, CV DeepMatch submit,
 * soft-skills). The wire encoding is [not found] (zenhire-api.md §2, §5.3). Choice: one field
 * `tags` holding a JSON array string, matching how `metadata` is sent ("a JSON string in the
 * multipart form"). Switch to `'repeated'` to send one `tags` field per tag.
 */
export const MULTIPART_TAGS_ENCODING: 'json' | 'repeated' = 'json';

/** Appends a file part. */
export function appendFile(form: FormData, field: string, upload: PreparedUpload): void {
  form.append(field, upload.open(), {
    filename: upload.filename,
    contentType: upload.contentType,
    knownLength: upload.size,
  });
}

/** Appends a text field unless the value is undefined / null. Objects are sent as JSON strings. */
export function appendField(form: FormData, field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  form.append(field, typeof value === 'string' ? value : JSON.stringify(value));
}

/** Appends `tags` per {@link MULTIPART_TAGS_ENCODING}; nothing when undefined. */
export function appendTags(
  form: FormData,
  tags: readonly string[] | undefined,
  encoding: 'json' | 'repeated' = MULTIPART_TAGS_ENCODING,
): void {
  if (tags === undefined) return;
  if (encoding === 'json') form.append('tags', JSON.stringify(tags));
  else for (const tag of tags) form.append('tags', tag);
}

/** Trims and de-duplicates tags, as ZenHire stores them (§2). */
export function normaliseTags(tags: readonly string[] | undefined | null): string[] | undefined {
  if (tags === undefined || tags === null) return undefined;
  return [...new Set(tags.map((tag) => tag.trim()))];
}

export { FormData };
