import { z } from 'zod';
import { LinkRuleSchema } from '../link/link-rules';
import { RUN_MODULES } from '../model/run';

/**
 * The zod schema of the YAML configuration (after `${VAR}` substitution). Objects are
 * strict: an unknown key is an error. Connector instance configs are checked in a second
 * step by each plugin's own `configSchema` (see `parseConfig`), so here an instance only
 * needs its `type`.
 *
 * Units: every duration key says its unit in its name (`…Seconds`), sizes are bytes.
 */

/** A rule name (trigger, mapping): letters, digits, `.`, `_`, `-`; 1–64 chars. */
export const RuleNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
  error: 'expected a name of letters, digits, ".", "_" or "-" (1–64 chars)',
});

/**
 * A connector instance name, e.g. `greenhouse-eu`: lower-case letters, digits and `-`,
 * starting with a letter, at most 32 chars (it travels in the run's `zc-conn:<name>` tag,
 * whose limit is 40 chars: zenhire-api.md §2).
 */
export const InstanceNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, {
  error:
    'expected a connector instance name: lower-case letters, digits and "-", starting with a letter, at most 32 chars',
});

/** A Liquid template (rendered to text), e.g. `"{{ assessment.cefr }}"`. */
export const TemplateSchema = z.string({ error: 'expected a Liquid template (a quoted string)' });

/** A Liquid condition expression, e.g. `assessment.cefr >= "B2"` (no `{% %}` around it). */
export const ConditionSchema = z
  .string({ error: 'expected a Liquid condition (e.g. assessment.percent >= 70)' })
  .min(1, { error: 'expected a Liquid condition, got an empty string' });

/** A job or stage as the ATS knows it: its name, or its numeric or string id. */
const NameOrIdSchema = z.union([z.string().min(1), z.number().int().nonnegative()], {
  error: 'expected a name or an id (string or integer)',
});

const PositiveInt = z.number().int().positive();

/** Poll cadence floor: ZenHire allows one poll per id every 10 s (zenhire-api.md §4). */
const PollSeconds = z
  .number()
  .min(10, { error: 'expected at least 10 seconds (zenhire-api.md §4)' });

/** `zenhire:` — API access, poll cadence and request budget. */
export const ZenHireSectionSchema = z.strictObject({
  /** API host (zenhire-api.md §0). */
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .default('https://platform.zenhire.ai')
    .describe('ZenHire API host.'),
  /** `X-API-Key` (zenhire-api.md §1). Secret: write `${ZENHIRE_API_KEY}`. */
  apiKey: z
    .string()
    .min(1, { error: 'expected a non-empty API key' })
    .describe('ZenHire X-API-Key. Secret: write ${ZENHIRE_API_KEY}.'),
  /** CV DeepMatch / DeepSearch webhook signing secret (`X-CVDM-Signature`). Secret. */
  webhookSecret: z
    .string()
    .min(1)
    .optional()
    .describe('CV DeepMatch webhook signing secret (X-CVDM-Signature). Secret: write ${ENV_VAR}.'),
  /** Seconds between polls per module; the default follows zenhire-api.md §4. */
  pollIntervals: z
    .strictObject({
      speechSeconds: PollSeconds.default(15),
      interviewSeconds: PollSeconds.default(30),
      cvDeepMatchSeconds: PollSeconds.default(15),
      cvDeepSearchSeconds: PollSeconds.default(30),
    })
    .prefault({}),
  /** Request budget. ZenHire's default limit is 500 requests/min per client (zenhire-api.md §4). */
  budget: z
    .strictObject({
      requestsPerMinute: PositiveInt.max(100_000).default(450),
      maxConcurrentSpeech: PositiveInt.max(1000).default(8),
    })
    .prefault({}),
});

/**
 * Store URL: `sqlite:<path>` (embedded default) or `postgres://…` / `postgresql://…`.
 * A password in a PostgreSQL URL must come from the environment.
 */
export const StoreSchema = z
  .string()
  .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    error: 'expected sqlite:<path> or postgres://user@host/db',
  })
  .default('sqlite:./zenhire-connect.sqlite');

