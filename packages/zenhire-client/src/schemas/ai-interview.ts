import { z } from 'zod';
import { MetadataSchema, NullableStringSchema, TagsSchema, withIdAliases } from './common';

/**
 * AI interview (`/v1/interviews`) and soft-skills (`/v1/soft-skills-score`) shapes.
 *
 * DOCUMENTED ONLY BY PRODUCT PAGES (zenhire-api.md §12; seeds 002 and 004), not by the
 * platform docs, whose field names and scales differ. Unknown fields pass through and
 * only the identifying fields are required, so a different real shape degrades gracefully.
 */

/** Fraud flags, e.g. `{multiple_speakers: false, reading_detected: false}` (§12). */
export const FraudSignalsSchema = z
  .record(z.string(), z.union([z.boolean(), z.number(), z.string(), z.null()]))
  .nullish()
  .transform((v) => v ?? {});
export type FraudSignals = z.infer<typeof FraudSignalsSchema>;

/** A score on the 0–100 scale of the product pages (§12). */
export const Score100Schema = z.number().min(0).max(100);

/**
 * Statuses named on the AI interview product page: `completed`, `partial`,
 * `low_confidence` (page wording "Completed, partial, or low-confidence"); others such as
 * `pending`, `in_progress`, `failed` are [inferred]. Any string is accepted.
 */
export const AI_INTERVIEW_TERMINAL_STATUSES: readonly string[] = [
  'completed',
  'partial',
  'low_confidence',
  'low-confidence',
  'failed',
];

/** `language{cefr, fluency}`: CEFR `A1`–`C2` and fluency 0–100 (§12). */
export const AiInterviewLanguageSchema = z.looseObject({
  cefr: z.string().nullish(),
  fluency: Score100Schema.nullish(),
});
export type AiInterviewLanguage = z.infer<typeof AiInterviewLanguageSchema>;

/**
 * AI interview result (product page, §12). Example:
 * `{interview_id:"iv_4af20c", channel:"phone", overall_score:82, competencies{…},
 *   language{cefr:"B2", fluency:86}, fraud_signals{…}, status:"completed"}`.
 * Required: `interview_id` (`id` accepted as its other name), `status`.
 * `overall_score` and `competencies` values are 0–100. `channel` is `phone` or web/browser.
 * `externalId` normalised to `null`, `metadata` to `{}`, `tags` to `[]` (the page promises
 * "an externalId plus up to 50 metadata keys and 20 tags per run").
 */
export const AiInterviewResultSchema = withIdAliases(
  z.looseObject({
    interview_id: z.string().min(1),
    channel: z.string().nullish(),
    overall_score: Score100Schema.nullish(),
    competencies: z
      .record(z.string(), Score100Schema.nullable())
      .nullish()
      .transform((v) => v ?? {}),
    language: AiInterviewLanguageSchema.nullish(),
    fraud_signals: FraudSignalsSchema,
    status: z.string(),
    /** Join link with the access token in its URL fragment (create response). */
    join_link: z.string().nullish(),
    low_confidence: z.boolean().nullish(),
    transcript: z.unknown().optional(),
    externalId: NullableStringSchema,
    metadata: MetadataSchema,
    tags: TagsSchema,
  }),
  ['id', 'interviewId'],
  'interview_id',
);
export type AiInterviewResult = z.infer<typeof AiInterviewResultSchema>;

/**
 * Response of `POST /v1/interviews` ("get an interview ID and join link", §12).
 * The link's field name is [not found]: `join_link`, `candidate_link`, `link` or `url` are
 * accepted and normalised to `join_link`. `status` is optional here.
 */
export const AiInterviewCreateResponseSchema = z.preprocess(
  (raw) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
    const r = raw as Record<string, unknown>;
    if (typeof r.join_link === 'string') return raw;
    const link = [r.joinLink, r.candidate_link, r.link, r.url].find((v) => typeof v === 'string');
    return link === undefined ? raw : { ...r, join_link: link };
  },
  withIdAliases(
    z.looseObject({
      interview_id: z.string().min(1),
      join_link: z.string().nullish(),
      status: z.string().nullish(),
    }),
    ['id', 'interviewId'],
    'interview_id',
  ),
);
export type AiInterviewCreateResponse = z.infer<typeof AiInterviewCreateResponseSchema>;

/** The four soft-skills dimensions of the product page, each 0–100 (§12, seed 004). */
export const SOFT_SKILLS_DIMENSIONS = [
  'communication',
  'clarity',
  'composure',
  'empathy_signal',
] as const;
export type SoftSkillsDimension = (typeof SOFT_SKILLS_DIMENSIONS)[number];

export const SoftSkillsDimensionsSchema = z.looseObject({
  communication: Score100Schema.nullish(),
  clarity: Score100Schema.nullish(),
  composure: Score100Schema.nullish(),
  empathy_signal: Score100Schema.nullish(),
});
export type SoftSkillsDimensions = z.infer<typeof SoftSkillsDimensionsSchema>;

/**
 * Soft-skills score result (`POST /v1/soft-skills-score`, product page only, §12). Example:
 * `{role_benchmark:"customer_support", overall_score:82, dimensions{communication:85,
 *   clarity:80, composure:79, empathy_signal:77}, benchmark_percentile:88,
 *   fraud_signals{reading_detected:false}}`.
 * All scores 0–100; `benchmark_percentile` 0–100. Required: `role_benchmark`.
 * The page says a dimension too short to judge carries a low-confidence flag "on that axis"
 * instead of a number; the field name is [not found]: `low_confidence` (boolean, whole
 * result) and `low_confidence_dimensions` (dimension names) are read when present, and a
 * dimension value `null` also means low confidence. `id` / `status` are [inferred], optional.
 */
export const SoftSkillsScoreResultSchema = z.looseObject({
  id: z.string().nullish(),
  status: z.string().nullish(),
  role_benchmark: z.string(),
  overall_score: Score100Schema.nullish(),
  dimensions: SoftSkillsDimensionsSchema.nullish().transform((v) => v ?? {}),
  benchmark_percentile: Score100Schema.nullish(),
  fraud_signals: FraudSignalsSchema,
  low_confidence: z.boolean().nullish(),
  low_confidence_dimensions: z.array(z.string()).nullish(),
  externalId: NullableStringSchema,
  metadata: MetadataSchema,
  tags: TagsSchema,
});
export type SoftSkillsScoreResult = z.infer<typeof SoftSkillsScoreResultSchema>;
