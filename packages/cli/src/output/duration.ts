import { CliError, ExitCode } from '../exit-codes';

const UNITS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Parses `--since`: an ISO 8601 date-time (`2026-11-20T08:00:00Z`) or a duration back from
 * `now` (`90s`, `30m`, `24h`, `7d`, `2w`). Returns epoch ms.
 * @throws CliError `SINCE_INVALID` (exit 1).
 */
export function parseSince(text: string, now: number): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(text.trim());
  if (match) return now - Number(match[1]) * UNITS[match[2].toLowerCase()];
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new CliError(
    'SINCE_INVALID',
    `--since expects an ISO 8601 date-time or a duration such as 30m, 24h, 7d (got "${text}")`,
    ExitCode.USAGE,
  );
}

/** `1234` → `1.2 s`, `85000` → `1 min 25 s` (human output). */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms % 60_000) / 1000)} s`;
}
