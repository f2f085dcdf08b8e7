import { LiquidError, TypeGuards, type Liquid, type Template } from 'liquidjs';

/** A template or condition problem found at load; `line`/`column` are inside the text. */
export class RuleTemplateError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'RuleTemplateError';
  }
}

const MEMO_LIMIT = 4096;
const MEMO_PROBE = 1024;
const FAST_PATH_EXCLUDED = new Set(['size', 'first', 'last']);

/** One step of a variable path: a property name or an array index. */
export type PathSegment = string | number;
type Segment = PathSegment;

/** Reads one variable (a plain path such as `assessment.cefr`) from a render scope. */
export type ScopeReader = (scope: object) => unknown;

/**
 * Gives a fast reader for a variable path of a known scope shape, or undefined to read it
 * the generic way (own properties only, segment by segment). A reader must return exactly
 * what that generic walk returns for every scope it is used with: `undefined` where a
 * segment is missing or not an own property. See `mappingScopeReader`.
 */
export type ScopeReaders = (segments: readonly PathSegment[]) => ScopeReader | undefined;

/** Options of {@link compileTemplate} and {@link compileCondition}. */
export interface CompileTemplateOptions {
  /** Fast readers for the scope the template will render against (default: none). */
  readers?: ScopeReaders;
}

type Part = string | ScopeReader;

function fromLiquidError(error: unknown, columnShift = 0): RuleTemplateError {
  if (error instanceof LiquidError) {
    const position = error.token?.getPosition?.() ?? [1, 1];
    const message = error.message.replace(/, line:\d+, col:\d+$/, '');
    const [line = 1, column = 1] = position;
    return new RuleTemplateError(
      message,
      line,
      Math.max(1, column - (line === 1 ? columnShift : 0)),
    );
  }
  return new RuleTemplateError(error instanceof Error ? error.message : String(error), 1, 1);
}

function lookup(scope: unknown, segments: readonly Segment[]): unknown {
  let value: unknown = scope;
  for (const segment of segments) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, segment)) return undefined;
    value = (value as Record<Segment, unknown>)[segment];
  }
  return value;
}

/**
 * Liquid's output stringification for plain data (liquidjs `stringify`): what
 * `{{ value }}` prints. Strings as they are, `null`/`undefined` empty, arrays joined.
 */
export function liquidText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(liquidText).join('');
  return String(value);
}

/** The reader of one path: the given fast one, else the generic own-property walk. */
function readerOf(segments: readonly Segment[], readers: ScopeReaders | undefined): ScopeReader {
  return readers?.(segments) ?? ((scope) => lookup(scope, segments));
}

function memoKey(scope: object, variables: readonly ScopeReader[]): string {
  let key = '';
  for (let i = 0; i < variables.length; i++) {
    const value = variables[i](scope);
    // Type-tagged and length-prefixed so `1` and `"1"`, `null` and a missing value, or
    // values containing the separator never share a key.
    if (typeof value === 'string') key += `s${value.length}:${value}`;
    else if (typeof value === 'number' || typeof value === 'boolean') key += `p${String(value)}`;
    else key += value === undefined ? 'u' : `j${JSON.stringify(value)}`;
    key += '\u0001';
  }
  return key;
}

