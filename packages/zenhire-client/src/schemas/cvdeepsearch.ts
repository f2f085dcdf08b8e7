import { z } from 'zod';
import { TagsSchema, listPage, withIdAliases } from './common';

/** `embedding_status` of a CV DeepSearch candidate (zenhire-api.md §7.2). */
export const CVDS_EMBEDDING_STATUSES = ['pending', 'embedded', 'failed'] as const;
export const CvdsEmbeddingStatusSchema = z.enum(CVDS_EMBEDDING_STATUSES);
export type CvdsEmbeddingStatus = z.infer<typeof CvdsEmbeddingStatusSchema>;

/**
 * Per-candidate ingest result (§7.2): `status` is `accepted` | `updated` | `unchanged`
 * (a failed candidate's status is [not found]; any string is accepted), `embedding_status`
 * `pending` | `embedded` | `failed`.
 */
export const CvdsIngestItemSchema = z.looseObject({
  external_id: z.string(),
  status: z.string(),
  embedding_status: z.string().nullish(),
  corpus_id: z.string().nullish(),
  error: z.union([z.looseObject({}), z.string()]).nullish(),
});
export type CvdsIngestItem = z.infer<typeof CvdsIngestItemSchema>;

/** `summary{accepted,updated,unchanged,failed}` of an ingest response (§7.2). */
export const CvdsIngestSummarySchema = z.looseObject({
  accepted: z.number().int().default(0),
  updated: z.number().int().default(0),
  unchanged: z.number().int().default(0),
  failed: z.number().int().default(0),
});
export type CvdsIngestSummary = z.infer<typeof CvdsIngestSummarySchema>;

/**
 * 200 response of `POST /api/v1/cvds/candidates` (§7.2; 200 even if some candidates fail).
 * The name of the per-candidate array is [not found]: `results`, `candidates` or `items` are
 * accepted and normalised to `results` (`[]` when absent). `summary` is required.
 */
export const CvdsIngestResponseSchema = z.preprocess(
  (raw) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
    const r = raw as Record<string, unknown>;
    if (Array.isArray(r.results)) return raw;
    const alt = [r.candidates, r.items].find(Array.isArray);
    return { ...r, results: alt ?? [] };
  },
  z.looseObject({
    results: z.array(CvdsIngestItemSchema),
    summary: CvdsIngestSummarySchema,
  }),
);
export type CvdsIngestResponse = z.infer<typeof CvdsIngestResponseSchema>;

const candidateStatusShape = {
  external_id: z.string(),
  corpus_id: z.string().nullish(),
  embedding_status: CvdsEmbeddingStatusSchema,
  content_hash: z.string().nullish(),
  embedding_model: z.string().nullish(),
  embedding_dims: z.number().int().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
};

/** `CvdsCandidateStatus` (§7.2): rows of `GET /api/v1/cvds/candidates`. */
export const CvdsCandidateStatusSchema = z.looseObject(candidateStatusShape);
export type CvdsCandidateStatus = z.infer<typeof CvdsCandidateStatusSchema>;

/** `CvdsCandidateStatusDetail` (§7.2): adds `tags` (`null` when none, normalised to `[]`). */
export const CvdsCandidateStatusDetailSchema = z.looseObject({
  ...candidateStatusShape,
  tags: TagsSchema,
});
export type CvdsCandidateStatusDetail = z.infer<typeof CvdsCandidateStatusDetailSchema>;

/** One page of `GET /api/v1/cvds/candidates` (parameters and envelope [not found]). */
export const CvdsCandidateListPageSchema = listPage(CvdsCandidateStatusSchema);
export type CvdsCandidateListPage = z.infer<typeof CvdsCandidateListPageSchema>;

/** 200 response of `POST /api/v1/cvds/search` (§7.2): `{id:"cvds_…", status:"pending"}`. */
export const CvdsSearchResponseSchema = withIdAliases(
  z.looseObject({
    id: z.string().min(1),
    status: z.string(),
  }),
);
export type CvdsSearchResponse = z.infer<typeof CvdsSearchResponseSchema>;

/**
 * `CvdsRun` (§7.2), `GET /api/v1/cvds/runs/{id}`. `status` is `pending`; terminal values are
 * not final yet, so any string is accepted. `results` is currently always `null` and
 * `results_pending` `true`.
 */
export const CvdsRunSchema = withIdAliases(
  z.looseObject({
    id: z.string().min(1),
    status: z.string(),
    corpus_id: z.string().nullish(),
    position_id: z.string().nullish(),
    is_job_updated: z.boolean().nullish(),
    top_n: z.number().int().nullish(),
    /** `requests` | `playground`. */
    source: z.string().nullish(),
    created_at: z.string().nullish(),
    results: z.unknown().optional(),
    results_pending: z.boolean().nullish(),
  }),
);
export type CvdsRun = z.infer<typeof CvdsRunSchema>;

/**
 * CVDS run statuses treated as terminal. Only `pending` is documented (§7.2); the terminal
 * names are [not found]; these follow the vocabulary of the other modules.
 */
export const CVDS_TERMINAL_STATUSES: readonly string[] = [
  'completed',
  'finished',
  'success',
  'failed',
  'error',
];
