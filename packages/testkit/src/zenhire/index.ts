// Public API of the ZenHire sandbox. Only ZenHire-named (or audio/form-specific) exports:
// the testkit root re-exports this next to the Greenhouse and Lever sandboxes.
export {
  detectAudioFormat,
  makeWav,
  readWavInfo,
  type AudioFormat,
  type MakeWavOptions,
  type WavInfo,
} from './audio';
export type {
  CreditSummary as ZenHireCreditSummary,
  CreditTransaction as ZenHireCreditTransaction,
} from './credits';
export {
  CVDM_LIMITS as ZENHIRE_CVDM_LIMITS,
  type CvDeepMatchRecord as ZenHireCvDeepMatch,
  type CvDeepMatchStatus as ZenHireCvDeepMatchStatus,
} from './cvdeepmatch';
export {
  CVDS_LIMITS as ZENHIRE_CVDS_LIMITS,
  type CvdsCandidate as ZenHireCvdsCandidate,
  type CvdsRun as ZenHireCvdsRun,
} from './cvdeepsearch';
export { ZenHireSandboxError, type ZenHireErrorEnvelope } from './errors';
export type {
  InterviewOptions as ZenHireInterviewOptions,
  InterviewPersona as ZenHireInterviewPersona,
  InterviewSession as ZenHireInterviewSession,
  InterviewSessionStatus as ZenHireInterviewSessionStatus,
  SimulatedCandidate as ZenHireSimulatedCandidate,
} from './interview';
export {
  cvDeepMatchConfig,
  cvDeepMatchForm,
  minimalPdf,
  speechSubmitForm,
  type CvDeepMatchSubmitInput,
  type SpeechSubmitInput,
} from './request-forms';
export type {
  ForcedOutcome as ZenHireForcedOutcome,
  ZenHireApiKeyConfig,
  ZenHirePermission,
} from './runtime';
export {
  SPEECH_LIMITS as ZENHIRE_SPEECH_LIMITS,
  type SpeechRun as ZenHireSpeechRun,
  type SpeechRunStatus as ZenHireSpeechRunStatus,
} from './speech';
export { cefrForScore as zenHireCefrForScore, type CefrLevel } from './speech-scoring';
export {
  signCvdmWebhook,
  type WebhookDelivery as ZenHireWebhookDelivery,
  type WebhookRetryPolicy as ZenHireWebhookRetryPolicy,
} from './webhook-sender';
export {
  DEFAULT_ZENHIRE_SANDBOX_KEY,
  DEFAULT_ZENHIRE_WEBHOOK_SECRET,
  ZENHIRE_INSPECTION_PREFIX,
  ZenHireSandbox,
  type ZenHireSandboxOptions,
} from './zenhire-sandbox';
