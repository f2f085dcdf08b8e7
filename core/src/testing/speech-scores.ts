/**
 * The `scores` object of a successful Speech poll body (zenhire-api.md §5.5) for a B2
 * speaker: sub-scores on the 0–5 scale, `*Percent` on 0–100, CEFR labels per dimension and
 * overall `cefrLevel` `B2`. Test data shared by core's use-case fakes and the worker's
 * ZenHire stand-in, so both assess to the same result.
 */
export const SPEECH_SCORES_B2 = {
  vocabulary: 3.8,
  fluency: 4.1,
  accent: 3.5,
  overall: 3.8,
  vocabularyPercent: 76,
  fluencyPercent: 82,
  accentPercent: 70,
  overallPercent: 76,
  vocabularyCefr: 'B2',
  fluencyCefr: 'C1',
  accentCefr: 'B2',
  cefrLevel: 'B2',
} as const;
