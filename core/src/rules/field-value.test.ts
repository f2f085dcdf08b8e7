import { convertFieldValue } from './field-value';
import { liquidText } from './template';

describe('convertFieldValue', () => {
  it('takes a number rendered for a number field as printing and parsing it back would', () => {
    for (const n of [0, -0, 46, 4.2, -1.5e-7, 1e21, 123456789.123, Number.MAX_VALUE]) {
      const raw = convertFieldValue(n, 'number');
      expect(raw).toEqual(convertFieldValue(liquidText(n), 'number'));
      expect(raw).toEqual({ ok: true, value: n === 0 ? 0 : n });
      expect(Object.is(raw.ok && raw.value, -0)).toBe(false);
    }
    for (const n of [NaN, Infinity, -Infinity]) {
      expect(convertFieldValue(n, 'number')).toEqual(convertFieldValue(liquidText(n), 'number'));
      expect(convertFieldValue(n, 'number')).toMatchObject({ ok: false, reason: 'invalid_value' });
    }
  });

  it('reads any other raw value as Liquid prints it', () => {
    expect(convertFieldValue(null, 'number')).toMatchObject({ ok: false, reason: 'empty_value' });
    expect(convertFieldValue(undefined, 'text')).toMatchObject({
      ok: false,
      reason: 'empty_value',
    });
    expect(convertFieldValue(46, 'text')).toEqual({ ok: true, value: '46' });
    expect(convertFieldValue(' 46 ', 'number')).toEqual({ ok: true, value: 46 });
    expect(convertFieldValue(true, 'yes_no')).toEqual({ ok: true, value: true });
    expect(convertFieldValue(['B', '2'], 'single_select')).toEqual({ ok: true, value: 'B2' });
    expect(convertFieldValue('2026-05-08T10:04:12Z', 'date')).toEqual({
      ok: true,
      value: '2026-05-08',
    });
    expect(convertFieldValue('B2', 'number')).toMatchObject({ ok: false, reason: 'invalid_value' });
    expect(convertFieldValue('0x10', 'number')).toMatchObject({
      ok: false,
      reason: 'invalid_value',
    });
  });
});
