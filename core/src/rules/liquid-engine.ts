import { Liquid } from 'liquidjs';
import { registerNoteFilters } from './filters';

/**
 * The one Liquid engine configuration every rule uses:
 *
 * - `strictVariables` and `strictFilters`: a template that names an absent value or an
 *   unknown filter fails when the config is loaded (templates are rendered once against a
 *   sample context at load; see `compileTemplate`). At run time templates render with
 *   `strictVariables: false`, so an optional value that is missing (no application id, a
 *   dimension a partial run did not produce) renders empty instead of failing a delivery.
 * - `ownPropertyOnly`: no prototype access.
 * - `templates: {}`: `include` / `render` / `layout` find nothing (no file system access).
 * - `timezoneOffset: 0`, `locale: en-US`: the `date` filter gives the same text on every
 *   machine (plans must be deterministic).
 *
 * Filters for notes are registered through `registerFilter` (see `./filters`).
 */
export function createRuleEngine(): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    templates: {},
    relativeReference: false,
    dynamicPartials: false,
    timezoneOffset: 0,
    locale: 'en-US',
    parseLimit: 100_000,
  });
  registerNoteFilters(liquid);
  return liquid;
}
