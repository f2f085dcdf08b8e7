/**
 * Percent-encoding of one segment of a `zc1:` reference (connector name, application id,
 * candidate id). Only RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) stay as they
 * are; everything else, `:` included, becomes `%XX` of its UTF-8 bytes, so segments can be
 * split on `:` safely and any id round-trips.
 */
export function encodeSegment(value: string): string {
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
