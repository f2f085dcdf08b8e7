import type { RunModule } from './run';

/** CEFR levels as ZenHire reports them (zenhire-api.md §5.5). */
export const CEFR_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type CefrLevel = (typeof CEFR_LEVELS)[number];

/**
 * - `complete`: every score was produced with normal confidence.
 * - `partial`: some scores are missing (speech `partial`, a dropped interview answer).
 * - `low_confidence`: scores exist but ZenHire flags them for a human check (speech
 *   `candidateDetection.confidence = low`, AI interview/soft-skills low-confidence flags).
 * - `failed`: no scores (`error` says why).
 */
export type AssessmentStatus = 'complete' | 'partial' | 'low_confidence' | 'failed';

/**
 * One scored dimension. Keeps ZenHire's own scale visible: speech dimensions have
 * `value` on 0–5 (`max: 5`) and `percent` 0–100 from ZenHire's `*Percent` twins;
 * AI interview / soft-skills dimensions are 0–100 (`max: 100`, `percent` = value).
 */
export interface AssessmentDimension {
  /** Stable key, e.g. `vocabulary`, `fluency`, `accent`, `communication`, `skills`. */
  key: string;
  /** Human label, e.g. `Vocabulary`. */
  label: string;
  /** Score on the module's scale, or null when not produced. */
  value: number | null;
  /** Top of the scale of `value` (5 for speech, 100 for interview/soft skills, 1 for CVDM). */
  max: number;
  /** 0–100, integer when ZenHire gives one; null when not produced. */
  percent: number | null;
  cefr: CefrLevel | null;
  lowConfidence: boolean;
  /** Plain-language explanation safe to show (speech `explainability`), if any. */
  evidence: string | null;
}

/** A fraud or integrity signal (`multiple_speakers`, `reading_detected`, …). */
export interface FraudSignal {
  key: string;
  detected: boolean;
}

/** References to artefacts a person can open. URLs are ZenHire API URLs, not presigned. */
export interface AssessmentArtifacts {
  transcriptUrl?: string;
  recordingUrl?: string;
  reportUrl?: string;
  candidateLink?: string;
}

/**
 * The normalised result of a terminal run (DESIGN.md "Assessment"). Modelled after Kombo's
 * assessment result (`score`, `maxScore`, attributes) while keeping ZenHire's scales.
 */
export interface Assessment {
  runId: string;
  module: RunModule;
  status: AssessmentStatus;
  /** Overall score on the module's scale (speech 0–5, interview/soft skills 0–100, CVDM 0–1). */
  score: number | null;
  /** Top of the scale of `score`. */
  maxScore: number;
  /** Overall 0–100. */
  percent: number | null;
  cefr: CefrLevel | null;
  dimensions: AssessmentDimension[];
  fraudSignals: FraudSignal[];
  /** True when any signal in `fraudSignals` is detected. */
  fraudDetected: boolean;
  /** True when ZenHire flagged the result for a human check (any reason). */
  lowConfidence: boolean;
  /** Why `lowConfidence` is set, e.g. `candidate_detection_low`. */
  lowConfidenceReasons: string[];
  /** Percentile against the role benchmark (soft skills, AI interview), 0–100. */
  benchmarkPercentile: number | null;
  /** ZenHire's HR recommendation text, if any. */
  recommendation: string | null;
  artifacts: AssessmentArtifacts;
  /** Set when `status` is `failed`. */
  error: { code: string; message: string } | null;
  /** ISO 8601 times as ZenHire reported them. */
  startedAt: string | null;
  completedAt: string | null;
}