/** One connector instance: `type` picks the plugin; the rest is the plugin's own config. */
export const ConnectorInstanceSchema = z.looseObject({
  type: z
    .string({ error: 'expected the connector type, e.g. greenhouse, lever or generic' })
    .regex(/^[a-z][a-z0-9_-]*$/, { error: 'expected a connector type such as greenhouse' }),
});

/** The ZenHire work a trigger starts (`ZenHireAction` in ports/zenhire-gateway.ts). */
export const TriggerActionSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('interview'),
      /** Persona UUID (zenhire-api.md §6.3). */
      personaId: z.string().min(1),
      /** zenhire-api.md §6.4: `explicit` shows ZenHire's consent gate. */
      consentMode: z.enum(['explicit', 'integrator']),
    }),
    z.strictObject({
      kind: z.literal('ai_interview'),
      personaId: z.string().min(1).optional(),
      channel: z.enum(['web', 'phone']).optional(),
    }),
    z.strictObject({
      kind: z.literal('soft_skills'),
      roleBenchmark: z.string().min(1).optional(),
    }),
    z.strictObject({
      kind: z.literal('cv_deepmatch'),
      /** Liquid template; `^[A-Za-z0-9._-]{1,28}$` once rendered (zenhire-api.md §7.1). */
      positionId: TemplateSchema.default('{{ event.job.id }}'),
      /** Liquid template of the job description text. */
      jobDescription: TemplateSchema,
      /** `config.requirements` (zenhire-api.md §7.1): needs `workExperience` and `skills`. */
      requirements: z
        .record(z.string(), z.unknown())
        .refine((r) => 'workExperience' in r && 'skills' in r, {
          error: 'requirements need workExperience and skills (zenhire-api.md §7.1)',
        }),
    }),
    z.strictObject({
      kind: z.literal('speech'),
      /** ISO 639-1 code (zenhire-api.md §5.8). */
      language: z
        .string()
        .regex(/^[a-z]{2}$/, { error: 'expected a 2-letter ISO 639-1 code, e.g. en' })
        .default('en'),
    }),
  ],
  { error: 'expected action.kind: interview, ai_interview, soft_skills, cv_deepmatch or speech' },
);

/** Events a trigger can start on. */
export const TRIGGER_EVENTS = ['stage_entered', 'application_created', 'tag_added'] as const;

/**
 * The "invited" write-back of a started run (DESIGN.md flow 1; `InvitationRule` in the
 * use-cases): `note` adds a note with the candidate link when ZenHire returned one
 * (visibility default `private`: the link holds the candidate's access token,
 * zenhire-api.md §6.4), `tags` adds tags (1–40 characters each). Both optional; an empty
 * object writes nothing. Used by `triggers[].invitation` and by connector plugins (the
 * Greenhouse Assessment Partner tests).
 */
export const InvitationSchema = z.strictObject({
  note: z
    .strictObject({
      visibility: z.enum(['admin_only', 'private', 'public']).default('private'),
    })
    .optional()
    .describe('Add a note with the candidate link.'),
  tags: z
    .array(z.string().min(1).max(40))
    .min(1)
    .optional()
    .describe('Tags to add when the run is started.'),
});

/** One `triggers[]` rule: ATS event + filters → ZenHire action (see `compileTrigger`). */
export const TriggerSchema = z.strictObject({
  name: RuleNameSchema,
  /** Connector instance name (a key of `connectors`). */
  connector: InstanceNameSchema,
  on: z.enum(TRIGGER_EVENTS).describe('ATS event that starts the action.'),
  /** Job names or ids; the event's job must be one of them. */
  jobs: z
    .array(NameOrIdSchema)
    .min(1)
    .optional()
    .describe('Only these jobs (names, case-insensitive, or ids).'),
  /** Stage names or ids; the event's stage must be one of them. */
  stages: z
    .array(NameOrIdSchema)
    .min(1)
    .optional()
    .describe('Only when one of these stages is entered (names, case-insensitive, or ids).'),
  /** The event must carry at least one of these tags. */
  tags: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('Only when the event carries one of these tags.'),
  /** Liquid condition over `event`. */
  when: ConditionSchema.optional().describe(
    'Liquid condition over event, e.g. event.job.name contains "EN".',
  ),
  action: TriggerActionSchema.describe('ZenHire work to start.'),
  /**
   * What to write back once the run is started (DESIGN.md flow 1, "invited" state): a note
   * with the candidate link (interviews; the link holds the candidate's token, so keep the
   * note `private` or `admin_only`) and/or tags. Omitted: nothing is written at invite time.
   */
  invitation: InvitationSchema.optional().describe(
    'Write-back when the run is started (note with the candidate link, tags).',
  ),
});

