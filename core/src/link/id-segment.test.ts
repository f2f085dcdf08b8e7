import { decodeSegment, encodeSegment } from './id-segment';

/** The general encoding, without the fast path for unreserved-only text. */
function reference(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

describe('encodeSegment', () => {
  it.each([
    '',
    '69306314',
    'greenhouse-eu',
    'A-z_0.9~',
    'c-123',
    'a:b',
    "it's (x)*!",
    'space here',
    '%41',
    'é日本😀',
    '\u0000',
  ])('encodes %j as the general percent-encoding does, and round-trips', (value) => {
    expect(encodeSegment(value)).toBe(reference(value));
    expect(decodeSegment(encodeSegment(value))).toBe(value);
  });

  it('leaves only RFC 3986 unreserved characters as they are', () => {
    for (let code = 0; code < 256; code++) {
      const c = String.fromCharCode(code);
      expect(encodeSegment(c) === c).toBe(/^[A-Za-z0-9._~-]$/.test(c));
    }
  });
});
