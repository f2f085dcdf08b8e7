import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliveryIdempotencyKey, writePlanHash, type WritePlan } from '@zenhire-connect/core';
import { createStore } from '@zenhire-connect/store';
import { memoryIo, type MemoryIo } from './io';
import { runCli } from './program';

const EXAMPLES = join(__dirname, '../../../config');

const ENV = {
  ZENHIRE_API_KEY: 'zh_api_test',
  GREENHOUSE_CLIENT_ID: 'client',
  GREENHOUSE_CLIENT_SECRET: 'secret-value-never-printed',
  GREENHOUSE_WEBHOOK_SECRET: 'whsec',
  LEVER_API_KEY: 'lever-key',
  LEVER_WEBHOOK_SIGNATURE_TOKEN: 'lever-token',
  ZENHIRE_CVDM_WEBHOOK_SECRET: 'cvdm-secret',
  PGPASSWORD: 'pg-password',
  INHOUSE_ATS_SIGNING_SECRET: 'inhouse-signing-secret-0123',
  INHOUSE_ATS_TOKEN: 'inhouse-token',
};

function io(cwd: string, env: NodeJS.ProcessEnv = ENV): MemoryIo {
  return memoryIo(env, cwd);
}

/** A config using the embedded store in `dir` and a ZenHire host nothing listens on. */
function minimalConfig(dir: string): string {
  const file = join(dir, 'zc.yaml');
  writeFileSync(
    file,
    `version: 1
zenhire:
  baseUrl: http://127.0.0.1:9
  apiKey: \${ZENHIRE_API_KEY}
store: 'sqlite:${join(dir, 'store.sqlite')}'
connectors:
  greenhouse-eu:
    type: greenhouse
    clientId: \${GREENHOUSE_CLIENT_ID}
    clientSecret: \${GREENHOUSE_CLIENT_SECRET}
    userId: '112'
    webhookSecret: \${GREENHOUSE_WEBHOOK_SECRET}
`,
  );
  return file;
}

