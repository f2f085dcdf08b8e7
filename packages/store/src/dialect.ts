/** The two SQL dialects the store speaks. */
export type DialectName = 'sqlite' | 'postgres';

/** Column types that differ between the dialects. */
export interface ColumnTypes {
  /** Epoch milliseconds. */
  time: 'integer' | 'bigint';
  json: 'text' | 'jsonb';
  bool: 'integer' | 'boolean';
  bytes: 'blob' | 'bytea';
}

export function columnTypes(dialect: DialectName): ColumnTypes {
  return dialect === 'sqlite'
    ? { time: 'integer', json: 'text', bool: 'integer', bytes: 'blob' }
    : { time: 'bigint', json: 'jsonb', bool: 'boolean', bytes: 'bytea' };
}

/** Boolean as the dialect stores it (better-sqlite3 cannot bind JS booleans). */
export function encodeBool(dialect: DialectName, value: boolean): number | boolean {
  return dialect === 'sqlite' ? (value ? 1 : 0) : value;
}

/** JSON text of a value to store (`undefined` becomes SQL NULL). */
export function encodeJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** Parses JSON text read from a JSON column (`text` or `jsonb` read as text). */
export function decodeJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
