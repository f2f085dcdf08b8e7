const KNOWN_LABELS: Record<string, string> = {
  vocabulary: 'Vocabulary',
  fluency: 'Fluency',
  accent: 'Accent',
  workExperience: 'Work experience',
  skills: 'Skills',
  education: 'Education',
  empathy_signal: 'Empathy signal',
  language_fluency: 'Language fluency',
};

/**
 * Human label of a dimension key: a known label, else the key split on `_`, `-` and
 * camelCase with the first letter upper-cased (`problem_solving` → `Problem solving`).
 */
export function dimensionLabel(key: string): string {
  const known = KNOWN_LABELS[key];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[_\-\s]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const text = words.join(' ');
  return text.length > 0 ? text[0].toUpperCase() + text.slice(1) : key;
}