/** Custom field value types (`FieldWrite.type`). */
export const FIELD_TYPES = ['number', 'text', 'single_select', 'date', 'yes_no'] as const;

/** One `mappings[].fields[]` entry: an ATS custom field, its type and a value template. */
export const FieldRuleSchema = z.strictObject({
  /** ATS field reference: Greenhouse `name_key` or id; Lever / generic field key. */
  field: z.union([z.string().min(1), z.number().int().nonnegative()], {
    error: 'expected a field key or id',
  }),
  /** Liquid template of the value, e.g. `"{{ assessment.dim.fluency.percent }}"`. */
  value: TemplateSchema.describe(
    'Liquid template, quoted: "{{ assessment.dim.fluency.percent }}".',
  ),
  type: z.enum(FIELD_TYPES).describe('Custom field type.'),
});

/**
 * Exceptions to "never move or reject on an uncertain result". All default to `false`:
 * a partial, low-confidence or fraud-flagged assessment never changes the stage.
 */
export const AdvanceOnSchema = z.strictObject({
  partial: z.boolean().optional(),
  lowConfidence: z.boolean().optional(),
  fraud: z.boolean().optional(),
});

/** One `mappings[].stage[]` rule: a condition and exactly one of `move` / `reject`. */
export const StageRuleSchema = z
  .strictObject({
    /** Liquid condition; the first stage rule whose condition holds decides. */
    when: ConditionSchema.describe(
      'Liquid condition, e.g. assessment.cefr >= "B2". The first stage rule whose condition holds decides.',
    ),
    /** `next`, or a stage name or id. */
    move: NameOrIdSchema.optional().describe('next, or a stage name or id.'),
    /** Rejection reason name (or id) as the ATS lists it. */
    reject: NameOrIdSchema.optional().describe(
      'Rejection reason (Lever: archive reason) name or id.',
    ),
    /** Liquid template of the rejection note (with `reject` only). */
    note: TemplateSchema.optional().describe('Liquid template of the rejection note.'),
    /** Overrides the mapping's `advanceOn` for this rule. */
    advanceOn: AdvanceOnSchema.optional(),
  })
  .superRefine((rule, ctx) => {
    if ((rule.move === undefined) === (rule.reject === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'a stage rule needs exactly one action: move (next or a stage) or reject (a reason)',
      });
    }
    if (rule.note !== undefined && rule.reject === undefined) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'note goes with reject only' });
    }
  });

/** `mappings[].note`: a note template and its visibility (default `private`). */
export const NoteRuleSchema = z.strictObject({
  /** Liquid condition; without it the note is always written (when it renders non-empty). */
  when: ConditionSchema.optional().describe(
    'Write the note only when this Liquid condition holds, e.g. assessment.status != "failed".',
  ),
  body: TemplateSchema,
  /** Greenhouse note visibility; Lever ignores it. */
  visibility: z.enum(['admin_only', 'private', 'public']).default('private'),
});

