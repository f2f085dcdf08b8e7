import { z } from 'zod';
import { MetadataSchema, RunErrorSchema, TagsSchema, listPage, withIdAliases } from './common';

/**
 * 202/200 response of `POST /api/v1/cvdeepmatch/submit` (`CvDeepMatchSubmitResponse`,
 * zenhire-api.md §7.1). `status` is always `"processing"`; `estimated_time` is text such as
 * `"1-3 minutes"`; `idempotent_replay` is `true` on a replay (HTTP 200), absent on a fresh
 * submit and normalised to `false`.
 */
export const CvDeepMatchSubmitResponseSchema = withIdAliases(
  z.looseObject({
    id: z.string().min(1),
    status: z.string(),
    message: z.string().nullish(),
    estimated_time: z.string().nullish(),
    idempotent_replay: z
      .boolean()
      .nullish()
      .transform((v) => v ?? false),
  }),
);
export type CvDeepMatchSubmitResponse = z.infer<typeof CvDeepMatchSubmitResponseSchema>;

/** CV DeepMatch statuses (§7.1). Terminal: `finished`, `failed`. */
export const CVDM_STATUSES = ['processing', 'finished', 'failed'] as const;
export const CvDeepMatchStatusSchema = z.enum(CVDM_STATUSES);
export type CvDeepMatchStatus = z.infer<typeof CvDeepMatchStatusSchema>;
export const CVDM_TERMINAL_STATUSES: readonly CvDeepMatchStatus[] = ['finished', 'failed'];

/**
 * `cv2jd_result` (§7.1): `overall_score` is a float on a **0–1** scale; `breakdown` maps
 * each dimension (`workExperience`, `skills`, optionally `education`) to a float.
 */
export const Cv2JdResultSchema = z.looseObject({
  overall_score: z.number().min(0).max(1),
  breakdown: z.record(z.string(), z.number().nullable()).nullish(),
});
export type Cv2JdResult = z.infer<typeof Cv2JdResultSchema>;

const cvDeepMatchRequestShape = {
  id: z.string().min(1),
  position_id: z.string(),
  status: CvDeepMatchStatusSchema,
  created_at: z.string().nullish(),
  processing_started_at: z.string().nullish(),
  processing_completed_at: z.string().nullish(),
  /** Internal parser output; returned to the owner on poll, removed from webhooks (PII). */
  cv_parser_result: z.unknown().optional(),
  cv2jd_result: Cv2JdResultSchema.nullish(),
  /** Present when `failed`. */
  error: RunErrorSchema.nullish(),
  /** Echo of the submitted config, keys starting `_` removed. */
  config: z.looseObject({}).nullish(),
  metadata: MetadataSchema,
  tags: TagsSchema,
};

/**
 * Poll response of `GET /api/v1/cvdeepmatch/{id}` (`CvDeepMatchRequest`, §7.1).
 * Required: `id`, `position_id`, `status`. `metadata` normalised to `{}`, `tags` to `[]`.
 */
export const CvDeepMatchRequestSchema = withIdAliases(z.looseObject(cvDeepMatchRequestShape));
export type CvDeepMatchRequest = z.infer<typeof CvDeepMatchRequestSchema>;

/**
 * One row of `GET /api/v1/cvdeepmatch/requests` (schema [not found]); required `id` and
 * `status`, everything else of `CvDeepMatchRequest` optional.
 */
export const CvDeepMatchRequestSummarySchema = withIdAliases(
  z.looseObject({
    ...cvDeepMatchRequestShape,
    position_id: z.string().nullish(),
  }),
);
export type CvDeepMatchRequestSummary = z.infer<typeof CvDeepMatchRequestSummarySchema>;

/** One page of `GET /api/v1/cvdeepmatch/requests` (parameters and envelope [not found]). */
export const CvDeepMatchListPageSchema = listPage(CvDeepMatchRequestSummarySchema);
export type CvDeepMatchListPage = z.infer<typeof CvDeepMatchListPageSchema>;

/** An `importance` value: an integer 1–5; the engine divides by 5 (§7.1). */
export const ImportanceSchema = z.number().int().min(1).max(5);

/** Skill item `{name, importance 1–5, id?}` (§7.1). */
export const CvDeepMatchSkillItemSchema = z.looseObject({
  name: z.string().min(1),
  importance: ImportanceSchema,
  id: z.union([z.string(), z.number()]).optional(),
});
export type CvDeepMatchSkillItem = z.infer<typeof CvDeepMatchSkillItemSchema>;

/**
 * Requirements config sent as the `config` multipart field (§7.1). Must contain
 * `requirements.workExperience` and `requirements.skills`. `from`/`to` in years (use 15 for
 * no maximum); every importance an integer 1–5. Further fields pass through.
 */
export const CvDeepMatchConfigSchema = z.looseObject({
  requirements: z.looseObject({
    workExperience: z
      .looseObject({
        from: z.number().int().min(0).optional(),
        to: z.number().int().min(0).optional(),
        importance: ImportanceSchema,
        time_importance: ImportanceSchema.optional(),
        transferable_skills: z.boolean().optional(),
      })
      .refine((w) => w.from === undefined || w.to === undefined || w.from <= w.to, {
        message: 'from must be <= to',
        path: ['from'],
      }),
    skills: z.looseObject({
      importance: ImportanceSchema.optional(),
      hard_skills: z.array(CvDeepMatchSkillItemSchema).optional(),
      soft_skills: z.array(CvDeepMatchSkillItemSchema).optional(),
      minimal_qualifications: z.array(CvDeepMatchSkillItemSchema).optional(),
      preferable_qualifications: z.array(CvDeepMatchSkillItemSchema).optional(),
    }),
    education: z.looseObject({ is_enabled: z.boolean().optional() }).optional(),
  }),
});
export type CvDeepMatchConfig = z.input<typeof CvDeepMatchConfigSchema>;