/** Rejects text that would make a plan depend on the clock. */
function assertDeterministic(source: string): void {
  if (/["'](now|today)["']/i.test(source)) {
    throw new RuleTemplateError(
      'templates must not read the clock ("now"/"today"): plans must be deterministic; use assessment.completedAt',
      1,
      Math.max(1, source.search(/["'](now|today)["']/i) + 1),
    );
  }
}

/**
 * A Liquid template parsed once. `render` is synchronous and pure: the same scope gives the
 * same text. Two optimisations keep Liquid's output byte for byte (tests compare them
 * with `liquid.renderSync`):
 *
 * - a template made only of text and filterless `{{ a.b.c }}` outputs is rendered by
 *   reading those own properties directly (through the `readers` it was compiled with,
 *   when they know the path);
 * - any other template whose variables are all plain paths is memoised on the values of
 *   those variables (bounded; memoisation switches itself off when it rarely hits).
 */
export class CompiledTemplate {
  private readonly parts: readonly Part[] | undefined;
  /** The reader when the template is exactly one filterless `{{ path }}`. */
  private readonly only: ScopeReader | undefined;
  private readonly variables: readonly ScopeReader[] | undefined;
  /** Memo keyed by `memoKey` text. */
  private memo: Map<string, string> | undefined;
  /**
   * Memo of a one-variable template whose value is not an object, keyed by the value itself
   * (no key text to build; SameValueZero keeps `1` and `"1"`, `null` and `undefined` apart).
   */
  private memoByValue: Map<unknown, string> | undefined;
  private lookups = 0;
  private hits = 0;

  constructor(
    /** The template text as written. */
    readonly source: string,
    private readonly liquid: Liquid,
    private readonly templates: Template[],
    readers?: ScopeReaders,
  ) {
    this.parts = fastParts(liquid, templates, readers);
    const [first] = this.parts ?? [];
    if (this.parts?.length === 1 && typeof first === 'function') this.only = first;
    if (!this.parts) {
      this.variables = plainVariables(liquid, templates)?.map((v) => readerOf(v, readers));
      if (this.variables) {
        this.memo = new Map();
        this.memoByValue = new Map();
      }
    }
  }

  /** True when the template has no Liquid markup (it always renders as its source). */
  get isConstant(): boolean {
    return this.parts !== undefined && this.parts.every((p) => typeof p === 'string');
  }

  /**
   * Renders against `scope` leniently: a missing value renders empty. Throws Liquid's
   * `RenderError` only for a failing filter (never for data shape).
   */
  render(scope: object): string {
    const parts = this.parts;
    if (parts) {
      let out = '';
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i];
        out += typeof part === 'string' ? part : liquidText(part(scope));
      }
      return out;
    }
    const variables = this.variables;
    if (this.memo && this.memoByValue && variables) {
      const value = variables.length === 1 ? variables[0](scope) : undefined;
      const byValue = variables.length === 1 && (value === null || typeof value !== 'object');
      const memo: Map<unknown, string> = byValue ? this.memoByValue : this.memo;
      const key = byValue ? value : memoKey(scope, variables);
      const cached = memo.get(key);
      this.lookups++;
      if (cached !== undefined) {
        this.hits++;
        return cached;
      }
      const text = this.renderWithLiquid(scope);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(key, text);
      if (this.lookups >= MEMO_PROBE && this.hits * 10 < this.lookups) {
        this.memo = undefined;
        this.memoByValue = undefined;
      }
      return text;
    }
    return this.renderWithLiquid(scope);
  }

  /**
   * The value a template made of exactly one filterless `{{ path }}` prints, as it is in the
   * scope (a number stays a number; `liquidText` of it is what {@link render} gives); for any
   * other template, the rendered text. Lets a number field skip printing and re-parsing.
   */
  renderValue(scope: object): unknown {
    return this.only ? this.only(scope) : this.render(scope);
  }

  /** Renders through Liquid itself (lenient variables), bypassing the optimisations. */
  renderWithLiquid(scope: object): string {
    return String(this.liquid.renderSync(this.templates, scope, { strictVariables: false }));
  }

  /**
   * Renders strictly against a sample scope; throws {@link RuleTemplateError} (with the
   * line/column inside the template) when the template names an absent value.
   */
  validate(sample: object, columnShift = 0): void {
    try {
      this.liquid.renderSync(this.templates, sample, { strictVariables: true });
    } catch (error) {
      throw fromLiquidError(error, columnShift);
    }
  }
}

/**
 * Parses a template once. Throws {@link RuleTemplateError} for syntax errors, unknown
 * filters, and clock reads (`"now"`).
 */
export function compileTemplate(
  liquid: Liquid,
  source: string,
  options: CompileTemplateOptions = {},
): CompiledTemplate {
  assertDeterministic(source);
  try {
    return new CompiledTemplate(source, liquid, liquid.parse(source), options.readers);
  } catch (error) {
    throw fromLiquidError(error);
  }
}

const CONDITION_PREFIX = '{% if ';

/**
 * A Liquid condition (the expression of an `{% if %}`), e.g.
 * `assessment.cefr >= "B2" and assessment.lowConfidence == false`. Liquid semantics:
 * `nil` compares false with everything except `== nil`, so a missing CEFR never matches
 * `>= "B2"` nor `< "B1"`.
 */
export class CompiledCondition {
  constructor(
    /** The expression as written. */
    readonly source: string,
    private readonly template: CompiledTemplate,
  ) {}

  /** Evaluates leniently against `scope` (missing values are `nil`). */
  test(scope: object): boolean {
    return this.template.render(scope) === '1';
  }

  /** Evaluates through Liquid itself, bypassing memoisation (tests compare both). */
  testWithLiquid(scope: object): boolean {
    return this.template.renderWithLiquid(scope) === '1';
  }

  /** See {@link CompiledTemplate.validate}; positions are inside the expression. */
  validate(sample: object): void {
    this.template.validate(sample, CONDITION_PREFIX.length);
  }
}

/**
 * Parses a condition once. Throws {@link RuleTemplateError} for syntax errors or when the
 * text holds `{{`, `}}`, `{%` or `%}` (a condition is a bare expression).
 */
export function compileCondition(
  liquid: Liquid,
  source: string,
  options: CompileTemplateOptions = {},
): CompiledCondition {
  const markup = /\{\{|\}\}|\{%|%\}/.exec(source);
  if (markup) {
    throw new RuleTemplateError(
      'a condition is a bare Liquid expression (e.g. assessment.percent >= 70): remove {{ }} / {% %}',
      1,
      markup.index + 1,
    );
  }
  assertDeterministic(source);
  try {
    const templates = liquid.parse(`${CONDITION_PREFIX}${source} %}1{% endif %}`);
    return new CompiledCondition(
      source,
      new CompiledTemplate(source, liquid, templates, options.readers),
    );
  } catch (error) {
    throw fromLiquidError(error, CONDITION_PREFIX.length);
  }
}

/** Text + filterless plain-path outputs → parts, or undefined when anything else is used. */
function fastParts(
  liquid: Liquid,
  templates: Template[],
  readers: ScopeReaders | undefined,
): Part[] | undefined {
  const parts: Part[] = [];
  for (const template of templates) {
    const name = template.constructor.name;
    if (name === 'HTML') {
      parts.push((template as unknown as { str: string }).str);
      continue;
    }
    if (name !== 'Output') return undefined;
    const value = (
      template as unknown as { value: { filters: unknown[]; initial: { postfix: unknown[] } } }
    ).value;
    if (value.filters.length > 0 || value.initial.postfix.length !== 1) return undefined;
    if (!TypeGuards.isPropertyAccessToken(value.initial.postfix[0] as never)) return undefined;
    const segments = singleVariable(liquid, [template]);
    if (!segments) return undefined;
    parts.push(readerOf(segments, readers));
  }
  return parts;
}

function segmentsOk(segments: readonly unknown[]): segments is Segment[] {
  return segments.every(
    (s) =>
      (typeof s === 'string' && !FAST_PATH_EXCLUDED.has(s)) ||
      (typeof s === 'number' && Number.isInteger(s) && s >= 0),
  );
}

function singleVariable(liquid: Liquid, templates: Template[]): Segment[] | undefined {
  const analysis = liquid.analyzeSync(templates);
  const all = Object.values(analysis.variables).flat();
  if (all.length !== 1) return undefined;
  const segments = all[0].segments as unknown[];
  return segmentsOk(segments) ? segments : undefined;
}

/** Every global variable's path when all are plain paths (memoisable), else undefined. */
function plainVariables(liquid: Liquid, templates: Template[]): Segment[][] | undefined {
  try {
    const analysis = liquid.analyzeSync(templates);
    if (Object.keys(analysis.locals).length > 0) return undefined;
    const seen = new Map<string, Segment[]>();
    for (const variable of Object.values(analysis.globals).flat()) {
      const segments = variable.segments as unknown[];
      if (!segmentsOk(segments)) return undefined;
      seen.set(JSON.stringify(segments), segments);
    }
    return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, s]) => s);
  } catch {
    return undefined;
  }
}
