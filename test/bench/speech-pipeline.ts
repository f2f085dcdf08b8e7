/**
 * The ZenHire → Greenhouse pipeline of benchmarks 1 and 3: a speech mapping (score and CEFR
 * custom fields + a note) compiled like a YAML mapping, the use-cases over the store, the
 * worker's `ZenHireApiGateway` and the Greenhouse connector, and the correlation fields of
 * a run linked to a seeded application (what a trigger writes into the run).
 */
import {
  compileRules,
  createUseCases,
  encodeLink,
  MapConnectorRegistry,
  MappingSchema,
  type AtsConnector,
  type Clock,
  type CorrelationFields,
  type Store,
  type UseCases,
  type ZenHireConnectConfig,
  type ZenHireGateway,
} from '@zenhire-connect/core';
import { GREENHOUSE_INSTANCE, type BenchApplication } from './greenhouse-backlog';

/** A tiny "MP3" (ID3 magic) that the ZenHire sandbox is told lasts 3 minutes. */
export const BENCH_AUDIO = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(64)]);
export const BENCH_AUDIO_SECONDS = 180;

/** The speech mapping: two custom fields (one PATCH) and a note (one POST). */
function benchConfig(): ZenHireConnectConfig {
  return {
    connectors: { [GREENHOUSE_INSTANCE]: { type: 'greenhouse' } },
    linkRules: [],
    triggers: [],
    mappings: [
      MappingSchema.parse({
        name: 'bench-speech',
        connector: GREENHOUSE_INSTANCE,
        modules: ['speech'],
        fields: [
          { field: 'assessment_score', type: 'number', value: '{{ assessment.percent }}' },
          { field: 'cefr_level', type: 'single_select', value: '{{ assessment.cefr }}' },
        ],
        note: {
          visibility: 'private',
          body: 'ZenHire speech: CEFR {{ assessment.cefr }} ({{ assessment.percent | percent }})',
        },
      }),
    ],
  } as unknown as ZenHireConnectConfig;
}

/** Use-cases wired to the store, the ZenHire gateway and the Greenhouse connector. */
export function pipelineUseCases(
  store: Store,
  gateway: ZenHireGateway,
  connector: AtsConnector,
  clock: Clock,
): UseCases {
  const rules = compileRules(benchConfig());
  return createUseCases({
    store,
    gateway,
    connectors: MapConnectorRegistry.of(connector),
    clock,
    rules: { triggers: [], mappings: rules.mappings, linkRules: [] },
  });
}

/** Correlation fields (`externalId`, `metadata`, `tags`) of a speech run for `app`. */
export function linkedCorrelation(app: BenchApplication): CorrelationFields {
  return encodeLink({ module: 'speech', record: app.record, triggerId: 'bench' });
}
