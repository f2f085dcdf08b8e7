import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendError } from '../error-response';
import { rawBodyOf } from './ats-webhooks';

/** The four Assessment Partner endpoints Greenhouse calls (greenhouse-api.md §4.2). */
export type PartnerEndpointName = 'list_tests' | 'send_test' | 'test_status' | 'response_error';

/** HTTP method of each endpoint (§4.2). */
export const PARTNER_ENDPOINTS: Record<PartnerEndpointName, 'GET' | 'POST'> = {
  list_tests: 'GET',
  send_test: 'POST',
  test_status: 'GET',
  response_error: 'POST',
};

/**
 * A framework-neutral Assessment Partner handler, structurally the Greenhouse connector's
 * `AssessmentPartnerApi` (resolve it with
 * `registry.resolve(name, GreenhouseAssessmentPartner)` once `AssessmentPartnerPorts` is
 * bound). `body` is the parsed JSON body of POSTs, `undefined` for GETs; header names are
 * lower-case. The handler checks the Basic auth itself.
 */
export interface PartnerApiHandler {
  handle(request: {
    method: string;
    path: PartnerEndpointName;
    headers: Record<string, string | string[] | undefined>;
    query: Record<string, string | string[] | undefined>;
    body: unknown;
  }): Promise<{ status: number; body: unknown; headers?: Record<string, string> }>;
}

/**
 * `GET /partner/:connector/list_tests`, `POST …/send_test`, `GET …/test_status`,
 * `POST …/response_error` → the instance's {@link PartnerApiHandler}; 404 for an instance
 * without one. The handler's status, headers and body are sent as they are (Greenhouse's
 * shapes). A POST body that is not JSON → 400 before the handler is called. Logged: instance,
 * endpoint, status (never the body: it carries candidate names and e-mail).
 */
export function registerPartnerRoutes(
  app: FastifyInstance,
  partnerApis: ReadonlyMap<string, PartnerApiHandler>,
): void {
  for (const [endpoint, method] of Object.entries(PARTNER_ENDPOINTS) as [
    PartnerEndpointName,
    'GET' | 'POST',
  ][]) {
    app.route<{
      Params: { connector: string };
      Querystring: Record<string, string | string[] | undefined>;
    }>({
      method,
      url: `/partner/:connector/${endpoint}`,
      handler: async (request, reply): Promise<FastifyReply> => {
        const name = request.params.connector;
        const api = partnerApis.get(name);
        if (!api) {
          return sendError(
            reply,
            404,
            'PARTNER_API_NOT_FOUND',
            'no Assessment Partner endpoints for this connector instance',
          );
        }
        let body: unknown;
        const raw = rawBodyOf(request);
        if (method === 'POST' && raw.length > 0) {
          try {
            body = JSON.parse(raw.toString('utf8'));
          } catch {
            return sendError(reply, 400, 'BODY_NOT_JSON', 'the request body is not JSON');
          }
        }
        const response = await api.handle({
          method: request.method,
          path: endpoint,
          headers: request.headers,
          query: request.query,
          body,
        });
        request.log.info(
          { connector: name, endpoint, status: response.status },
          'assessment partner call',
        );
        if (response.headers) reply.headers(response.headers);
        return reply.code(response.status).send(response.body);
      },
    });
  }
}
