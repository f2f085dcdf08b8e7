import { toFeedbackFieldValues } from './feedback-fields';
import type { LeverFeedbackTemplate } from './lever-records';

const template: LeverFeedbackTemplate = {
  id: 'tpl',
  text: 'ZenHire assessment',
  fields: [
    {
      id: 'f-rating',
      type: 'score-system',
      text: 'Overall rating',
      options: ['4 - Strong Hire', '3 - Hire', '2 - No Hire', '1 - Strong No Hire'].map((text) => ({
        text,
      })),
    },
    {
      id: 'f-cefr',
      type: 'dropdown',
      text: 'CEFR',
      options: ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'].map((text) => ({ text })),
    },
    {
      id: 'f-skills',
      type: 'multiple-select',
      text: 'Strengths',
      options: ['Fluency', 'Vocabulary', 'Accent'].map((text) => ({ text })),
    },
    { id: 'f-report', type: 'text', text: 'Report' },
    { id: 'f-score', type: 'score', text: 'Score' },
    { id: 'f-pass', type: 'yes-no', text: 'Passed' },
    { id: 'f-date', type: 'date', text: 'Assessed on' },
  ],
};

describe('toFeedbackFieldValues', () => {
  it('matches fields by name or id and converts values to the field type', () => {
    expect(
      toFeedbackFieldValues(template, [
        { field: 'overall rating', value: 4, type: 'number' },
        { field: 'CEFR', value: 'c1', type: 'single_select' },
        { field: 'Strengths', value: 'fluency, Accent', type: 'text' },
        { field: 'f-report', value: 'https://zenhire.example/report/1', type: 'text' },
        { field: 'Score', value: '87', type: 'number' },
        { field: 'Passed', value: true, type: 'yes_no' },
        { field: 'Assessed on', value: '2026-07-02T06:35:44Z', type: 'date' },
        { field: 'Report', value: null, type: 'text' },
      ]),
    ).toEqual([
      { id: 'f-rating', value: '4 - Strong Hire' },
      { id: 'f-cefr', value: 'C1' },
      { id: 'f-skills', value: ['Fluency', 'Accent'] },
      { id: 'f-report', value: 'https://zenhire.example/report/1' },
      { id: 'f-score', value: 87 },
      { id: 'f-pass', value: 'yes' },
      { id: 'f-date', value: Date.parse('2026-07-02T06:35:44Z') },
      { id: 'f-report', value: null },
    ]);
  });

  it('refuses values that do not fit, naming the field and the options', () => {
    expect(() =>
      toFeedbackFieldValues(template, [{ field: 'Overall rating', value: 5, type: 'number' }]),
    ).toThrow(
      expect.objectContaining({
        code: 'LEVER_FIELD_VALUE_INVALID',
        message: expect.stringContaining('4 - Strong Hire'),
      }),
    );
    expect(() =>
      toFeedbackFieldValues(template, [{ field: 'Score', value: 'high', type: 'text' }]),
    ).toThrow(expect.objectContaining({ code: 'LEVER_FIELD_VALUE_INVALID' }));
    expect(() =>
      toFeedbackFieldValues(template, [{ field: 'Passed', value: 'maybe', type: 'text' }]),
    ).toThrow(expect.objectContaining({ code: 'LEVER_FIELD_VALUE_INVALID' }));
    expect(() =>
      toFeedbackFieldValues(template, [{ field: 'Fraud', value: 'x', type: 'text' }]),
    ).toThrow(
      expect.objectContaining({
        code: 'LEVER_FIELD_UNKNOWN',
        message: expect.stringContaining('Overall rating'),
      }),
    );
  });
});
