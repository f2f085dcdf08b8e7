import { seededFraction, seededInt } from '../sandbox/seeded';

/** CEFR levels, lowest first. */
export const CEFR_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type CefrLevel = (typeof CEFR_LEVELS)[number];

/**
 * CEFR level of a 0–5 score. The vendor's mapping is [not found] (zenhire-api.md §5.5);
 * ours: < 1 A1, < 2 A2, < 3 B1, < 3.75 B2, < 4.5 C1, else C2.
 */
export function cefrForScore(score: number): CefrLevel {
  if (score < 1) return 'A1';
  if (score < 2) return 'A2';
  if (score < 3) return 'B1';
  if (score < 3.75) return 'B2';
  if (score < 4.5) return 'C1';
  return 'C2';
}

/** The flat `scores` object of a Speech poll (§5.5): 0–5 numbers, 0–100 integers, CEFR. */
export interface SpeechScores {
  vocabulary: number | null;
  fluency: number | null;
  accent: number | null;
  overall: number | null;
  vocabularyPercent: number | null;
  fluencyPercent: number | null;
  accentPercent: number | null;
  overallPercent: number | null;
  vocabularyCefr: CefrLevel | null;
  fluencyCefr: CefrLevel | null;
  accentCefr: CefrLevel | null;
  cefrLevel: CefrLevel | null;
}

/** Everything a finished Speech run reports besides status, ids and credits. */
export interface SpeechAssessment {
  scores: SpeechScores;
  speakerCount: number;
  candidateDetection: {
    speaker: string;
    speakerLabel: string;
    confidence: 'high' | 'medium' | 'low';
    reason: string;
    wordCount: number;
  };
  explainability: { vocab: string; fluency: string };
  /** Shape [not found] in the docs (§5.5); ours: one short note per dimension. */
  analysis: Record<'vocabulary' | 'fluency' | 'accent', { score: number | null; notes: string }>;
  hrRecommendation: string;
  candidateFeedback: string;
  transcript: {
    segments: { speaker: string; start: number; end: number; text: string }[];
    speakers: { speaker: string; label: string; wordCount: number; speakingTimeMs: number }[];
    candidateText: string;
    candidateSpeaker: string;
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const percent = (score: number) => Math.round((score / 5) * 100);

const CANDIDATE_LINES = [
  'In my last role I handled customer escalations for the billing team.',
  'I usually start by listening carefully and summarising the problem back.',
  'We reduced the average handling time by about twenty percent.',
  'I enjoy explaining technical topics in simple words.',
  'When a customer is upset I stay calm and focus on the next step.',
];

/**
 * Deterministic Speech scores for a run: the same `seed` and `key` (externalId or audio
 * hash) always give the same numbers. `partial` leaves `accent` unscored;
 * `lowConfidence` gives `candidateDetection.confidence: "low"` and few words (near-silent
 * audio or a forced outcome).
 */
export function assessSpeech(
  seed: string | number,
  key: string,
  options: { partial: boolean; lowConfidence: boolean; durationMs: number },
): SpeechAssessment {
  const dim = (name: string) => round1(seededInt(seed, 15, 48, 'speech', key, name) / 10);
  const vocabulary = dim('vocabulary');
  const fluency = dim('fluency');
  const accent = options.partial ? null : dim('accent');
  const present = [vocabulary, fluency, accent].filter((v): v is number => v !== null);
  const overall = round1(present.reduce((a, b) => a + b, 0) / present.length);
  const twoSpeakers = seededFraction(seed, 'speech', key, 'speakers') < 0.5;
  const speakerCount = twoSpeakers ? 2 : 1;
  const candidateSpeaker = twoSpeakers ? 'speaker_1' : 'speaker_0';
  const wordCount = options.lowConfidence
    ? seededInt(seed, 3, 25, 'speech', key, 'words')
    : Math.round((options.durationMs / 60000) * seededInt(seed, 90, 140, 'speech', key, 'wpm'));
  const lines = options.lowConfidence ? CANDIDATE_LINES.slice(0, 1) : CANDIDATE_LINES;
  const segments: SpeechAssessment['transcript']['segments'] = [];
  let t = 0;
  for (const [i, text] of lines.entries()) {
    if (twoSpeakers) {
      segments.push({ speaker: 'speaker_0', start: t, end: t + 4, text: `Question ${i + 1}?` });
      t += 4;
    }
    segments.push({ speaker: candidateSpeaker, start: t, end: t + 20, text });
    t += 20;
  }
  const candidateText = lines.join(' ');
  const speakers = [
    {
      speaker: candidateSpeaker,
      label: twoSpeakers ? 'Speaker 2' : 'Speaker 1',
      wordCount,
      speakingTimeMs: Math.round(options.durationMs * (twoSpeakers ? 0.8 : 1)),
    },
  ];
  if (twoSpeakers)
    speakers.unshift({
      speaker: 'speaker_0',
      label: 'Speaker 1',
      wordCount: Math.round(wordCount / 5),
      speakingTimeMs: Math.round(options.durationMs * 0.2),
    });
  const confidence = options.lowConfidence ? 'low' : twoSpeakers ? 'medium' : 'high';
  return {
    scores: {
      vocabulary,
      fluency,
      accent,
      overall,
      vocabularyPercent: percent(vocabulary),
      fluencyPercent: percent(fluency),
      accentPercent: accent === null ? null : percent(accent),
      overallPercent: percent(overall),
      vocabularyCefr: cefrForScore(vocabulary),
      fluencyCefr: cefrForScore(fluency),
      accentCefr: accent === null ? null : cefrForScore(accent),
      cefrLevel: cefrForScore(overall),
    },
    speakerCount,
    candidateDetection: {
      speaker: candidateSpeaker,
      speakerLabel: twoSpeakers ? 'Speaker 2' : 'Speaker 1',
      confidence,
      reason: options.lowConfidence
        ? 'Very little speech was detected; please review manually.'
        : twoSpeakers
          ? 'Speaker answers questions and has the most speaking time.'
          : 'Single speaker recording.',
      wordCount,
    },
    explainability: {
      vocab: `The candidate uses a ${vocabulary >= 3.5 ? 'broad' : 'limited'} range of everyday and work vocabulary. Word choice is ${vocabulary >= 3 ? 'mostly precise' : 'sometimes imprecise'}.`,
      fluency: `Speech flows ${fluency >= 3.5 ? 'smoothly with few hesitations' : 'with noticeable pauses'}. Ideas are connected ${fluency >= 3 ? 'clearly' : 'loosely'}.`,
    },
    analysis: {
      vocabulary: { score: vocabulary, notes: 'Lexical range and precision.' },
      fluency: { score: fluency, notes: 'Pace, pauses and coherence.' },
      accent: {
        score: accent,
        notes: accent === null ? 'Not scored for this recording.' : 'Intelligibility.',
      },
    },
    hrRecommendation:
      overall >= 3.5
        ? 'Strong spoken English for customer-facing roles.'
        : 'Consider a follow-up conversation to confirm spoken English level.',
    candidateFeedback: 'Thank you for your answers. Keep practising longer explanations.',
    transcript: { segments, speakers, candidateText, candidateSpeaker },
  };
}
