import { Liquid, type Template } from 'liquidjs';
import { type WritePlan, deliveryIdempotencyKey } from '@zenhire-connect/core';

/**
 * The variables a body template sees (all keys always present; absent ids are `null`):
 *
 * - `delivery_id`: the delivery id, also sent as `X-ZenHire-Connect-Delivery`;
 * - `connector`, `mapping`: instance name and mapping name;
 * - `plan_hash`: the plan's content hash (SHA-256 hex);
 * - `run`: `{ id }`, the ZenHire run id;
 * - `record`: `{ connector, candidate_id, application_id, job_id, stage_id }`;
 * - `operations`: the plan's operations as core's `WriteOperation` (`{ kind: 'SetFields',
 *   fields: [{ field, value, type }] }`, `{ kind: 'AddNote', body, visibility }`,
 *   `{ kind: 'AddTags' | 'RemoveTags', tags }`, `{ kind: 'MoveStage', to: 'next' | { stage } }`,
 *   `{ kind: 'Reject', reason, note? }`);
 * - `skipped`: what the mapping held back (`[{ rule, reason, detail }]`);
 * - `assessment`: always `null` for now — the WritePlan handed to connectors does not carry
 *   the Assessment; map the values you need into `SetFields` / `AddNote` operations.
 */
export interface DeliveryTemplateContext {
  delivery_id: string;
  connector: string;
  mapping: string;
  plan_hash: string;
  run: { id: string };
  record: {
    connector: string;
    candidate_id: string;
    application_id: string | null;
    job_id: string | null;
    stage_id: string | null;
  };
  operations: WritePlan['operations'];
  skipped: NonNullable<WritePlan['skipped']>;
  assessment: null;
}

/**
 * The default body: a JSON envelope with every variable of {@link DeliveryTemplateContext},
 * e.g. `{"delivery_id":"9f…","connector":"hris","mapping":"speech-to-hris","plan_hash":"…",
 * "run":{"id":"run_1"},"record":{"connector":"hris","candidate_id":"c-1",…},
 * "operations":[{"kind":"AddNote",…}],"skipped":[],"assessment":null}`.
 */
export const DEFAULT_BODY_TEMPLATE = `{
  "delivery_id": {{ delivery_id | json }},
  "connector": {{ connector | json }},
  "mapping": {{ mapping | json }},
  "plan_hash": {{ plan_hash | json }},
  "run": {{ run | json }},
  "record": {{ record | json }},
  "operations": {{ operations | json }},
  "skipped": {{ skipped | json }},
  "assessment": {{ assessment | json }}
}`;

/** The template context of a plan (pure: the same plan always gives the same context). */
export function deliveryContext(plan: WritePlan): DeliveryTemplateContext {
  return {
    delivery_id: deliveryIdempotencyKey(plan),
    connector: plan.connector,
    mapping: plan.mapping,
    plan_hash: plan.hash,
    run: { id: plan.runId },
    record: {
      connector: plan.record.connector,
      candidate_id: plan.record.candidateId,
      application_id: plan.record.applicationId ?? null,
      job_id: plan.record.jobId ?? null,
      stage_id: plan.record.stageId ?? null,
    },
    operations: plan.operations,
    skipped: plan.skipped ?? [],
    assessment: null,
  };
}

/** A context with every variable filled, used to check a template when the config loads. */
export const SAMPLE_CONTEXT: DeliveryTemplateContext = {
  delivery_id: '0'.repeat(64),
  connector: 'generic',
  mapping: 'sample',
  plan_hash: '0'.repeat(64),
  run: { id: 'run_sample' },
  record: {
    connector: 'generic',
    candidate_id: 'c-1',
    application_id: 'a-1',
    job_id: 'j-1',
    stage_id: 's-1',
  },
  operations: [
    { kind: 'SetFields', fields: [{ field: 'score', value: 4.2, type: 'number' }] },
    { kind: 'AddNote', body: 'note', visibility: 'private' },
    { kind: 'AddTags', tags: ['zenhire'] },
  ],
  skipped: [],
  assessment: null,
};

/** Raised by {@link BodyTemplate}; the message names the problem, never the rendered body. */
export class BodyTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BodyTemplateError';
  }
}

/**
 * The body template's own Liquid engine. It mirrors core's `createRuleEngine` (strict
 * variables and filters, own properties only, no file system, UTC, same `parseLimit`) but is
 * deliberately not that engine: a body template is rendered strictly on every delivery (core
 * renders rule templates leniently at run time via `compileTemplate`), it gets liquidjs'
 * built-in filters only (not core's note filters), and it has render-time bounds
 * (`renderLimit` 1000 ms, `memoryLimit`) because it runs for every delivery. Like core it sets
 * `locale: en-US`, so the `date` filter's month and day names do not follow the host's.
 */
function createEngine(): Liquid {
  return new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    // No include/render/layout from disk.
    templates: {},
    relativeReference: false,
    dynamicPartials: false,
    timezoneOffset: 0,
    locale: 'en-US', // the signed body of a delivery must not depend on the host's locale
    parseLimit: 100_000,
    renderLimit: 1_000,
    memoryLimit: 10_000_000,
  });
}

/**
 * A Liquid body template, parsed once (liquidjs, `strictVariables` and `strictFilters`: an
 * unknown variable or filter is an error). Rendering yields compact JSON text (one line):
 * the template's output must parse as JSON, and is re-serialised with `JSON.stringify`, so
 * the bytes signed and sent never contain a raw line break. Use the `json` filter for
 * strings (`{{ run.id | json }}`) so quotes are escaped.
 */
export class BodyTemplate {
  private readonly engine = createEngine();
  private readonly template: Template[];

  /** @throws BodyTemplateError when the source does not parse as Liquid. */
  constructor(readonly source: string = DEFAULT_BODY_TEMPLATE) {
    try {
      this.template = this.engine.parse(source);
    } catch (error) {
      throw new BodyTemplateError(`body template does not parse: ${(error as Error).message}`);
    }
  }

  /**
   * Renders the JSON body for `context`.
   * @throws BodyTemplateError when rendering fails (unknown variable) or the output is not JSON.
   */
  render(context: DeliveryTemplateContext): string {
    let text: string;
    try {
      text = this.engine.renderSync(this.template, context) as string;
    } catch (error) {
      throw new BodyTemplateError(`body template failed to render: ${(error as Error).message}`);
    }
    try {
      return JSON.stringify(JSON.parse(text));
    } catch (error) {
      throw new BodyTemplateError(
        `body template did not render JSON (${(error as Error).message}); use the json filter for values`,
      );
    }
  }

  /** Problem of a template source (parse, render against {@link SAMPLE_CONTEXT}, JSON), or undefined. */
  static problem(source: string): string | undefined {
    try {
      new BodyTemplate(source).render(SAMPLE_CONTEXT);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }
}
