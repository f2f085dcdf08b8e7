import { compareJsonShape, formatShapeDifferences } from './json-shape';

describe('compareJsonShape', () => {
  it('accepts the same shape with other values', () => {
    const real = { id: 1, name: 'a', tags: ['x'], stage: { id: 2, name: null } };
    const ours = { id: 99, name: 'b', tags: ['y', 'z'], stage: { id: 3, name: 'Screen' } };
    expect(compareJsonShape(real, ours)).toEqual([]);
  });

  it('reports a string id where the vendor sends a number, and missing nested fields', () => {
    const real = { payload: { application: { id: 1, jobs: [{ id: 2, name: 'x' }] } } };
    const ours = { payload: { application: { id: '1', jobs: [{ id: 2 }] } } };
    const diffs = compareJsonShape(real, ours);
    expect(diffs).toEqual([
      { path: '$.payload.application.id', problem: 'type', real: 'number', ours: 'string' },
      { path: '$.payload.application.jobs[].name', problem: 'missing', real: 'string' },
    ]);
    expect(formatShapeDifferences(diffs)).toContain(
      '$.payload.application.id: type number (real) ≠ string (ours)',
    );
  });

  it('skips the inner keys of opaque maps and reports extras only on request', () => {
    const real = { custom_fields: { budget: 'x' } };
    const ours = { custom_fields: { other: 1 }, extra: true };
    expect(compareJsonShape(real, ours, { opaquePaths: ['$.custom_fields'] })).toEqual([]);
    expect(
      compareJsonShape(real, ours, { opaquePaths: ['$.custom_fields'], reportExtra: true }),
    ).toEqual([{ path: '$.extra', problem: 'extra', ours: 'boolean' }]);
  });
});
