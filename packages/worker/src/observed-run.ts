import type { ObservedRun, RunModule } from '@zenhire-connect/core';
import {
  AI_INTERVIEW_TERMINAL_STATUSES,
  CVDM_TERMINAL_STATUSES,
  CVDS_TERMINAL_STATUSES,
  SESSION_TERMINAL_STATUSES,
  SPEECH_TERMINAL_STATUSES,
} from '@zenhire-connect/zenhire-client';

/**
 * Terminal statuses per core module, from the ZenHire client's constants: speech
 * `success|partial|failed` (zenhire-api.md §4), interview `completed|failed` (§6.5),
 * CV DeepMatch `finished|failed` (§7.1), CV DeepSearch (§7.2, client's choice), AI interview
 * `completed|partial|low_confidence|failed` (§12). Soft-skills results are returned by the
 * scoring call itself, so every status counts as terminal.
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

/** Metadata values as core's flat string map (Interview may send numbers/booleans, §2). */
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
 * Converts any validated client response (poll body, list row, session) into core's
 * `ObservedRun`: `id` (or `interview_id`), `status`, `terminal` from
 * {@link isTerminalStatus}, the correlation fields (`externalId`, or the session's
 * `candidate_ref`; `metadata` as strings; `tags`), `createdAt` (`createdAt` / `created_at`),
 * and the body itself.
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
 * When a terminal run finished (epoch ms), read from its body: `completedAt` (speech list
 * rows), `completed_at` (sessions), `processing_completed_at` (CV DeepMatch), `timestamp`
 * (speech poll); `undefined` when none parses.
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
