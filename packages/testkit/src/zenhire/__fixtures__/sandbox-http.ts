import { DEFAULT_ZENHIRE_SANDBOX_KEY } from '../zenhire-sandbox';

/** An answer of the ZenHire sandbox, as the sandbox tests read it. */
export interface SandboxAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON body; `{}` for an empty or non-JSON body. */
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The body as received (e.g. a recording). */
  bytes: Buffer;
}

/** Request options of {@link callSandbox}. */
export interface SandboxCall {
  method?: string;
  /** Sent as JSON (`content-type: application/json`). */
  json?: unknown;
  /** Sent as-is with `content-type: application/json` (for malformed JSON). */
  raw?: string;
  form?: FormData;
  /** `X-API-Key`; default the sandbox's default key, `null` sends none. */
  key?: string | null;
}

/** One HTTP call to a started sandbox at `url` (shared by the ZenHire sandbox tests). */
export async function callSandbox(
  url: string,
  path: string,
  init: SandboxCall = {},
): Promise<SandboxAnswer> {
  const headers: Record<string, string> = {};
  if (init.key !== null) headers['x-api-key'] = init.key ?? DEFAULT_ZENHIRE_SANDBOX_KEY;
  if (init.json !== undefined || init.raw !== undefined)
    headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.raw ?? (init.json !== undefined ? JSON.stringify(init.json) : init.form),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const isJson = res.headers.get('content-type')?.includes('json');
  return {
    status: res.status,
    headers: res.headers,
    body: isJson && bytes.length ? JSON.parse(bytes.toString('utf8')) : {},
    bytes,
  };
}
