import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Container, ContainerModule } from 'inversify';
import { buildConnectorRegistry } from './build-connector-registry';
import {
  AtsConnector,
  ConnectorHost,
  type ConnectorCache,
  type ConnectorLogger,
  type ConnectorPlugin,
} from './connector';
import { loadConnectorPlugins } from './load-connector-plugins';
import { PluginError } from './plugin-errors';
import { FakeConnector, FakeGreeting, fakePlugin } from './__fixtures__/fake-plugin';

const fixtures = join(__dirname, '__fixtures__');
const load = (path: string) => jest.requireActual(path);

const logger: ConnectorLogger = { debug() {}, info() {}, warn() {}, error() {} };
const cache: ConnectorCache = {
  get: async () => undefined,
  set: async () => undefined,
  delete: async () => undefined,
};

async function caught(promise: Promise<unknown> | (() => unknown)): Promise<PluginError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof PluginError) return error;
    throw error;
  }
  throw new Error('expected a PluginError');
}

describe('loadConnectorPlugins', () => {
  it('loads a plugin by path (default export) relative to the config directory', () => {
    const [plugin] = loadConnectorPlugins(['./fake-plugin.ts'], fixtures, { load });
    expect(plugin.type).toBe('fake');
  });

  it('loads a plugin whose only plugin-shaped export is named', () => {
    const [plugin] = loadConnectorPlugins([join(fixtures, 'named-export-plugin.ts')], '/', {
      load,
    });
    expect(plugin.type).toBe('fake-named');
  });

  it('loads a plugin by package name, resolved from the config directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zc-plugins-'));
    try {
      const pkg = join(dir, 'node_modules', 'zc-connector-fake');
      mkdirSync(pkg, { recursive: true });
      writeFileSync(
        join(pkg, 'package.json'),
        JSON.stringify({ name: 'zc-connector-fake', main: 'index.js' }),
      );
      writeFileSync(
        join(pkg, 'index.js'),
        `module.exports = require(${JSON.stringify(join(fixtures, 'fake-plugin.ts'))});\n`,
      );
      const [plugin] = loadConnectorPlugins(['zc-connector-fake'], dir, { load });
      expect(plugin.type).toBe('fake');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports PLUGIN_NOT_FOUND for a missing package or path', async () => {
    const pkg = await caught(() =>
      loadConnectorPlugins(['zc-no-such-connector'], fixtures, { load }),
    );
    expect(pkg.code).toBe('PLUGIN_NOT_FOUND');
    expect(pkg.message).toContain('npm install zc-no-such-connector');
    const path = await caught(() => loadConnectorPlugins(['./nope.ts'], fixtures, { load }));
    expect(path.code).toBe('PLUGIN_NOT_FOUND');
  });

  it('reports PLUGIN_INVALID for a module without a valid plugin', async () => {
    const broken = await caught(() =>
      loadConnectorPlugins(['./invalid-plugin.ts'], fixtures, { load }),
    );
    expect(broken.code).toBe('PLUGIN_INVALID');
    expect(broken.message).toContain('containerModule');
    // A real package that is not a plugin at all.
    const zod = await caught(() => loadConnectorPlugins(['zod'], __dirname, { load }));
    expect(zod.code).toBe('PLUGIN_INVALID');
    const throwing = await caught(() =>
      loadConnectorPlugins(['./throwing-plugin.ts'], fixtures, { load }),
    );
    expect(throwing).toMatchObject({ code: 'PLUGIN_INVALID' });
    expect(throwing.message).toContain('plugin init exploded');
  });

  it('reports PLUGIN_DUPLICATE_TYPE when two specifiers give one type', async () => {
    const error = await caught(() =>
      loadConnectorPlugins(['./fake-plugin.ts', join(fixtures, 'fake-plugin.ts')], fixtures, {
        load,
      }),
    );
    expect(error.code).toBe('PLUGIN_DUPLICATE_TYPE');
  });
});

