import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Real Lever API payloads recorded by NangoHQ/integration-templates (ELv2; license in
 * shared/fixtures/LICENSES/ELv2.txt), read in place from the shared fixtures folder
 * (shared/fixtures/SOURCES.md: ELv2 files stay there), never copied into this package.
 */
export const NANGO_DIR = join(__dirname, '../../../../../shared/fixtures/lever/nango-integration-templates');

/** One recorded Lever response: where it came from, the method and API path, status and body. */
export interface RecordedResponse {
  file: string;
  method: string;
  path: string;
  status: number;
  body: unknown;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** Every recorded response: `tests/*.test.json` (`api.<method>.<path>.response`) and raw `mocks-raw-responses`. */
export function recordedResponses(): RecordedResponse[] {
  const out: RecordedResponse[] = [];
  for (const file of walk(NANGO_DIR).filter((f) => f.endsWith('.json'))) {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const rel = relative(NANGO_DIR, file);
    if (rel.startsWith('tests/')) {
      const api = (json.api ?? {}) as Record<string, Record<string, { response: unknown; status: number }>>;
      for (const [method, paths] of Object.entries(api)) {
        for (const [path, entry] of Object.entries(paths)) {
          out.push({ file: rel, method: method.toUpperCase(), path, status: entry.status, body: entry.response });
        }
      }
    } else {
      const [, method, , ...rest] = rel.split('/');
      out.push({ file: rel, method: method!.toUpperCase(), path: `/${rest.slice(0, -1).join('/')}`, status: 200, body: json });
    }
  }
  return out;
}
