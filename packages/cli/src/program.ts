import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, DELIVERY_STATUSES, ZenHireConnectError } from '@zenhire-connect/core';
import {
  deliveriesDeadCommand,
  deliveriesListCommand,
  deliveriesRetryCommand,
} from './commands/deliveries';
import type { GlobalOptions } from './commands/context';
import { demoCommand } from './commands/demo';
import { explainCommand } from './commands/explain';
import { initCommand } from './commands/init';
import { reconcileCommand } from './commands/reconcile';
import { sandboxCommand } from './commands/sandbox';
import { serveCommand } from './commands/serve';
import { statusCommand } from './commands/status';
import { syncCommand } from './commands/sync';
import { printConfigIssues, validateCommand } from './commands/validate';
import { CliError, ExitCode } from './exit-codes';
import { line, type CliIo } from './io';
import { LOG_LEVELS } from './runtime/logger';

const VERSION = '0.1.0';

const EXIT_CODES_HELP = `
Exit codes:
  0    ok
  1    invalid configuration or arguments (validation errors as file:line:column)
  2    runtime failure (network, store, vendor API)
  3    run or delivery not found
  4    a check failed (demo verification, retry of a delivery that is not dead, status --fail-on-dead)
  130  interrupted`;

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('expected a positive number');
  return n;
}

/**
 * The `zenhire-connect` program. Each action stores its exit code in `result.code`;
 * {@link runCli} returns it.
 */
