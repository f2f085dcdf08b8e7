import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors';
import { loadConfig, parseConfig, type ParseConfigOptions } from './load-config';

const BASE = readFileSync(join(__dirname, '__fixtures__', 'base.yaml'), 'utf8');
const ENV = { ZH_KEY: 'zh_api_test', GH_SECRET: 'gh-secret-value' };
const SCHEMAS = { greenhouse: z.looseObject({}), lever: z.looseObject({}) };

/** BASE with 1-based lines replaced (`null` deletes the line). */
function edit(changes: Record<number, string | null>, base = BASE): string {
  return base
    .split('\n')
    .flatMap((line, i) => {
      const change = changes[i + 1];
      return change === undefined ? [line] : change === null ? [] : [change];
    })
    .join('\n');
}

function issuesOf(text: string, options: ParseConfigOptions = {}): ConfigIssue[] {
  try {
    parseConfig(text, { file: 'zc.yaml', env: ENV, connectorSchemas: SCHEMAS, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    return (error as ConfigError).issues;
  }
  throw new Error('expected the config to be rejected');
}

function where(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}:${issue.column} ${issue.path}`;
}

describe('parseConfig', () => {
  it('accepts the base config and applies defaults', () => {
    const loaded = parseConfig(BASE, { env: ENV, connectorSchemas: SCHEMAS });
    expect(loaded.config.store).toBe('sqlite:./zenhire-connect.sqlite');
    expect(loaded.config.zenhire.baseUrl).toBe('https://platform.zenhire.ai');
    expect(loaded.config.zenhire.pollIntervals.speechSeconds).toBe(15);
    expect(loaded.config.server).toEqual({
      host: '127.0.0.1',
      port: 8080,
      bodyLimitBytes: 1_048_576,
    });
    expect(loaded.config.worker.backoff.multiplier).toBe(2);
    expect(loaded.config.connectors['greenhouse-eu']).toEqual({
      type: 'greenhouse',
      clientSecret: 'gh-secret-value',
    });
    expect(loaded.triggers.map((t) => t.name)).toEqual(['screen']);
    expect(loaded.mappings.map((m) => m.name)).toEqual(['results']);
  });

  describe('names file:line:column, the dotted path and what was expected', () => {
    it('invalid YAML syntax', () => {
      const [issue] = issuesOf(edit({ 11: '    on: stage_entered: now' }));
      expect(where(issue)).toBe('zc.yaml:11:9 (document)');
      expect(issue.message).toMatch(/^invalid YAML: Nested mappings are not allowed/);
    });

    it('a duplicate YAML key', () => {
      const [issue] = issuesOf(edit({ 11: '    on: stage_entered\n    on: tag_added' }));
      expect(`${issue.line}:${issue.column}`).toBe('12:5');
      expect(issue.message).toMatch(/invalid YAML: .*unique/i);
    });

    it('a wrong enum value, with a suggestion', () => {
      const issues = issuesOf(edit({ 23: '        type: numbr' }));
      expect(issues).toHaveLength(1);
      expect(where(issues[0])).toBe('zc.yaml:23:15 mappings[0].fields[0].type');
      expect(issues[0].message).toBe(
        'expected one of "number", "text", "single_select", "date", "yes_no"; did you mean "number"?',
      );
    });

    it('a wrong type', () => {
      const [issue] = issuesOf(edit({ 1: 'version: 1\nserver:\n  port: "eighty"' }));
      expect(where(issue)).toBe('zc.yaml:3:9 server.port');
      expect(issue.message).toBe('expected number, got string');
    });

    it('an unknown key, with "did you mean" and the allowed keys', () => {
      const issues = issuesOf(edit({ 27: '        mvoe: next' }));
      const unknown = issues.find((i) => i.message.startsWith('unknown key'))!;
      expect(where(unknown)).toBe('zc.yaml:27:9 mappings[0].stage[0].mvoe');
      expect(unknown.message).toBe(
        'unknown key "mvoe"; did you mean "move"? Expected one of: when, move, reject, note, advanceOn',
      );
    });

    it('an unknown stage action', () => {
      const issues = issuesOf(edit({ 27: '        promote: next' }));
      expect(issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`)).toEqual([
        '26:9 mappings[0].stage[0]: a stage rule needs exactly one action: move (next or a stage) or reject (a reason)',
        '27:9 mappings[0].stage[0].promote: unknown key "promote" Expected one of: when, move, reject, note, advanceOn',
      ]);
    });

    it('an unknown connector type (checked against the plugin schema map)', () => {
      const [issue] = issuesOf(edit({ 6: '    type: greenhose' }));
      expect(where(issue)).toBe('zc.yaml:6:11 connectors.greenhouse-eu.type');
      expect(issue.message).toBe(
        'unknown connector type "greenhose"; did you mean "greenhouse"? Known types: greenhouse, lever',
      );
    });

    it('an invalid connector instance config (the plugin schema)', () => {
      const strict = {
        greenhouse: z.strictObject({ clientSecret: z.string(), userId: z.string() }),
      };
      const issues = issuesOf(edit({ 7: '    clientSecret: ${GH_SECRET}\n    userld: "4080"' }), {
        connectorSchemas: strict,
      });
      expect(issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`)).toEqual([
        '5:3 connectors.greenhouse-eu.userId: missing required key "userId" (expected string)',
        '8:5 connectors.greenhouse-eu.userld: unknown key "userld"; did you mean "userId"? Expected one of: clientSecret, userId',
      ]);
    });

    it('a secret written inline (the value is never printed)', () => {
      const [issue] = issuesOf(edit({ 7: '    clientSecret: abc123' }));
      expect(where(issue)).toBe('zc.yaml:7:19 connectors.greenhouse-eu.clientSecret');
      expect(issue.message).toMatch(/use \$\{ENV_VAR\}/);
      expect(JSON.stringify(issue)).not.toContain('abc123');
    });

    it('a secret with an inline default', () => {
      const [issue] = issuesOf(edit({ 3: '  apiKey: ${ZH_KEY:-zh_api_live_123}' }));
      expect(where(issue)).toBe('zc.yaml:3:11 zenhire.apiKey');
      expect(issue.message).toMatch(/default of \$\{ZH_KEY\} is a secret/);
      expect(JSON.stringify(issue)).not.toContain('zh_api_live_123');
    });

    it('a database password written inline', () => {
      const [issue] = issuesOf(edit({ 1: 'version: 1\nstore: postgres://zc:hunter2@db/zc' }));
      expect(where(issue)).toBe('zc.yaml:2:8 store');
      expect(JSON.stringify(issue)).not.toContain('hunter2');
    });

    it('a missing environment variable, named', () => {
      const [issue] = issuesOf(BASE, { env: { ZH_KEY: 'k' } });
      expect(where(issue)).toBe('zc.yaml:7:19 connectors.greenhouse-eu.clientSecret');
      expect(issue.message).toBe(
        'environment variable GH_SECRET is not set (referenced as ${GH_SECRET})',
      );
    });

    it('a missing required key', () => {
      const [issue] = issuesOf(edit({ 3: '  baseUrl: https://platform.zenhire.ai' }));
      expect(where(issue)).toBe('zc.yaml:2:1 zenhire.apiKey');
      expect(issue.message).toBe('missing required key "apiKey" (expected string)');
    });

    it('an unknown module, with a suggestion', () => {
      const [issue] = issuesOf(edit({ 20: '    modules: [speach]' }));
      expect(where(issue)).toBe('zc.yaml:20:15 mappings[0].modules[0]');
      expect(issue.message).toMatch(/^expected one of "speech", .*; did you mean "speech"\?$/);
    });

    it('an unknown action kind', () => {
      const [issue] = issuesOf(edit({ 14: '      kind: interveiw' }));
      expect(where(issue)).toBe('zc.yaml:14:13 triggers[0].action.kind');
      expect(issue.message).toBe(
        'expected action.kind: interview, ai_interview, soft_skills, cv_deepmatch or speech; did you mean "interview"?',
      );
    });

    it('an unknown connector instance name', () => {
      const [issue] = issuesOf(edit({ 19: '    connector: greenhouse-us' }));
      expect(where(issue)).toBe('zc.yaml:19:16 mappings[0].connector');
      expect(issue.message).toBe(
        'unknown connector instance "greenhouse-us"; did you mean "greenhouse-eu"? Configured: greenhouse-eu',
      );
    });

    it('a condition referring to an absent value', () => {
      const [issue] = issuesOf(edit({ 26: '      - when: assessment.cefr_level >= "B2"' }));
      expect(where(issue)).toBe('zc.yaml:26:15 mappings[0].stage[0].when');
      expect(issue.message).toBe('undefined variable: assessment.cefr_level');
    });

    it('a template referring to an absent value, at the column inside the template', () => {
      const [issue] = issuesOf(
        edit({ 24: '        value: "{{ assessment.dim.fluenc.percent }}"' }),
      );
      expect(where(issue)).toBe('zc.yaml:24:20 mappings[0].fields[0].value');
      expect(issue.message).toBe(
        'undefined variable: assessment.dim.fluenc (module speech has dimensions: vocabulary, fluency, accent)',
      );
    });

    it('a dimension the module does not produce', () => {
      const text = edit({
        20: '    modules: [speech, soft_skills]',
        24: '        value: "{{ assessment.dim.fluency.cefr }}"',
      });
      const [issue] = issuesOf(text);
      expect(where(issue)).toBe('zc.yaml:24:20 mappings[0].fields[0].value');
      expect(issue.message).toBe(
        'undefined variable: assessment.dim.fluency (module soft_skills has dimensions: communication, clarity, composure, empathy_signal)',
      );
    });

    it('bad Liquid syntax', () => {
      const [issue] = issuesOf(edit({ 24: '        value: "{{ assessment.cefr "' }));
      expect(where(issue)).toBe('zc.yaml:24:17 mappings[0].fields[0].value');
      expect(issue.message).toMatch(/not closed/);
    });

    it('an unknown filter', () => {
      const [issue] = issuesOf(edit({ 24: '        value: "{{ assessment.percent | pct }}"' }));
      expect(where(issue)).toBe('zc.yaml:24:17 mappings[0].fields[0].value');
      expect(issue.message).toBe('undefined filter: pct');
    });

    it('a condition written with {% %}', () => {
      const [issue] = issuesOf(edit({ 26: '      - when: "{% if assessment.percent > 50 %}"' }));
      expect(where(issue)).toBe('zc.yaml:26:16 mappings[0].stage[0].when');
      expect(issue.message).toMatch(/bare Liquid expression/);
    });

    it('an unquoted template, with a hint', () => {
      const [issue] = issuesOf(edit({ 24: '        value: {{ assessment.cefr }}' }));
      expect(where(issue)).toBe('zc.yaml:24:16 mappings[0].fields[0].value');
      expect(issue.message).toMatch(/got a mapping; a Liquid template must be quoted in YAML/);
    });

    it('a field value that does not fit its type', () => {
      const [issue] = issuesOf(edit({ 23: '        type: number' }));
      expect(where(issue)).toBe('zc.yaml:24:16 mappings[0].fields[0].value');
      expect(issue.message).toMatch(
        /renders "B2" for a sample speech assessment, which is not a number value/,
      );
    });

    it('duplicate rule names', () => {
      const text = edit({
        16: '      consentMode: explicit\n  - name: screen\n    connector: greenhouse-eu\n    on: tag_added\n    action: { kind: soft_skills }',
      });
      const [issue] = issuesOf(text);
      expect(where(issue)).toBe('zc.yaml:17:11 triggers[1].name');
      expect(issue.message).toBe('duplicate name "screen" (also triggers[0])');
    });

    it('a template that reads the clock', () => {
      const [issue] = issuesOf(edit({ 24: "        value: \"{{ 'now' | date: '%Y' }}\"" }));
      expect(issue.path).toBe('mappings[0].fields[0].value');
      expect(issue.message).toMatch(/must not read the clock/);
    });

    it('lists every problem at once, sorted by position, in the message too', () => {
      const issues = issuesOf(
        edit({ 6: '    type: greenhose', 20: '    modules: [speach]', 23: '        type: numbr' }),
      );
      expect(issues.map((i) => i.line)).toEqual([6, 20, 23]);
      try {
        parseConfig(edit({ 6: '    type: greenhose' }), {
          file: 'zc.yaml',
          env: ENV,
          connectorSchemas: SCHEMAS,
        });
      } catch (error) {
        expect((error as Error).message).toContain(
          'zc.yaml:6:11 connectors.greenhouse-eu.type: unknown connector type',
        );
      }
    });
  });

  describe('environment substitution', () => {
    it('substitutes ${VAR}, ${VAR:-default} and $${ literals', () => {
      const text = edit({
        1: 'version: 1\nserver:\n  host: ${ZC_HOST:-0.0.0.0}\n  port: ${ZC_PORT}\n  publicUrl: https://${ZC_DOMAIN}/zc',
        27: '        move: "$${not-a-var}"',
      });
      const loaded = parseConfig(text, {
        env: { ...ENV, ZC_PORT: '9090', ZC_DOMAIN: 'ats.example.com' },
        connectorSchemas: SCHEMAS,
      });
      expect(loaded.config.server.host).toBe('0.0.0.0');
      expect(loaded.config.server.port).toBe(9090);
      expect(loaded.config.server.publicUrl).toBe('https://ats.example.com/zc');
      expect(loaded.config.zenhire.apiKey).toBe('zh_api_test');
      expect(loaded.mappings[0].stage[0].action).toEqual({
        kind: 'move',
        to: { stage: '${not-a-var}' },
      });
    });

    it('uses the default when the variable is empty, keeps secrets as strings', () => {
      const text = edit({ 1: 'version: 1\nserver:\n  host: ${ZC_HOST:-127.0.0.2}' });
      const loaded = parseConfig(text, {
        env: { ZH_KEY: '12345', GH_SECRET: 's', ZC_HOST: '' },
        connectorSchemas: SCHEMAS,
      });
      expect(loaded.config.server.host).toBe('127.0.0.2');
      expect(loaded.config.zenhire.apiKey).toBe('12345');
    });

    it('rejects a malformed reference', () => {
      const [issue] = issuesOf(edit({ 1: 'version: 1\nserver:\n  host: ${zc host}' }));
      expect(where(issue)).toBe('zc.yaml:3:9 server.host');
      expect(issue.message).toMatch(/malformed environment reference/);
    });

    it('never puts substituted secret values into errors', () => {
      const issues = issuesOf(edit({ 6: '    type: greenhose' }));
      expect(JSON.stringify(issues)).not.toContain('gh-secret-value');
      expect(JSON.stringify(issues)).not.toContain('zh_api_test');
    });
  });

  it('without connector schemas, checks only each instance type', () => {
    const loaded = parseConfig(edit({ 6: '    type: anything' }), { env: ENV });
    expect(loaded.config.connectors['greenhouse-eu'].type).toBe('anything');
  });
});

describe('loadConfig', () => {
  it('reads the file and names it in errors', () => {
    const file = join(__dirname, '__fixtures__', 'base.yaml');
    expect(loadConfig(file, { env: ENV, connectorSchemas: SCHEMAS }).file).toBe(file);
    try {
      loadConfig(file, { env: {}, connectorSchemas: SCHEMAS });
      throw new Error('expected failure');
    } catch (error) {
      expect((error as ConfigError).issues[0].file).toBe(file);
    }
  });

  it('reports an unreadable file as a ConfigError', () => {
    expect(() => loadConfig(join(__dirname, '__fixtures__', 'missing.yaml'))).toThrow(
      /cannot read the config file \(ENOENT\)/,
    );
  });
});