describe('zenhire-connect', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zc-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['greenhouse', 'greenhouse-eu', 'sqlite'],
    ['lever', 'lever-main', 'sqlite'],
    ['generic', 'inhouse-ats', 'postgresql'],
  ])('validate accepts the %s example with its connector schema', async (type, name, store) => {
    const t = io(dir);
    const code = await runCli(
      ['validate', '--config', join(EXAMPLES, `${type}.example.yaml`), '--json'],
      t,
    );
    expect(code).toBe(0);
    expect(JSON.parse(t.out())).toMatchObject({
      valid: true,
      connectors: [{ name, type }],
      plugins: ['greenhouse', 'lever', 'generic'],
      store,
    });
  });

  it('validate reports file:line:column and exits 1, never printing secret values', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      `version: 1
zenhire:
  apiKey: \${ZENHIRE_API_KEY}
connectors:
  greenhouse-eu:
    type: greenhous
    clientSecret: \${GREENHOUSE_CLIENT_SECRET}
triggers:
  - name: t
    connector: greenhouse-eu
    on: stage_entred
    action: { kind: interview, personaId: p, consentMode: explicit }
`,
    );
    const t = io(dir);
    const code = await runCli(['validate', '-c', file], t);
    expect(code).toBe(1);
    expect(t.err()).toContain(
      `${file}:6:11 connectors.greenhouse-eu.type: unknown connector type "greenhous"; did you mean "greenhouse"?`,
    );
    expect(t.err()).toMatch(new RegExp(`${file}:11:\\d+ triggers\\[0\\]\\.on: `));
    expect(t.err()).not.toContain('secret-value-never-printed');
  });

  it('init writes the commented template and refuses to overwrite it', async () => {
    const t = io(dir);
    expect(await runCli(['init', '--ats', 'lever'], t)).toBe(0);
    const file = join(dir, 'zenhire-connect.yaml');
    expect(readFileSync(file, 'utf8')).toContain('type: lever');

    const again = io(dir);
    expect(await runCli(['init'], again)).toBe(1);
    expect(again.err()).toContain('not overwriting');
    expect(readFileSync(file, 'utf8')).toContain('type: lever');
    expect(await runCli(['init', '--force'], io(dir))).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('type: greenhouse');
    expect(readFileSync(file, 'utf8')).not.toContain('yaml-language-server');
    expect(await runCli(['validate'], io(dir))).toBe(0);
  });

  it('exits 1 on usage errors and 0 on --help', async () => {
    expect(await runCli(['frobnicate'], io(dir))).toBe(1);
    expect(await runCli(['sync', '--since', 'yesterday', '-c', minimalConfig(dir)], io(dir))).toBe(
      1,
    );
    const help = io(dir);
    expect(await runCli(['--help'], help)).toBe(0);
    expect(help.out()).toContain('Exit codes:');
    expect(existsSync(join(dir, 'store.sqlite'))).toBe(false);
  });

  it('status, deliveries and explain read an empty store without calling any API', async () => {
    const file = minimalConfig(dir);
    const status = io(dir);
    expect(await runCli(['status', '--json', '-c', file], status)).toBe(0);
    const parsed = JSON.parse(status.out()) as { queue: { depth: number }; deadLetters: number };
    expect(parsed.queue.depth).toBe(0);
    expect(parsed.deadLetters).toBe(0);

    const list = io(dir);
    expect(await runCli(['deliveries', 'list', '--json', '-c', file], list)).toBe(0);
    expect(JSON.parse(list.out())).toEqual([]);

    const retry = io(dir);
    expect(await runCli(['deliveries', 'retry', 'nope', '-c', file], retry)).toBe(3);
    expect(retry.err()).toContain('DELIVERY_NOT_FOUND');

    const explain = io(dir);
    expect(await runCli(['explain', 'req_unknown', '-c', file], explain)).toBe(3);
    expect(explain.err()).toContain('RUN_NOT_FOUND');
  });

  it('lists dead letters and replays one', async () => {
    const file = minimalConfig(dir);
    const store = createStore(`sqlite:${join(dir, 'store.sqlite')}`);
    await store.migrate();
    const body: Omit<WritePlan, 'hash'> = {
      runId: 'req_1',
      connector: 'greenhouse-eu',
      mapping: 'scores',
      record: { connector: 'greenhouse-eu', candidateId: '1', applicationId: '2' },
      operations: [{ kind: 'AddNote', body: 'hello', visibility: 'private' }],
    };
    const plan = { ...body, hash: writePlanHash(body) };
    const { delivery } = await store.enqueue(plan, deliveryIdempotencyKey(plan), Date.now());
    await store.claimDue('w1', 1, 60_000, Date.now());
    await store.fail(
      delivery.id,
      'w1',
      { code: 'GREENHOUSE_FIELD_UNKNOWN', message: 'no field cefr' },
      { dead: true },
      Date.now(),
    );
    await store.close();

    const dead = io(dir);
    expect(await runCli(['deliveries', 'dead', '--json', '-c', file], dead)).toBe(0);
    expect(JSON.parse(dead.out())).toEqual([
      expect.objectContaining({
        id: delivery.id,
        status: 'dead',
        operations: ['AddNote'],
        lastError: { code: 'GREENHOUSE_FIELD_UNKNOWN', message: 'no field cefr' },
      }),
    ]);
    const status = io(dir);
    expect(await runCli(['status', '--fail-on-dead', '-c', file], status)).toBe(4);
    expect(status.out()).toContain('dead letters: 1');

    const retry = io(dir);
    expect(await runCli(['deliveries', 'retry', delivery.id, '-c', file], retry)).toBe(0);
    expect(retry.out()).toContain(`delivery ${delivery.id} replayed: now pending`);
    const again = io(dir);
    expect(await runCli(['deliveries', 'retry', delivery.id, '-c', file], again)).toBe(4);
    expect(again.err()).toContain('DELIVERY_NOT_DEAD');
  });
});
