import {
  AI_INTERVIEW_TERMINAL_STATUSES,
  CVDM_TERMINAL_STATUSES,
  CVDS_TERMINAL_STATUSES,
  SESSION_TERMINAL_STATUSES,
  SPEECH_TERMINAL_STATUSES,
} from '@zenhire-connect/zenhire-client';
import type { ObservedRun, RunModule } from './run';

/**
 * Pure mapping of validated ZenHire client responses (wire rows) to core's
 * {@link ObservedRun}. No I/O: the worker's gateway (poll/list) and the server's webhook
 * reader (CV DeepMatch terminal object) both call it, so a run reads the same whichever
 * way it arrives.
 */

/**
 * Whether `status` is terminal for `module`, from the ZenHire client's constants: speech
 * `success|partial|failed` (zenhire-api.md §4), interview `completed|failed` (§6.5),
 * CV DeepMatch `finished|failed` (§7.1), CV DeepSearch (§7.2, client's choice), AI interview
 * `completed|partial|low_confidence|failed` (§12). Soft-skills results are returned by the
 * scoring call itself, so every status counts as terminal. Never throws.
 */
export function isTerminalStatus(module: RunModule, status: string): boolean {
  switch (module) {
    case 'speech':
      return (SPEECH_TERMINAL_STATUSES as readonly string[]).includes(status);
    case 'interview':
      return (SESSION_TERMINAL_STATUSES as readonly string[]).includes(status);
    case 'cv_deepmatch':
      return (CVDM_TERMINAL_STATUSES as readonly string[]).includes(status);
    case 'cv_deepsearch':
      return CVDS_TERMINAL_STATUSES.includes(status);
    case 'ai_interview':
      return AI_INTERVIEW_TERMINAL_STATUSES.includes(status);
    case 'soft_skills':
      return true;
  }
}

/**
 * Metadata values as core's flat string map (Interview may send numbers/booleans, §2);
 * `null`/`undefined` values dropped; `{}` for anything that is not a plain object.
 */
function stringMetadata(metadata: unknown): Record<string, string> {
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata as Record<string, unknown>)) {
    if (value !== null && value !== undefined) out[key] = String(value);
  }
  return out;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * Converts any validated client response (poll body, list row, session, CV DeepMatch
 * webhook object) into core's {@link ObservedRun}:
 * - `id`: `id`, else `interview_id` (AI interview, §12), else `''`;
 * - `status`: `status` when a string, else `'scored'` for soft skills (§12), else `''`;
 * - `terminal`: {@link isTerminalStatus};
 * - `externalId`: `externalId` (§2; speech §5.5, CV DeepMatch §7.1), or the session's
 *   `candidate_ref` for `interview` (§6.5); `null` when not a string;
 * - `metadata`: values as strings, `null` values dropped (§2); `tags`: string entries only;
 * - `createdAt`: `createdAt`, else `created_at`; omitted when missing or empty;
 * - `body`: the given object itself (not copied).
 *
 * Never throws; missing fields give the defaults above.
 */
export function toObservedRun(module: RunModule, body: object): ObservedRun {
  const b = body as Record<string, unknown>;
  const id = String(b.id ?? b.interview_id ?? '');
  const status = typeof b.status === 'string' ? b.status : module === 'soft_skills' ? 'scored' : '';
  const externalId =
    module === 'interview' ? stringOrNull(b.candidate_ref) : stringOrNull(b.externalId);
  const createdAt = stringOrNull(b.createdAt) ?? stringOrNull(b.created_at) ?? undefined;
  return {
    module,
    id,
    status,
    terminal: isTerminalStatus(module, status),
    externalId,
    metadata: stringMetadata(b.metadata),
    tags: Array.isArray(b.tags) ? b.tags.filter((t): t is string => typeof t === 'string') : [],
    ...(createdAt ? { createdAt } : {}),
    body,
  };
}

/**
 * When a terminal run finished, as epoch milliseconds, read from its body: the first of
 * `completedAt` (speech list rows, §5.7), `completed_at` (sessions, §6.5),
 * `processing_completed_at` (CV DeepMatch, §7.1), `timestamp` (speech poll, §5.5) that is a
 * string `Date.parse` accepts; `undefined` when none parses or `body` is not an object.
 */
export function terminalAtOf(body: unknown): number | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  for (const key of ['completedAt', 'completed_at', 'processing_completed_at', 'timestamp']) {
    const value = b[key];
    if (typeof value === 'string') {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) return ms;
    }
  }
  return undefined;
}
