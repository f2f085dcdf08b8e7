import { ZenHireConnectError } from '../errors';

/**
 * Loading connector plugins or building connector instances failed. Codes:
 * - `PLUGIN_NOT_FOUND`: a plugin specifier (package name or path) does not resolve;
 * - `PLUGIN_INVALID`: the module does not export a valid `ConnectorPlugin` (type,
 *   configSchema, containerModule), failed while loading, or bound a connector that does not
 *   match its instance;
 * - `PLUGIN_DUPLICATE_TYPE`: two plugins declare the same `type`;
 * - `CONNECTOR_TYPE_UNKNOWN`: an instance names a `type` no plugin provides;
 * - `CONNECTOR_CONFIG_INVALID`: an instance's config fails its plugin's `configSchema`
 *   (`details.issues` holds paths and messages only, never values, so no secret leaks);
 * - `CONNECTOR_NOT_FOUND`: no configured instance has that name.
 */
export class PluginError extends ZenHireConnectError {
  constructor(
    code:
      | 'PLUGIN_NOT_FOUND'
      | 'PLUGIN_INVALID'
      | 'PLUGIN_DUPLICATE_TYPE'
      | 'CONNECTOR_TYPE_UNKNOWN'
      | 'CONNECTOR_CONFIG_INVALID'
      | 'CONNECTOR_NOT_FOUND',
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(code, message, details);
  }
}
