export * from './schemas';
export * from './errors';
export * from './correlation';
export * from './webhook-signature';
export {
  ZenHireClient,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  type ZenHireClientOptions,
  type RunRef,
  type TerminalRunByModule,
} from './client';
export type { ZenHireLogger, ZenHireRequestInfo, ZenHireModule } from './http/transport';
export {
  DEFAULT_RETRY_OPTIONS,
  RETRYABLE_STATUSES,
  retryDelayMs,
  parseRetryAfterHeader,
  type RetryOptions,
} from './http/retry-policy';
export type { Sleep, Clock } from './http/sleep';
export {
  POLL_CADENCE,
  nextPollDelaySeconds,
  type WaitOptions,
  type PollDelayInput,
} from './polling';
export { LIST_PAGING, type ListOptions } from './pagination';
export { MULTIPART_TAGS_ENCODING } from './multipart';
export { isAmbiguousFailure } from './submit-recovery';
export { UPLOAD_CONTENT_TYPES, type FileInput, type FileSource } from './uploads';
export {
  SpeechApi,
  SPEECH_PATHS,
  SPEECH_MAX_AUDIO_BYTES,
  type SpeechSubmitInput,
  type SpeechRunFilters,
} from './modules/speech';
export {
  InterviewApi,
  INTERVIEW_PATHS,
  PERSONA_LIMITS,
  type PersonaCreateInput,
  type SessionCreateInput,
  type InterviewRecording,
} from './modules/interview';
export {
  CvDeepMatchApi,
  CVDM_PATHS,
  CVDM_LIMITS,
  type CvDeepMatchSubmitInput,
} from './modules/cv-deepmatch';
export {
  CvDeepSearchApi,
  CVDS_PATHS,
  CVDS_LIMITS,
  splitIntoBatches,
  type CvdsCandidateInput,
  type CvdsIngestInput,
  type CvdsIngestResult,
  type CvdsSearchInput,
} from './modules/cv-deepsearch';
export {
  AiInterviewApi,
  SoftSkillsApi,
  DEFAULT_PRODUCT_PAGE_PATHS,
  type ProductPagePaths,
  type AiInterviewCreateInput,
  type SoftSkillsScoreInput,
} from './modules/ai-interview';
export { UNIVERSAL_PATHS } from './modules/universal';
