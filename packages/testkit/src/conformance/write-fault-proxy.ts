import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Options of {@link startWriteFaultProxy}. */
export interface WriteFaultProxyOptions {
  /** Origin of the sandbox to forward to, e.g. `http://127.0.0.1:41234`. */
  target: string;
  /** Which requests count as writes (default: every method but `GET`/`HEAD`). */
  isWrite?(method: string, url: string): boolean;
  /** JSON body of an injected failure (default `{ message: 'injected failure' }`). */
  errorBody?(status: number): unknown;
}

/** A running {@link startWriteFaultProxy}. */
export interface WriteFaultProxy {
  /** `http://127.0.0.1:<port>`: point the connector here instead of at the sandbox. */
  url: string;
  /** Answers every following write with `status` (nothing forwarded); `null` = forward again. */
  failWritesWith(status: number | null): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
/** Also dropped from answers: `fetch` has already decoded the body. */
const DECODED = new Set([...HOP_BY_HOP, 'content-encoding']);

/**
 * A loopback HTTP proxy in front of a sandbox for the conformance suite's error tests
 * (`failWritesWith`): it forwards every request (method, path and query, headers, body)
 * and the answer unchanged, except that while a failure status is set, writes are answered
 * with that status and `errorBody` without reaching the sandbox (so the sandbox's write
 * count does not move). Listens on 127.0.0.1, random port.
 */
export async function startWriteFaultProxy(
  options: WriteFaultProxyOptions,
): Promise<WriteFaultProxy> {
  const isWrite = options.isWrite ?? ((method: string) => method !== 'GET' && method !== 'HEAD');
  const errorBody = options.errorBody ?? (() => ({ message: 'injected failure' }));
  let failWith: number | null = null;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      if (failWith !== null && isWrite(method, url)) {
        res.writeHead(failWith, { 'content-type': 'application/json' });
        res.end(JSON.stringify(errorBody(failWith)));
        return;
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        if (!HOP_BY_HOP.has(key) && typeof value === 'string') headers[key] = value;
      }
      const body = Buffer.concat(chunks);
      fetch(`${options.target}${url}`, {
        method,
        headers,
        body: body.length > 0 ? body : undefined,
      })
        .then(async (answer) => {
          const out: Record<string, string> = {};
          answer.headers.forEach((value, key) => {
            if (!DECODED.has(key)) out[key] = value;
          });
          res.writeHead(answer.status, out);
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => {
          res.statusCode = 502;
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    failWritesWith(status) {
      failWith = status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