describe('buildConnectorRegistry', () => {
  const instances = {
    'fake-eu': { type: 'fake', baseUrl: 'https://eu.example.test', apiToken: 'eu-secret-token' },
    'fake-us': {
      type: 'fake',
      baseUrl: 'https://us.example.test',
      apiToken: 'us-secret-token',
      pageSize: 10,
    },
  };

  it('builds one connector per instance with its validated config and host services', async () => {
    const seen: string[] = [];
    const registry = await buildConnectorRegistry({
      plugins: [fakePlugin],
      instances,
      host: ({ name, type }) => {
        seen.push(`${name}:${type}`);
        return { logger, cache };
      },
    });
    expect(registry.names()).toEqual(['fake-eu', 'fake-us']);
    const eu = registry.get('fake-eu') as FakeConnector;
    const us = registry.get('fake-us') as FakeConnector;
    expect(eu).toBeInstanceOf(FakeConnector);
    expect(eu).not.toBe(us);
    expect(eu.config).toEqual({
      baseUrl: 'https://eu.example.test',
      apiToken: 'eu-secret-token',
      pageSize: 50,
    });
    expect(us.config.pageSize).toBe(10);
    expect(eu.host.logger).toBe(logger);
    expect(seen).toEqual(['fake-eu:fake', 'fake-us:fake']);
    expect(registry.resolve<string>('fake-us', FakeGreeting)).toBe('hello from fake-us');
    expect(registry.has('nope')).toBe(false);
    expect(registry.find('nope')).toBeUndefined();
    expect((await caught(async () => registry.get('nope'))).code).toBe('CONNECTOR_NOT_FOUND');
    await registry.close();
    expect(eu.closed && us.closed).toBe(true);
  });

  it('lets instances see services bound in the parent container', async () => {
    const parent = new Container();
    const Shared = Symbol('Shared');
    parent.bind(Shared).toConstantValue('from parent');
    const registry = await buildConnectorRegistry({
      plugins: [fakePlugin],
      instances: { 'fake-eu': instances['fake-eu'] },
      host: () => ({ logger, cache }),
      parent,
    });
    expect(registry.resolve<string>('fake-eu', Shared)).toBe('from parent');
  });

  it('rejects an invalid instance config without echoing its values', async () => {
    const error = await caught(
      buildConnectorRegistry({
        plugins: [fakePlugin],
        instances: { 'fake-eu': { type: 'fake', baseUrl: 'not a url', apiToken: 'short' } },
        host: () => ({ logger, cache }),
      }),
    );
    expect(error.code).toBe('CONNECTOR_CONFIG_INVALID');
    expect(error.details?.issues).toEqual([
      expect.objectContaining({ path: 'baseUrl' }),
      expect.objectContaining({ path: 'apiToken' }),
    ]);
    expect(JSON.stringify(error)).not.toContain('short');
    expect(error.message).not.toContain('short');
  });

  it('rejects an unknown type, duplicate plugin types and invalid plugins', async () => {
    const host = () => ({ logger, cache });
    expect(
      (
        await caught(
          buildConnectorRegistry({
            plugins: [fakePlugin],
            instances: { x: { type: 'lever' } },
            host,
          }),
        )
      ).code,
    ).toBe('CONNECTOR_TYPE_UNKNOWN');
    expect(
      (
        await caught(
          buildConnectorRegistry({ plugins: [fakePlugin, { ...fakePlugin }], instances: {}, host }),
        )
      ).code,
    ).toBe('PLUGIN_DUPLICATE_TYPE');
    expect(
      (
        await caught(
          buildConnectorRegistry({
            plugins: [{ type: 'x' } as unknown as ConnectorPlugin],
            instances: {},
            host,
          }),
        )
      ).code,
    ).toBe('PLUGIN_INVALID');
  });

  it('rejects a plugin whose connector does not carry the instance name, closing built instances', async () => {
    const [wrong] = loadConnectorPlugins(['./wrong-name-plugin.ts'], fixtures, { load });
    const created: FakeConnector[] = [];
    const tracking: ConnectorPlugin = {
      ...fakePlugin,
      containerModule: new ContainerModule(({ bind }) => {
        bind<AtsConnector>(AtsConnector).toDynamicValue((context) => {
          const connector = new FakeConnector(context.get<ConnectorHost>(ConnectorHost));
          created.push(connector);
          return connector;
        });
      }),
    };
    const error = await caught(
      buildConnectorRegistry({
        plugins: [tracking, wrong],
        instances: {
          'fake-eu': instances['fake-eu'],
          bad: { type: 'wrong-name', baseUrl: 'https://x.test', apiToken: '12345678' },
        },
        host: () => ({ logger, cache }),
      }),
    );
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(created).toHaveLength(1);
    expect(created[0].closed).toBe(true);
  });
});
