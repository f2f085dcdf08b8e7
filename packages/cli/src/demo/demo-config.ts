import { DEMO_FLUENCY_FIELD, DEMO_JOB, DEMO_REJECTION_REASON } from './demo-data';

/** Connector instance name of the demo's Greenhouse. */
export const DEMO_CONNECTOR = 'greenhouse-demo';
/** Webhook secret the demo registers in the Greenhouse sandbox. */
export const DEMO_WEBHOOK_SECRET_ENV = 'GREENHOUSE_WEBHOOK_SECRET';

/**
 * Fluency percent of the interview's chained speech analysis. Interview mappings are
 * checked against an interview sample without dimensions, so `assessment.dim.fluency` is
 * refused there; the dimension list works for both.
 */
const FLUENCY = '{{ assessment.dimensions | where: "key", "fluency" | map: "percent" | first }}';

/** Inputs of {@link demoConfigYaml}. */
export interface DemoConfigInput {
  zenhireUrl: string;
  greenhouseUrl: string;
  storeFile: string;
  personaId: string;
}

/**
 * The demo's configuration (YAML, in memory): trigger on the screening stage → AI voice
 * interview; mapping: CEFR single-select, overall %, fluency %, a note, a tag, move on at
 * CEFR ≥ B2, reject below B1. Secrets are `${VAR}` as in any real config (the demo passes
 * the sandbox values as the environment).
 */
export function demoConfigYaml(input: DemoConfigInput): string {
  return `version: 1
zenhire:
  baseUrl: ${input.zenhireUrl}
  apiKey: \${ZENHIRE_API_KEY}
store: 'sqlite:${input.storeFile}'
connectors:
  ${DEMO_CONNECTOR}:
    type: greenhouse
    baseUrl: ${input.greenhouseUrl}/v3
    tokenUrl: ${input.greenhouseUrl}/token
    clientId: \${GREENHOUSE_CLIENT_ID}
    clientSecret: \${GREENHOUSE_CLIENT_SECRET}
    userId: '112'
    webhookSecret: \${${DEMO_WEBHOOK_SECRET_ENV}}
    rateLimit: { requestsPerWindow: 200, windowSeconds: 10 }
triggers:
  - name: screen-interview
    connector: ${DEMO_CONNECTOR}
    on: stage_entered
    stages: ['${DEMO_JOB.stages.screen.name}']
    action: { kind: interview, personaId: ${input.personaId}, consentMode: integrator }
mappings:
  - name: english-screen-results
    connector: ${DEMO_CONNECTOR}
    modules: [interview] # the interview, scored by speech analysis of its recording
    fields:
      - { field: cefr_level, type: single_select, value: '{{ assessment.cefr }}' }
      - { field: assessment_score, type: number, value: '{{ assessment.percent }}' }
      - { field: ${DEMO_FLUENCY_FIELD.name_key}, type: number, value: '${FLUENCY}' }
    note:
      visibility: private
      body: 'ZenHire English assessment: CEFR {{ assessment.cefr }}, overall {{ assessment.percent }}%, fluency ${FLUENCY}%. Run {{ run.id }}.'
    addTags: [zenhire-assessed]
    stage:
      - when: assessment.cefr >= "B2"
        move: next
      - when: assessment.cefr < "B1"
        reject: '${DEMO_REJECTION_REASON}'
        note: 'ZenHire CEFR {{ assessment.cefr }} is below B1.'
server: { host: 127.0.0.1, port: 0 }
worker: { concurrency: 8 }
`;
}
