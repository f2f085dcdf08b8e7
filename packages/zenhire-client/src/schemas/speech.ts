import { z } from 'zod';
import {
  MetadataSchema,
  NullableStringSchema,
  RunErrorSchema,
  TagsSchema,
  listPage,
  withIdAliases,
} from './common';

/** Speech run statuses (zenhire-api.md §5.5). Terminal: `success`, `partial`, `failed` (§4). */
export const SPEECH_STATUSES = ['queued', 'processing', 'success', 'partial', 'failed'] as const;
export const SpeechStatusSchema = z.enum(SPEECH_STATUSES);
export type SpeechStatus = z.infer<typeof SpeechStatusSchema>;

/** Terminal speech statuses (zenhire-api.md §4). */
export const SPEECH_TERMINAL_STATUSES: readonly SpeechStatus[] = ['success', 'partial', 'failed'];

/**
 * 202 response of `POST /api/v1/speech/analyze` (zenhire-api.md §5.4).
 * Example: `{"id":"req_...","status":"queued","queuePosition":3,"activeRequests":8,"pollIntervalSeconds":20}`.
 * The full schema is [not found]; only `id` and `status` are required. `requestId` /
 * `request_id` are accepted as older names of `id`.
 */
export const SpeechSubmitResponseSchema = withIdAliases(
  z.looseObject({
    id: z.string().min(1),
    status: SpeechStatusSchema,
    /** Position in the client's FIFO queue while `queued` (§4). */
    queuePosition: z.number().int().nullish(),
    /** Runs currently processing for this client (§4). */
    activeRequests: z.number().int().nullish(),
    /** Recommended poll interval in seconds (§4). */
    pollIntervalSeconds: z.number().nonnegative().nullish(),
    externalId: z.string().nullish(),
  }),
);
export type SpeechSubmitResponse = z.infer<typeof SpeechSubmitResponseSchema>;

/** CEFR level string (`A1`–`C2`); kept as a string so an unexpected value still parses. */
export const CefrLevelSchema = z.string();

/**
 * `scores` of a speech run (§5.5): a flat object, every field nullable.
 * `vocabulary`, `fluency`, `accent`, `overall` are on a 0–5 scale; the `*Percent` twins are
 * integers 0–100; `*Cefr` / `cefrLevel` are CEFR strings `A1`–`C2`.
 */
export const SpeechScoresSchema = z.looseObject({
  vocabulary: z.number().min(0).max(5).nullish(),
  fluency: z.number().min(0).max(5).nullish(),
  accent: z.number().min(0).max(5).nullish(),
  overall: z.number().min(0).max(5).nullish(),
  vocabularyPercent: z.number().min(0).max(100).nullish(),
  fluencyPercent: z.number().min(0).max(100).nullish(),
  accentPercent: z.number().min(0).max(100).nullish(),
  overallPercent: z.number().min(0).max(100).nullish(),
  vocabularyCefr: CefrLevelSchema.nullish(),
  fluencyCefr: CefrLevelSchema.nullish(),
  accentCefr: CefrLevelSchema.nullish(),
  cefrLevel: CefrLevelSchema.nullish(),
});
export type SpeechScores = z.infer<typeof SpeechScoresSchema>;

/** `audio` of a speech run (§5.5). `durationMs` in milliseconds. */
export const SpeechAudioSchema = z.looseObject({
  durationMs: z.number().nullish(),
  durationFormatted: z.string().nullish(),
  languageCode: z.string().nullish(),
  requestedLanguage: z.string().nullish(),
  speakerCount: z.number().int().nullish(),
});
export type SpeechAudio = z.infer<typeof SpeechAudioSchema>;

/** `candidateDetection` of a speech run (§5.5, §5.6). `low` confidence warrants a human check. */
export const SpeechCandidateDetectionSchema = z.looseObject({
  speaker: z.string().nullish(),
  speakerLabel: z.string().nullish(),
  confidence: z.enum(['high', 'medium', 'low']).nullish(),
  reason: z.string().nullish(),
  wordCount: z.number().int().nullish(),
});
export type SpeechCandidateDetection = z.infer<typeof SpeechCandidateDetectionSchema>;

