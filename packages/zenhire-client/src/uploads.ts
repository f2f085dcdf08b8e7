import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Readable } from 'node:stream';
import { ZenHireLimitError } from './errors';

/**
 * A file to upload: a filesystem path, a Buffer / Uint8Array, a readable stream, or any of
 * those with an explicit file name and content type.
 * Streams are read into memory once (at most the endpoint's size limit), so a submit can be
 * resent after a rejection without asking the caller for the stream again.
 */
export type FileSource = string | Buffer | Uint8Array | Readable;
export type FileInput = FileSource | { data: FileSource; filename?: string; contentType?: string };

/** An upload ready to be appended to any number of multipart bodies. */
export interface PreparedUpload {
  filename: string;
  contentType: string;
  size: number;
  /** Returns a fresh body part each call (a new read stream for paths). */
  open(): Buffer | Readable;
}

/** MIME types of the extensions the API accepts (zenhire-api.md §5.2, §7.1). */
export const UPLOAD_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.m4a': 'audio/mp4',
  '.webm': 'audio/webm',
  '.ogg': 'audio/ogg',
  '.flac': 'audio/flac',
  '.aiff': 'audio/aiff',
  '.pdf': 'application/pdf',
};

export interface PrepareOptions {
  /** Form field name (used in errors). */
  field: string;
  /** Largest accepted size in bytes. */
  maxBytes: number;
  defaultFilename: string;
  /** Leading bytes the file must start with (e.g. `%PDF-`). */
  magic?: Buffer;
}

function isReadable(value: unknown): value is Readable {
  return (
    typeof value === 'object' && value !== null && typeof (value as Readable).pipe === 'function'
  );
}

async function readAll(stream: Readable, field: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > maxBytes) {
      stream.destroy();
      throw new ZenHireLimitError(
        field,
        `at most ${maxBytes} bytes`,
        `more than ${maxBytes} bytes`,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Checks size (and magic bytes) before sending and returns a reusable upload.
 * @throws ZenHireLimitError when the file is empty, too large or lacks the magic bytes.
 */
export async function prepareUpload(
  input: FileInput,
  options: PrepareOptions,
): Promise<PreparedUpload> {
  const spec =
    typeof input === 'object' &&
    !Buffer.isBuffer(input) &&
    !(input instanceof Uint8Array) &&
    !isReadable(input)
      ? input
      : { data: input };
  const source = spec.data;
  let prepared: Omit<PreparedUpload, 'contentType'>;
  let pathName: string | null = null;
  let head: Buffer;

  if (typeof source === 'string') {
    pathName = source;
    const info = await stat(source);
    if (info.size > options.maxBytes) {
      throw new ZenHireLimitError(
        options.field,
        `at most ${options.maxBytes} bytes`,
        `${info.size} bytes`,
      );
    }
    const handle = await open(source, 'r');
    try {
      head = Buffer.alloc(Math.min(16, info.size));
      await handle.read(head, 0, head.length, 0);
    } finally {
      await handle.close();
    }
    prepared = {
      filename: spec.filename ?? basename(source),
      size: info.size,
      open: () => createReadStream(source),
    };
  } else {
    const buffer = isReadable(source)
      ? await readAll(source, options.field, options.maxBytes)
      : Buffer.isBuffer(source)
        ? source
        : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    if (buffer.length > options.maxBytes) {
      throw new ZenHireLimitError(
        options.field,
        `at most ${options.maxBytes} bytes`,
        `${buffer.length} bytes`,
      );
    }
    head = buffer.subarray(0, 16);
    prepared = {
      filename: spec.filename ?? options.defaultFilename,
      size: buffer.length,
      open: () => buffer,
    };
  }
  if (prepared.size === 0)
    throw new ZenHireLimitError(options.field, 'a non-empty file', '0 bytes');
  if (options.magic && !head.subarray(0, options.magic.length).equals(options.magic)) {
    throw new ZenHireLimitError(
      options.field,
      `a file starting with "${options.magic.toString('latin1')}"`,
      pathName ?? 'buffer',
    );
  }
  const contentType =
    spec.contentType ??
    UPLOAD_CONTENT_TYPES[extname(prepared.filename).toLowerCase()] ??
    'application/octet-stream';
  return { ...prepared, contentType };
}
