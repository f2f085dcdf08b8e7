import type { Liquid } from 'liquidjs';
import type { AdvanceOnConfig, MappingConfig } from '../config/schema';
import type { RunModule } from '../model/run';
import type { FieldWrite, NoteVisibility } from '../model/write-plan';
import { convertFieldValue } from './field-value';
import type { RuleProblemSink, SampleScope } from './problems';
import { mappingScopeReader, sampleMappingScope } from './template-context';
import {
  compileCondition,
  compileTemplate,
  type CompileTemplateOptions,
  type CompiledCondition,
  type CompiledTemplate,
} from './template';

/** Mapping templates render against `mappingScope`: read its variables the fast way. */
const MAPPING_TEMPLATE: CompileTemplateOptions = { readers: mappingScopeReader };

/**
 * Which uncertain results may still move or reject. All `false` unless the YAML says
 * otherwise (`advanceOn:` on the mapping, overridden per stage rule).
 */
export interface AdvancePolicy {
  partial: boolean;
  lowConfidence: boolean;
  fraud: boolean;
}

/** A field rule compiled: the ATS field reference, its type and the value template. */
export interface CompiledField {
  /** Position in the mapping's `fields` list as written (for skip reasons: `fields[2]`). */
  index: number;
  field: string;
  type: FieldWrite['type'];
  value: CompiledTemplate;
}

/** What a stage rule does: move (`next` or a stage name/id) or reject (reason, optional note). */
export type CompiledStageAction =
  | { kind: 'move'; to: 'next' | { stage: string } }
  | { kind: 'reject'; reason: string; note?: CompiledTemplate };

/** A stage rule compiled, with its effective `advanceOn` policy (mapping level + rule level). */
export interface CompiledStageRule {
  /** Position in the mapping's `stage` list (for skip reasons: `stage[1]`). */
  index: number;
  when: CompiledCondition;
  action: CompiledStageAction;
  advanceOn: AdvancePolicy;
}

/** A mapping rule compiled once at load (DESIGN.md "Mapping"); see `buildWritePlan`. */
export interface CompiledMapping {
  name: string;
  /** Connector instance name. */
  connector: string;
  modules: readonly RunModule[];
  /** Sorted by `field` (UTF-16 code unit order), the order plans write them in. */
  fields: readonly CompiledField[];
  /** The note; `when` (optional) must hold for it to be written. */
  note?: { body: CompiledTemplate; visibility: NoteVisibility; when?: CompiledCondition };
  addTags: readonly CompiledTemplate[];
  removeTags: readonly CompiledTemplate[];
  /** Evaluated in order; the first rule whose condition holds decides. */
  stage: readonly CompiledStageRule[];
  /** True when this mapping writes assessments of `module` to connector instance `connector`. */
  appliesTo(connector: string, module: RunModule): boolean;
}

function policy(base: AdvanceOnConfig | undefined, override?: AdvanceOnConfig): AdvancePolicy {
  return {
    partial: override?.partial ?? base?.partial ?? false,
    lowConfidence: override?.lowConfidence ?? base?.lowConfidence ?? false,
    fraud: override?.fraud ?? base?.fraud ?? false,
  };
}

/** Compiles one mapping; problems go to `report` (paths relative to the mapping). */
export function compileMapping(
  liquid: Liquid,
  config: MappingConfig,
  report: RuleProblemSink,
): CompiledMapping | undefined {
  const modules = [...new Set(config.modules)];
  const samples: SampleScope[] = modules.map((m) => ({ scope: sampleMappingScope(m), label: m }));
  let ok = true;
  const need = <T>(value: T | undefined): T | undefined => {
    if (value === undefined) ok = false;
    return value;
  };

  const fields: CompiledField[] = [];
  const seenFields = new Map<string, number>();
  config.fields.forEach((f, i) => {
    const field = String(f.field);
    if (seenFields.has(field)) {
      report.problem(
        ['fields', i, 'field'],
        `field "${field}" is already set by fields[${seenFields.get(field)}]`,
      );
      ok = false;
      return;
    }
    seenFields.set(field, i);
    const value = need(
      report.template(
        ['fields', i, 'value'],
        () => compileTemplate(liquid, f.value, MAPPING_TEMPLATE),
        samples,
      ),
    );
    if (!value) return;
    for (const sample of samples) {
      const converted = convertFieldValue(value.render(sample.scope), f.type);
      if (!converted.ok && converted.reason === 'invalid_value') {
        report.problem(
          ['fields', i, 'value'],
          `renders "${value.render(sample.scope)}" for a sample ${sample.label ?? ''} assessment, which is not a ${f.type} value (${converted.detail})`,
        );
        ok = false;
        return;
      }
    }
    fields.push({ index: i, field, type: f.type, value });
  });
  fields.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));

  let note: CompiledMapping['note'];
  if (config.note) {
    const noteConfig = config.note;
    const body = need(
      report.template(
        ['note', 'body'],
        () => compileTemplate(liquid, noteConfig.body, MAPPING_TEMPLATE),
        samples,
      ),
    );
    const when =
      noteConfig.when !== undefined
        ? need(
            report.condition(
              ['note', 'when'],
              () => compileCondition(liquid, noteConfig.when!, MAPPING_TEMPLATE),
              samples,
            ),
          )
        : undefined;
    if (body) note = { body, visibility: noteConfig.visibility, ...(when ? { when } : {}) };
  }
  const tags = (key: 'addTags' | 'removeTags'): CompiledTemplate[] =>
    config[key]
      .map((t, i) =>
        need(
          report.template([key, i], () => compileTemplate(liquid, t, MAPPING_TEMPLATE), samples),
        ),
      )
      .filter((t): t is CompiledTemplate => t !== undefined);
  const addTags = tags('addTags');
  const removeTags = tags('removeTags');

  const stage: CompiledStageRule[] = [];
  config.stage.forEach((rule, i) => {
    const when = need(
      report.condition(
        ['stage', i, 'when'],
        () => compileCondition(liquid, rule.when, MAPPING_TEMPLATE),
        samples,
      ),
    );
    let action: CompiledStageAction | undefined;
    if (rule.move !== undefined) {
      const to = String(rule.move).trim();
      action = { kind: 'move', to: to.toLowerCase() === 'next' ? 'next' : { stage: to } };
    } else if (rule.reject !== undefined) {
      const rejectNote =
        rule.note !== undefined
          ? need(
              report.template(
                ['stage', i, 'note'],
                () => compileTemplate(liquid, rule.note!, MAPPING_TEMPLATE),
                samples,
              ),
            )
          : undefined;
      action = {
        kind: 'reject',
        reason: String(rule.reject).trim(),
        ...(rejectNote ? { note: rejectNote } : {}),
      };
    }
    if (when && action)
      stage.push({ index: i, when, action, advanceOn: policy(config.advanceOn, rule.advanceOn) });
  });

  if (!ok) return undefined;
  return {
    name: config.name,
    connector: config.connector,
    modules,
    fields,
    ...(note ? { note } : {}),
    addTags,
    removeTags,
    stage,
    appliesTo(connector: string, module: RunModule): boolean {
      return connector === config.connector && modules.includes(module);
    },
  };
}
