import {
  CreditsResponseSchema,
  HealthResponseSchema,
  type CreditsResponse,
  type HealthResponse,
} from '../schemas/universal';
import type { ModuleContext } from './context';

/** Universal endpoints (zenhire-api.md §8, §9). */
export const UNIVERSAL_PATHS = { credits: '/api/v1/credits', health: '/api/v1/health' } as const;

/** `GET /api/v1/credits`: balance, usage, recent transactions (field names [not found]). */
export async function getCredits(
  ctx: ModuleContext,
  signal?: AbortSignal,
): Promise<CreditsResponse> {
  const result = await ctx.transport.request({
    module: 'universal',
    method: 'GET',
    endpoint: UNIVERSAL_PATHS.credits,
    schema: CreditsResponseSchema,
    signal,
  });
  return result.data;
}

/** `GET /api/v1/health`, sent without `X-API-Key` (the only key-less endpoint, §1). */
export async function getHealth(ctx: ModuleContext, signal?: AbortSignal): Promise<HealthResponse> {
  const result = await ctx.transport.request({
    module: 'universal',
    method: 'GET',
    endpoint: UNIVERSAL_PATHS.health,
    schema: HealthResponseSchema,
    auth: false,
    signal,
  });
  return result.data;
}
