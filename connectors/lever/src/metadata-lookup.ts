import { leverError } from './lever-error';
import type {
  LeverArchiveReason,
  LeverFeedbackTemplate,
  LeverStage,
  LeverUser,
} from './lever-records';

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** A stage by id, or by name (case-insensitive) — as a mapping writes `MoveStage.to.stage`. */
export function findStage(stages: LeverStage[], ref: string): LeverStage | undefined {
  return stages.find((s) => s.id === ref) ?? stages.find((s) => same(s.text, ref));
}

/**
 * The stage after `currentId` in the account's global stage order (`GET /stages` lists
 * stages in pipeline order; lever-api.md §2). Throws `LEVER_STAGE_UNKNOWN` when the current
 * stage is not in the list, `LEVER_STAGE_LAST` when it is the last stage.
 */
export function nextStage(stages: LeverStage[], currentId: string): LeverStage {
  const index = stages.findIndex((s) => s.id === currentId);
  if (index < 0) {
    throw leverError(
      'LEVER_STAGE_UNKNOWN',
      `current stage ${currentId} is not in GET /stages`,
      false,
    );
  }
  const next = stages[index + 1];
  if (!next) {
    throw leverError(
      'LEVER_STAGE_LAST',
      `stage "${stages[index]!.text}" is the last stage: there is no next stage`,
      false,
    );
  }
  return next;
}

/**
 * The archive reason a `Reject` names: by id or name (case-insensitive), active first. Must
 * be a `non-hired` reason (a hired reason would mark a hire, lever-api.md §2). Throws
 * `LEVER_ARCHIVE_REASON_UNKNOWN` (no such reason, with the names that exist) or
 * `LEVER_ARCHIVE_REASON_HIRED`.
 */
export function findRejectionReason(
  reasons: LeverArchiveReason[],
  ref: string,
): LeverArchiveReason {
  const matches = reasons.filter((r) => r.id === ref || same(r.text, ref));
  const reason = matches.find((r) => r.status !== 'inactive') ?? matches[0];
  if (!reason) {
    const names = reasons
      .filter((r) => r.type === 'non-hired' && r.status !== 'inactive')
      .map((r) => r.text);
    throw leverError(
      'LEVER_ARCHIVE_REASON_UNKNOWN',
      `archive reason "${ref}" not found; non-hired reasons: ${names.join(', ')}`,
      false,
    );
  }
  if (reason.type !== 'non-hired') {
    throw leverError(
      'LEVER_ARCHIVE_REASON_HIRED',
      `archive reason "${reason.text}" is a hired reason; a rejection needs a non-hired reason`,
      false,
    );
  }
  return reason;
}

/** A user by id or email (case-insensitive); undefined when none matches. */
export function findUser(users: LeverUser[], ref: string): LeverUser | undefined {
  return users.find((u) => u.id === ref) ?? users.find((u) => !!u.email && same(u.email, ref));
}

/** A feedback template by id or name (case-insensitive). */
export function findFeedbackTemplate(
  templates: LeverFeedbackTemplate[],
  ref: string,
): LeverFeedbackTemplate | undefined {
  return templates.find((t) => t.id === ref) ?? templates.find((t) => same(t.text, ref));
}
