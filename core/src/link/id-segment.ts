/** RFC 3986 unreserved characters only: text that percent-encoding leaves as it is. */
const UNRESERVED = /^[A-Za-z0-9._~-]*$/;

/**
 * Percent-encoding of one segment of a `zc1:` reference (connector name, application id,
 * candidate id). Only RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) stay as they
 * are; everything else, `:` included, becomes `%XX` of its UTF-8 bytes, so segments can be
 * split on `:` safely and any id round-trips.
 */
export function encodeSegment(value: string): string {
  // Fast path: a segment of unreserved characters only (the usual numeric id or instance
  // name) is its own encoding — `encodeURIComponent` keeps these characters and the
  // replacement below never matches them (`id-segment.test.ts` checks both paths agree).
  if (UNRESERVED.test(value)) return value;
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Inverse of {@link encodeSegment}; returns `undefined` when the text is not valid percent-encoding. */
export function decodeSegment(value: string): string | undefined {
  if (!/^(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})*$/.test(value)) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
