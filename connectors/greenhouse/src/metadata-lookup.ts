import type { CandidateTag, JobStage, RejectionReason } from './harvest-records';

/** Names compare trimmed and case-insensitive (a mapping writes `"Face to Face"`, `"face to face "`). */
const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * A job stage by id, or by name — as a mapping writes `MoveStage.to.stage`. Used by
 * `applyPlan` and `previewPlan` alike so a preview names the stage the write would use.
 */
export function findStage(stages: JobStage[], reference: string): JobStage | undefined {
  const ref = reference.trim();
  return stages.find((s) => s.id === ref || sameName(s.name, ref));
}

/**
 * An organisation candidate tag by name, case-insensitive: `name` is trimmed, the tag's name
 * is compared as Greenhouse stores it (a tag is created with the trimmed `{ name }`,
 * greenhouse-api.md §2.3).
 */
export function findCandidateTag(tags: CandidateTag[], name: string): CandidateTag | undefined {
  const wanted = name.trim().toLowerCase();
  return tags.find((t) => t.name.toLowerCase() === wanted);
}

/** A rejection reason by name (ids are resolved before any lookup). */
export function findRejectionReason(
  reasons: RejectionReason[],
  name: string,
): RejectionReason | undefined {
  return reasons.find((r) => sameName(r.name, name));
}
