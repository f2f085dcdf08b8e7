import {
  DEFAULT_ZENHIRE_SANDBOX_KEY,
  DEFAULT_ZENHIRE_WEBHOOK_SECRET,
  GREENHOUSE_SANDBOX_CLIENT,
  GreenhouseSandbox,
  LEVER_SANDBOX_API_KEY,
  LeverSandbox,
  ZenHireSandbox,
} from '@zenhire-connect/testkit';
import { ExitCode } from '../exit-codes';
import { line, type CliIo } from '../io';
import type { GlobalOptions } from './context';

/** Options of `sandbox`. */
export interface SandboxOptions {
  /** Real ms per documented ms (default 1; `0.001`: one documented second per real ms). */
  timeScale?: number;
  host?: string;
  /** Greenhouse webhook receiver to register (e.g. `http://127.0.0.1:8080/webhooks/greenhouse-eu`). */
  greenhouseWebhook?: string;
}

/** Webhook secret the sandbox command registers Greenhouse webhooks with. */
export const SANDBOX_GREENHOUSE_WEBHOOK_SECRET = 'gh-sandbox-webhook-secret';

/**
 * `sandbox`: starts the ZenHire, Greenhouse and Lever sandboxes (`@zenhire-connect/testkit`)
 * on loopback and prints their URLs and (public, sandbox-only) credentials as environment
 * variables for a config, until SIGINT/SIGTERM.
 */
export async function sandboxCommand(
  options: GlobalOptions & SandboxOptions,
  io: CliIo,
): Promise<number> {
  const common = { timeScale: options.timeScale ?? 1, host: options.host ?? '127.0.0.1' };
  const stop = io.stopSignal();
  const zenhire = new ZenHireSandbox({
    ...common,
    allowInsecureWebhooks: true,
    allowPrivateWebhooks: true,
  });
  const greenhouse = new GreenhouseSandbox(common);
  const lever = new LeverSandbox(common);
  try {
    const [zhUrl, ghUrl, lvUrl] = await Promise.all([
      zenhire.start(),
      greenhouse.start(),
      lever.start(),
    ]);
    if (options.greenhouseWebhook) {
      for (const event of ['candidate_stage_change', 'new_candidate_application']) {
        await greenhouse.registerWebhook({
          event,
          url: options.greenhouseWebhook,
          secret: SANDBOX_GREENHOUSE_WEBHOOK_SECRET,
        });
      }
    }
    const env = {
      ZENHIRE_BASE_URL: zhUrl,
      ZENHIRE_API_KEY: DEFAULT_ZENHIRE_SANDBOX_KEY,
      ZENHIRE_WEBHOOK_SECRET: DEFAULT_ZENHIRE_WEBHOOK_SECRET,
      GREENHOUSE_BASE_URL: `${ghUrl}/v3`,
      GREENHOUSE_TOKEN_URL: `${ghUrl}/token`,
      GREENHOUSE_CLIENT_ID: GREENHOUSE_SANDBOX_CLIENT.clientId,
      GREENHOUSE_CLIENT_SECRET: GREENHOUSE_SANDBOX_CLIENT.clientSecret,
      GREENHOUSE_WEBHOOK_SECRET: SANDBOX_GREENHOUSE_WEBHOOK_SECRET,
      LEVER_BASE_URL: `${lvUrl}/v1`,
      LEVER_API_KEY: LEVER_SANDBOX_API_KEY,
      LEVER_WEBHOOK_SIGNATURE_TOKEN: lever.signatureToken ?? '',
    };
    if (options.json)
      line(
        io.stdout,
        JSON.stringify({ zenhire: zhUrl, greenhouse: ghUrl, lever: lvUrl, env }, null, 2),
      );
    else {
      line(io.stdout, `ZenHire sandbox     ${zhUrl}   (inspection: ${zhUrl}/__sandbox/zenhire/…)`);
      line(io.stdout, `Greenhouse sandbox  ${ghUrl}   (Harvest ${ghUrl}/v3, token ${ghUrl}/token)`);
      line(io.stdout, `Lever sandbox       ${lvUrl}   (API ${lvUrl}/v1)`);
      line(io.stdout, `time scale ${common.timeScale} (real ms per documented ms)`);
      line(io.stdout);
      line(io.stdout, 'Sandbox-only credentials (export them for a config that uses ${…}):');
      for (const [k, v] of Object.entries(env)) line(io.stdout, `export ${k}=${v}`);
      line(io.stdout);
      line(io.stdout, 'Ctrl-C stops the sandboxes.');
    }
    await stop;
    return ExitCode.OK;
  } finally {
    await Promise.allSettled([zenhire.stop(), greenhouse.stop(), lever.stop()]);
  }
}