export function buildProgram(io: CliIo, result: { code: number }): Command {
  const program = new Command('zenhire-connect');
  const globals = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();
  const set = (code: number) => {
    result.code = code;
  };
  program
    .description(
      'Links ZenHire assessment runs to applicant tracking systems (Greenhouse, Lever, generic): triggers, collects, maps and delivers results exactly once.',
    )
    .version(VERSION)
    .option(
      '-c, --config <file>',
      'YAML config (default $ZENHIRE_CONNECT_CONFIG or ./zenhire-connect.yaml)',
    )
    .option('--json', 'machine-readable JSON on stdout')
    .addOption(
      new Option('--log-level <level>', 'log level (logs go to stderr as JSON lines)').choices(
        LOG_LEVELS,
      ),
    )
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride()
    .addHelpText(
      'after',
      `${EXIT_CODES_HELP}

Examples:
  $ zenhire-connect demo                                   # the whole flow against local sandboxes
  $ zenhire-connect init --ats greenhouse                  # write ./zenhire-connect.yaml
  $ zenhire-connect validate -c zenhire-connect.yaml
  $ zenhire-connect serve -c zenhire-connect.yaml          # server + worker in one process
  $ zenhire-connect explain speech:req_123 --json
  $ zenhire-connect deliveries dead`,
    );

  program
    .command('init')
    .description('write a commented starter config (refuses to overwrite)')
    .addOption(
      new Option('--ats <type>', 'template')
        .choices(['greenhouse', 'lever', 'generic'])
        .default('greenhouse'),
    )
    .option('--force', 'overwrite an existing file')
    .addHelpText('after', '\nExample:\n  $ zenhire-connect init --ats lever -c ./lever.yaml')
    .action((_o, cmd: Command) => set(initCommand(globals(cmd), io)));

  program
    .command('validate')
    .description(
      'check the config: YAML, secrets, schema, connector configs, rules (errors as file:line:column)',
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ zenhire-connect validate -c config/greenhouse.example.yaml',
    )
    .action((_o, cmd: Command) => set(validateCommand(globals(cmd), io)));

  program
    .command('serve')
    .description(
      'run the HTTP server (webhooks, partner endpoints, /healthz /readyz /metrics) and the worker',
    )
    .addOption(
      new Option('--role <role>', 'what this process runs')
        .choices(['all', 'server', 'worker'])
        .default('all'),
    )
    .option('--host <host>', 'listen address (default config server.host)')
    .option('--port <port>', 'listen port (default config server.port)', integer)
    .addHelpText(
      'after',
      '\nExamples:\n  $ zenhire-connect serve                      # one process, SQLite\n  $ zenhire-connect serve --role server        # HTTP only; run workers next to it\n  $ zenhire-connect serve --role worker        # with a postgres:// store, as many as you like',
    )
    .action(async (_o, cmd: Command) => set(await serveCommand(globals(cmd), io)));

  program
    .command('worker')
    .description('run the worker only (collect, deliver, reconcile); same as serve --role worker')
    .action(async (_o, cmd: Command) =>
      set(await serveCommand({ ...globals(cmd), role: 'worker' }, io)),
    );

  program
    .command('sync')
    .description(
      'one-shot: collect runs created since a time and deliver everything due (progress bar on a TTY)',
    )
    .option(
      '--since <iso|duration>',
      'ISO 8601 date-time or duration back from now (90s, 30m, 24h, 7d)',
      '24h',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ zenhire-connect sync --since 2h\n  $ zenhire-connect sync --since 2026-11-20T08:00:00Z --json',
    )
    .action(async (_o, cmd: Command) => set(await syncCommand(globals(cmd), io)));

  program
    .command('reconcile')
    .description(
      're-collect recent terminal runs; enqueue plans that changed or never got a delivery',
    )
    .option('--since <iso|duration>', 'window start', '24h')
    .option('--deliver', 'deliver what is due afterwards')
    .addHelpText('after', '\nExample:\n  $ zenhire-connect reconcile --since 7d --deliver')
    .action(async (_o, cmd: Command) => set(await reconcileCommand(globals(cmd), io)));

  program
    .command('explain')
    .description(
      'dry run for one run: Link, Assessment, WritePlan and the exact HTTP requests, sending none',
    )
    .argument(
      '<run>',
      'run id, or <module>:<id> (e.g. speech:req_123) when the store does not know it',
    )
    .option('--module <module>', 'module of the run (speech, interview, cv_deepmatch, …)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ zenhire-connect explain req_01HX…\n  $ zenhire-connect explain speech:req_01HX… --json',
    )
    .action(async (run: string, _o, cmd: Command) =>
      set(await explainCommand(run, globals(cmd), io)),
    );

  const deliveries = program
    .command('deliveries')
    .description('the delivery ledger: list, dead letters, replay');
  deliveries
    .command('list')
    .description('deliveries, newest first')
    .addOption(new Option('--status <status>').choices([...DELIVERY_STATUSES]))
    .option('--connector <name>', 'connector instance')
    .option('--run <id>', 'ZenHire run id')
    .option('--limit <n>', 'at most n rows', integer, 50)
    .addHelpText('after', '\nExample:\n  $ zenhire-connect deliveries list --status pending --json')
    .action(async (_o, cmd: Command) => set(await deliveriesListCommand(globals(cmd), io)));
  deliveries
    .command('dead')
    .description('dead letters: deliveries that failed for good or used up their attempts')
    .option('--connector <name>', 'connector instance')
    .option('--limit <n>', 'at most n rows', integer, 50)
    .action(async (_o, cmd: Command) => set(await deliveriesDeadCommand(globals(cmd), io)));
  deliveries
    .command('retry')
    .description('replay a dead delivery (operations already applied are skipped)')
    .argument('<id>', 'delivery id')
    .option('--now', 'deliver it in this process instead of leaving it to the worker')
    .addHelpText('after', '\nExample:\n  $ zenhire-connect deliveries retry 3f6c…-… --now')
    .action(async (id: string, _o, cmd: Command) =>
      set(await deliveriesRetryCommand(id, globals(cmd), io)),
    );

  program
    .command('status')
    .description('queue depth, oldest pending delivery, dead letters, open runs, collector cursors')
    .option('--fail-on-dead', 'exit 4 when dead letters exist (for monitoring scripts)')
    .action(async (_o, cmd: Command) => set(await statusCommand(globals(cmd), io)));

  program
    .command('sandbox')
    .description(
      'start the ZenHire, Greenhouse and Lever sandboxes on loopback; print URLs and credentials',
    )
    .option(
      '--time-scale <n>',
      'real ms per documented ms (0.001: a documented minute takes 60 ms)',
      positiveNumber,
      1,
    )
    .option('--host <host>', 'listen address', '127.0.0.1')
    .option(
      '--greenhouse-webhook <url>',
      'register Greenhouse stage-change webhooks to this receiver',
    )
    .action(async (_o, cmd: Command) => set(await sandboxCommand(globals(cmd), io)));

  program
    .command('demo')
    .description(
      'the whole flow end to end against local sandboxes, with the embedded SQLite store',
    )
    .option('--candidates <n>', 'number of candidates (default 12)', integer, 12)
    .option('--keep <dir>', 'keep the SQLite store and the generated config in this directory')
    .addHelpText('after', '\nExample:\n  $ npm run demo          # after npm ci && npm run build')
    .action(async (_o, cmd: Command) => set(await demoCommand(globals(cmd), io)));

  return program;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code; never calls
 * `process.exit`. Errors are printed as one line on stderr (`error CODE: message`), or as
 * `{ "error": { code, message } }` with `--json`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const result = { code: ExitCode.OK as number };
  const program = buildProgram(io, result);
  const json = argv.includes('--json');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return ExitCode.OK;
      }
      return ExitCode.USAGE;
    }
    if (error instanceof ConfigError) {
      if (json)
        line(io.stdout, JSON.stringify({ error: { code: error.code, issues: error.issues } }));
      printConfigIssues(error, io);
      return ExitCode.USAGE;
    }
    const exitCode =
      error instanceof CliError
        ? error.exitCode
        : error instanceof ZenHireConnectError && error.code.startsWith('PLUGIN_')
          ? ExitCode.USAGE
          : error instanceof ZenHireConnectError && error.code.startsWith('CONNECTOR_')
            ? ExitCode.USAGE
            : ExitCode.RUNTIME;
    const code = (error as { code?: unknown }).code;
    const summary = {
      code: typeof code === 'string' ? code : 'UNEXPECTED',
      message: error instanceof Error ? error.message : String(error),
    };
    if (json) line(io.stdout, JSON.stringify({ error: summary }));
    line(io.stderr, `error ${summary.code}: ${summary.message}`);
    return exitCode;
  }
}
