import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError, ExitCode } from '../exit-codes';
import { INIT_TEMPLATES } from '../init/templates';
import { line, type CliIo } from '../io';
import { configPath, type GlobalOptions } from './context';

/** Options of `init`. */
export interface InitOptions {
  /** Template: `greenhouse` (default), `lever` or `generic`. */
  ats?: string;
  /** Overwrite an existing file. */
  force?: boolean;
}

/**
 * `init`: writes a commented starter config (the repository's `config/<ats>.example.yaml`)
 * to `--config` (default `./zenhire-connect.yaml`). Refuses to overwrite without `--force`.
 * @throws CliError `INIT_TEMPLATE_UNKNOWN` (1), `INIT_FILE_EXISTS` (1).
 */
export function initCommand(options: GlobalOptions & InitOptions, io: CliIo): number {
  const ats = options.ats ?? 'greenhouse';
  const template = INIT_TEMPLATES[ats];
  if (!template) {
    throw new CliError(
      'INIT_TEMPLATE_UNKNOWN',
      `no template for "${ats}"; choose one of ${Object.keys(INIT_TEMPLATES).join(', ')}`,
      ExitCode.USAGE,
    );
  }
  const file = configPath(options, io);
  if (existsSync(file) && !options.force) {
    throw new CliError(
      'INIT_FILE_EXISTS',
      `${file} exists; not overwriting it (pass --force to replace it)`,
      ExitCode.USAGE,
    );
  }
  mkdirSync(dirname(file), { recursive: true });
  // The example's modeline points at config/schema.json next to it; a user's file has none.
  const text = template.replace(/^# yaml-language-server: .*\n/, '');
  writeFileSync(file, text, { encoding: 'utf8', flag: options.force ? 'w' : 'wx' });
  if (options.json) {
    line(io.stdout, JSON.stringify({ file, template: ats }));
  } else {
    line(io.stdout, `wrote ${file} (${ats} template)`);
    line(io.stdout, 'next: set the ${…} environment variables it names, then run');
    line(io.stdout, `  zenhire-connect validate --config ${file}`);
  }
  return ExitCode.OK;
}