/** One `mappings[]` rule: Assessment → WritePlan for one connector instance. */
export const MappingSchema = z.strictObject({
  name: RuleNameSchema,
  connector: InstanceNameSchema,
  /** ZenHire modules whose assessments this mapping writes. */
  modules: z
    .array(z.enum(RUN_MODULES))
    .min(1)
    .describe('ZenHire modules whose assessments this mapping writes.'),
  fields: z.array(FieldRuleSchema).default([]).describe('Custom fields to set.'),
  note: NoteRuleSchema.optional(),
  /** Liquid templates; a tag that renders empty is left out. */
  addTags: z
    .array(TemplateSchema)
    .default([])
    .describe('Tags to add (Liquid templates; empty ones are left out).'),
  removeTags: z.array(TemplateSchema).default([]).describe('Tags to remove (Liquid templates).'),
  stage: z
    .array(StageRuleSchema)
    .default([])
    .describe('Stage rules: move or reject; the first whose condition holds decides.'),
  advanceOn: AdvanceOnSchema.optional().describe(
    'Allow stage moves/rejections on partial, low-confidence or fraud-flagged results (all false by default).',
  ),
});

/** `server:` — HTTP listener (webhooks, Greenhouse Assessment Partner, health). */
export const ServerSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080).describe('HTTP port.'),
  /** Largest accepted request body, in bytes (default 1 MiB). */
  bodyLimitBytes: PositiveInt.default(1_048_576).describe('Largest accepted request body, bytes.'),
  /** Public base URL the ATS and ZenHire call (webhook URLs are derived from it). */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
});

/** `worker:` — delivery concurrency, attempts and backoff (seconds). */
export const WorkerSchema = z.strictObject({
  /** Deliveries applied at once. */
  concurrency: PositiveInt.max(256).default(4),
  /** Attempts before a delivery is dead-lettered. */
  maxAttempts: PositiveInt.max(100).default(8),
  backoff: z
    .strictObject({
      initialSeconds: z.number().positive().default(5),
      maxSeconds: z.number().positive().default(3600),
      multiplier: z.number().min(1).default(2),
      /** Random spread, 0–1 (0.2 = ±20 %). */
      jitter: z.number().min(0).max(1).default(0.2),
    })
    .prefault({}),
  /** Lease of a claimed delivery, seconds. */
  leaseSeconds: PositiveInt.default(60),
});

/** The whole configuration file (`version: 1`). */
export const ConfigSchema = z.strictObject({
  version: z.literal(1, { error: 'expected version: 1' }),
  zenhire: ZenHireSectionSchema,
  store: StoreSchema.describe('sqlite:<path> (default) or postgres://user:${PGPASSWORD}@host/db.'),
  /** Connector plugin packages or paths (`./plugins/my-ats`). */
  plugins: z
    .array(z.string().min(1))
    .default([])
    .describe('Connector plugin packages or paths to load.'),
  connectors: z
    .record(InstanceNameSchema, ConnectorInstanceSchema)
    .describe('Connector instances by name, e.g. greenhouse-eu: { type: greenhouse, ... }.'),
  linkRules: z
    .array(LinkRuleSchema)
    .default([])
    .describe('How to link runs created by other systems to ATS records.'),
  triggers: z.array(TriggerSchema).default([]).describe('ATS event → ZenHire action rules.'),
  mappings: z.array(MappingSchema).default([]).describe('Assessment → ATS write rules.'),
  server: ServerSchema.prefault({}),
  worker: WorkerSchema.prefault({}),
});

/** The validated configuration (defaults applied). */
export type ZenHireConnectConfig = z.output<typeof ConfigSchema>;
/** The configuration as written (before defaults). */
export type ZenHireConnectConfigInput = z.input<typeof ConfigSchema>;
/** Validated shapes of the sections and rules (defaults applied). */
export type TriggerConfig = z.output<typeof TriggerSchema>;
export type TriggerActionConfig = z.output<typeof TriggerActionSchema>;
export type InvitationConfig = z.output<typeof InvitationSchema>;
export type MappingConfig = z.output<typeof MappingSchema>;
export type FieldRuleConfig = z.output<typeof FieldRuleSchema>;
export type StageRuleConfig = z.output<typeof StageRuleSchema>;
export type AdvanceOnConfig = z.output<typeof AdvanceOnSchema>;
export type ServerConfig = z.output<typeof ServerSchema>;
export type WorkerConfig = z.output<typeof WorkerSchema>;
export type ZenHireSectionConfig = z.output<typeof ZenHireSectionSchema>;
export type ConnectorInstanceConfig = z.output<typeof ConnectorInstanceSchema>;