/** `explainability` (§5.5): plain-language text, safe to show to end users. */
export const SpeechExplainabilitySchema = z.looseObject({
  vocab: z.string().nullish(),
  fluency: z.string().nullish(),
});
export type SpeechExplainability = z.infer<typeof SpeechExplainabilitySchema>;

/** `transcript` of a speech run (§5.5). Segment and speaker shapes are [not found]: loose objects. */
export const SpeechTranscriptSchema = z.looseObject({
  segments: z.array(z.looseObject({})).nullish(),
  speakers: z.array(z.looseObject({})).nullish(),
  candidateText: z.string().nullish(),
  candidateSpeaker: z.string().nullish(),
});
export type SpeechTranscript = z.infer<typeof SpeechTranscriptSchema>;

/** `credits` of a speech run (§5.5, §8). `audioDurationMinutes` in minutes. */
export const SpeechRunCreditsSchema = z.looseObject({
  deducted: z.number().nullish(),
  remainingBalance: z.number().nullish(),
  audioDurationMinutes: z.number().nullish(),
});
export type SpeechRunCredits = z.infer<typeof SpeechRunCreditsSchema>;

/**
 * Poll response of `GET /api/v1/speech/analyze/{id}` (`PollResponse`, zenhire-api.md §5.5).
 *
 * - `queued` / `processing`: light payload (`queuePosition` while queued).
 * - `success` / `partial`: full payload (`scores`, `audio`, `transcript`, ...).
 * - `failed`: `error{code,message}`.
 *
 * Required: `id`, `status`. `externalId` is normalised to `null` when missing, `metadata`
 * to `{}` and `tags` to `[]` (echoed on every status, §2). `pollIntervalSeconds` on poll
 * responses is [inferred] (§5.5).
 */
export const SpeechRunSchema = withIdAliases(
  z.looseObject({
    id: z.string().min(1),
    externalId: NullableStringSchema,
    status: SpeechStatusSchema,
    timestamp: z.string().nullish(),
    processingTimeMs: z.number().nullish(),
    scoringMethod: z.string().nullish(),
    queuePosition: z.number().int().nullish(),
    pollIntervalSeconds: z.number().nonnegative().nullish(),
    audio: SpeechAudioSchema.nullish(),
    candidateDetection: SpeechCandidateDetectionSchema.nullish(),
    scores: SpeechScoresSchema.nullish(),
    explainability: SpeechExplainabilitySchema.nullish(),
    /** Shape [not found] (§5.5). */
    analysis: z.looseObject({}).nullish(),
    hrRecommendation: z.string().nullish(),
    candidateFeedback: z.string().nullish(),
    transcript: SpeechTranscriptSchema.nullish(),
    credits: SpeechRunCreditsSchema.nullish(),
    error: RunErrorSchema.nullish(),
    metadata: MetadataSchema,
    tags: TagsSchema,
  }),
);
export type SpeechRun = z.infer<typeof SpeechRunSchema>;

/** `serviceType` filter values of the speech list endpoint (§5.7). */
export const SPEECH_SERVICE_TYPES = ['speech', 'cv_deepmatch'] as const;
export type SpeechServiceType = (typeof SPEECH_SERVICE_TYPES)[number];

/**
 * One row of `GET /api/v1/speech/runs` (`RunSummary`, schema [not found], §5.7).
 * Required: `id`, `status`. `status` is a plain string because the endpoint can list
 * CV DeepMatch runs too (`serviceType=cv_deepmatch`, statuses `processing|finished|failed`).
 * `externalId` normalised to `null`, `metadata` to `{}`, `tags` to `[]`.
 */
export const SpeechRunSummarySchema = withIdAliases(
  z.looseObject({
    id: z.string().min(1),
    status: z.string(),
    externalId: NullableStringSchema,
    serviceType: z.string().nullish(),
    createdAt: z.string().nullish(),
    completedAt: z.string().nullish(),
    metadata: MetadataSchema,
    tags: TagsSchema,
  }),
);
export type SpeechRunSummary = z.infer<typeof SpeechRunSummarySchema>;

/** One page of `GET /api/v1/speech/runs`; see `listPage` for the accepted envelopes. */
export const SpeechRunListPageSchema = listPage(SpeechRunSummarySchema);
export type SpeechRunListPage = z.infer<typeof SpeechRunListPageSchema>;
