import type { FastifyRequest } from 'fastify';

/** A file part of a multipart form, read into memory. */
export interface FormFile {
  filename: string;
  mimetype: string;
  data: Buffer;
  /** True when the part was larger than the limit (only the first bytes are kept). */
  tooLarge: boolean;
}

/** A parsed `multipart/form-data` body: every text field (repeats kept) and every file. */
export interface MultipartForm {
  fields: Map<string, string[]>;
  files: Map<string, FormFile>;
}

/**
 * Reads a multipart body with `@fastify/multipart` (registered by the sandbox). Files
 * over `maxFileBytes` are cut, flagged `tooLarge`, and the rest of the form is still read.
 * A request that is not multipart gives an empty form.
 */
export async function readMultipartForm(
  request: FastifyRequest,
  maxFileBytes: number,
): Promise<MultipartForm> {
  const form: MultipartForm = { fields: new Map(), files: new Map() };
  if (!request.isMultipart()) return form;
  for await (const part of request.parts({
    limits: { fileSize: maxFileBytes, fieldSize: 1_000_000 },
  })) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      form.files.set(part.fieldname, {
        filename: part.filename,
        mimetype: part.mimetype,
        data,
        tooLarge: part.file.truncated,
      });
    } else {
      const list = form.fields.get(part.fieldname) ?? [];
      list.push(String(part.value));
      form.fields.set(part.fieldname, list);
    }
  }
  return form;
}

/** The first value of a text field. */
export function field(form: MultipartForm, name: string): string | undefined {
  return form.fields.get(name)?.[0];
}
