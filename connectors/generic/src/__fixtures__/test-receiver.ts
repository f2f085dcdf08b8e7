import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: Buffer;
  status: number;
}

/** A planned answer. */
export interface PlannedAnswer {
  status: number;
  headers?: Record<string, string>;
}

/**
 * A webhook receiver on 127.0.0.1 (random port) for tests: answers `queue` entries first,
 * then `always` (default 200). `accepted()` counts 2xx answers (the writes it made).
 */
export async function startTestReceiver() {
  const requests: ReceivedRequest[] = [];
  const queue: PlannedAnswer[] = [];
  let always: PlannedAnswer = { status: 200 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = queue.shift() ?? always;
      requests.push({ headers: req.headers, body: Buffer.concat(chunks), status: answer.status });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.status < 300 ? '{"ok":true}' : '{"error":"planned"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/zenhire?token=t0p-path-token`,
    port,
    requests,
    /** Answers for the next requests, in order. */
    enqueue(...answers: PlannedAnswer[]) {
      queue.push(...answers);
    },
    /** Answer every following request with `status` (null: 200 again). */
    answerAlways(status: number | null, headers?: Record<string, string>) {
      always = { status: status ?? 200, headers };
    },
    accepted: () => requests.filter((r) => r.status >= 200 && r.status < 300).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TestReceiver = Awaited<ReturnType<typeof startTestReceiver>>;
