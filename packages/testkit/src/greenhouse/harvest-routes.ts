import type { FastifyReply, FastifyRequest } from 'fastify';
import { GreenhousePartnerCallError } from './assessment-partner';
import { GreenhouseApiError } from './errors';
import type { GreenhouseSandbox } from './greenhouse-sandbox';
import {
  appliedTagJson,
  applicationJson,
  candidateJson,
  customFieldJson,
  customFieldOptionJson,
  jobJson,
  noteJson,
  stageJson,
  userJson,
} from './harvest-json';
import type { IssuedToken } from './oauth';
import { pageOf, readPageRequest } from './pagination';
import { GreenhouseSeedError } from './store';
import { GreenhouseWebhookConfigError } from './webhook-dispatcher';
import { candidateWebhookBody } from './webhook-payloads';

type Req = FastifyRequest & { greenhouseToken?: IssuedToken };

/** Most ids a `*_ids` filter takes (§2.2, [3P]). */
export const MAX_FILTER_IDS = 50;

/**
 * Registers `POST /token` and the Harvest v3 routes on the sandbox's fastify app.
 *
 * Every `/v3` request: bearer token check (401 `{message}` when missing, unknown or expired),
 * then the rolling-window rate limit per OAuth client (`X-RateLimit-Limit`,
 * `X-RateLimit-Remaining` on every authenticated response; 429 `{message}` with
 * `Retry-After` in whole seconds), then a GET with a body → 403 (§1.4).
 */
export function registerHarvestRoutes(gh: GreenhouseSandbox): void {
  const { app, store } = gh;

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  // Empty JSON bodies are accepted (clients send `Content-Type: application/json` on bodiless
  // POST/PATCH, e.g. the partner's completion PATCH, §4.3); malformed JSON is a 400.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (String(body).trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(String(body)));
    } catch {
      done(
        Object.assign(new Error('Request body is not valid JSON'), { statusCode: 400 }),
        undefined,
      );
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    if (error instanceof GreenhouseApiError) return reply.code(error.status).send(error.body());
    // in-process errors surfacing through the inspection API
    if (error instanceof GreenhousePartnerCallError)
      return reply.code(502).send({ message: error.message });
    if (error instanceof GreenhouseSeedError || error instanceof GreenhouseWebhookConfigError)
      return reply.code(422).send({ message: error.message });
    if (error instanceof RangeError) return reply.code(404).send({ message: error.message });
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    return reply
      .code(status)
      .send({ message: status === 500 ? 'Internal Server Error' : error.message });
  });

  app.post('/token', async (request, reply) => {
    const result = gh.tokens.issue(
      request.headers.authorization,
      (request.body ?? {}) as Record<string, unknown>,
      request.query as Record<string, unknown>,
    );
    return reply.code(result.status).header('Cache-Control', 'no-store').send(result.body);
  });

  app.addHook('preHandler', async (request: Req, reply) => {
    if (!request.url.startsWith('/v3/')) return;
    const token = gh.tokens.verify(request.headers.authorization);
    if (!token) {
      return reply.code(401).send({ message: 'Invalid or expired access token' });
    }
    request.greenhouseToken = token;
    if (gh.rateLimiter) {
      const decision = gh.rateLimiter.take(token.clientId);
      reply.header('X-RateLimit-Limit', String(decision.limit));
      reply.header('X-RateLimit-Remaining', String(decision.remaining));
      if (!decision.allowed) {
        reply.header('Retry-After', String(gh.time.retryAfterSeconds(decision.retryAfterMs)));
        return reply.code(429).send({ message: 'Rate limit exceeded' });
      }
    }
    if (request.method === 'GET' && Number(request.headers['content-length'] ?? 0) > 0) {
      return reply.code(403).send({ message: 'A body is not allowed on GET requests' });
    }
  });

  /** Lists with cursor pagination, after the route's filter. */
  const list = <T>(
    path: string,
    items: (filters: Record<string, string>) => T[],
    render: (item: T) => unknown,
  ) => {
    app.get(path, async (request, reply) => {
      const page = readPageRequest(request.query as Record<string, unknown>);
      if (!page.ok) throw new GreenhouseApiError(422, 'Validation error', [page.error]);
      const all = items(page.page.filters);
      const pageUrl = `http://${request.headers.host ?? new URL(gh.url).host}${path}`;
      const result = pageOf(all, page.page, pageUrl);
      if (result.link) reply.header('Link', result.link);
      return result.items.map(render);
    });
  };

  const ids = (filters: Record<string, string>, key: string): Set<number> | undefined => {
    const raw = filters[key];
    if (raw === undefined || raw === '') return undefined;
    const parts = raw.split(',').map((s) => s.trim());
    if (parts.length > MAX_FILTER_IDS)
      throw GreenhouseApiError.validation(key, `${key} accepts at most ${MAX_FILTER_IDS} ids`);
    const out = new Set<number>();
    for (const p of parts) {
      if (!/^\d+$/.test(p))
        throw GreenhouseApiError.validation(key, `${key} must be a comma-separated list of ids`);
      out.add(Number(p));
    }
    return out;
  };
  const keep = (set: Set<number> | undefined, id: number | null) =>
    !set || (id !== null && set.has(id));
  const byId = <T extends { id: number }>(a: T, b: T) => a.id - b.id;
  const idParam = (request: FastifyRequest): number => {
    const id = Number((request.params as { id: string }).id);
    if (!Number.isInteger(id)) throw GreenhouseApiError.notFound('Resource');
    return id;
  };

  // ---- reads ----------------------------------------------------------------------------

  app.get('/v3/applications/:id', async (request) =>
    applicationJson(store, gh.requireApplication(idParam(request))),
  );
  list(
    '/v3/applications',
    (f) => {
      const [i, c, j, s] = [
        ids(f, 'ids'),
        ids(f, 'candidate_ids'),
        ids(f, 'job_ids'),
        ids(f, 'current_stage_ids'),
      ];
      return [...store.applications.values()]
        .filter(
          (a) =>
            keep(i, a.id) &&
            keep(c, a.candidate_id) &&
            keep(j, a.job_id) &&
            keep(s, a.current_stage_id),
        )
        .filter((a) => f.status === undefined || a.status === f.status)
        .sort(byId);
    },
    (a) => applicationJson(store, a),
  );

  app.get('/v3/candidates/:id', async (request) => {
    const c = store.candidates.get(idParam(request));
    if (!c) throw GreenhouseApiError.notFound('Candidate');
    return candidateJson(store, c);
  });
  list(
    '/v3/candidates',
    (f) => {
      const i = ids(f, 'ids');
      const email = f.email?.toLowerCase();
      return [...store.candidates.values()]
        .filter((c) => keep(i, c.id))
        .filter((c) => !email || c.email_addresses.some((e) => e.value.toLowerCase() === email))
        .sort(byId);
    },
    (c) => candidateJson(store, c),
  );

  app.get('/v3/jobs/:id', async (request) => {
    const j = store.jobs.get(idParam(request));
    if (!j) throw GreenhouseApiError.notFound('Job');
    return jobJson(store, j);
  });
  list(
    '/v3/jobs',
    (f) => {
      const i = ids(f, 'ids');
      return [...store.jobs.values()]
        .filter((j) => keep(i, j.id) && (f.status === undefined || j.status === f.status))
        .sort(byId);
    },
    (j) => jobJson(store, j),
  );

  app.get('/v3/job_interview_stages/:id', async (request) => {
    const s = store.stages.get(idParam(request));
    if (!s) throw GreenhouseApiError.notFound('Job interview stage');
    return stageJson(store, s);
  });
  list(
    '/v3/job_interview_stages',
    (f) => {
      const [i, j] = [ids(f, 'ids'), ids(f, 'job_ids')];
      return [...store.stages.values()]
        .filter((s) => keep(i, s.id) && keep(j, s.job_id))
        .sort((a, b) => a.job_id - b.job_id || a.priority - b.priority || a.id - b.id);
    },
    (s) => stageJson(store, s),
  );

  app.get('/v3/custom_fields/:id', async (request) => {
    const field = store.customFields.get(idParam(request));
    if (!field) throw GreenhouseApiError.notFound('Custom field');
    return customFieldJson(field);
  });
  list(
    '/v3/custom_fields',
    (f) => {
      const i = ids(f, 'ids');
      const includeInactive = f.include_inactive === 'true';
      return [...store.customFields.values()]
        .filter(
          (c) => keep(i, c.id) && (f.field_type === undefined || c.field_type === f.field_type),
        )
        .filter((c) => includeInactive || c.active)
        .sort(byId);
    },
    customFieldJson,
  );
  list(
    '/v3/custom_field_options',
    (f) => {
      const fieldIds = ids(f, 'custom_field_ids') ?? ids(f, 'custom_field_id');
      return [...store.customFields.values()]
        .filter((c) => keep(fieldIds, c.id))
        .sort(byId)
        .flatMap((c) => c.options.map((o) => ({ ...o, custom_field_id: c.id })));
    },
    (o) => ({ ...customFieldOptionJson(o), custom_field_id: o.custom_field_id }),
  );

  list(
    '/v3/rejection_reasons',
    (f) => [...store.rejectionReasons.values()].filter((r) => keep(ids(f, 'ids'), r.id)).sort(byId),
    (r) => r,
  );
  list(
    '/v3/candidate_tags',
    (f) => [...store.candidateTags.values()].filter((t) => keep(ids(f, 'ids'), t.id)).sort(byId),
    (t) => t,
  );
  list(
    '/v3/applied_candidate_tags',
    (f) => {
      const [i, c, t] = [ids(f, 'ids'), ids(f, 'candidate_ids'), ids(f, 'candidate_tag_ids')];
      return [...store.appliedCandidateTags.values()]
        .filter((r) => keep(i, r.id) && keep(c, r.candidate_id) && keep(t, r.candidate_tag_id))
        .sort(byId);
    },
    appliedTagJson,
  );
  list(
    '/v3/notes',
    (f) => {
      const [i, c, a] = [ids(f, 'ids'), ids(f, 'candidate_ids'), ids(f, 'application_ids')];
      return [...store.notes.values()]
        .filter((n) => keep(i, n.id) && keep(c, n.candidate_id) && keep(a, n.application_id))
        .sort(byId);
    },
    (n) => noteJson(store, n),
  );
  app.get('/v3/users/:id', async (request) => {
    const u = store.users.get(idParam(request));
    if (!u) throw GreenhouseApiError.notFound('User');
    return userJson(store, u);
  });
  list(
    '/v3/users',
    (f) => {
      const i = ids(f, 'ids');
      const email = f.email?.toLowerCase();
      return [...store.users.values()]
        .filter((u) => keep(i, u.id))
        .filter(
          (u) => !email || [u.email, ...u.other_emails].some((e) => e.toLowerCase() === email),
        )
        .sort(byId);
    },
    (u) => userJson(store, u),
  );

  // ---- writes ---------------------------------------------------------------------------

  const bodyOf = (request: FastifyRequest): Record<string, unknown> => {
    const b = request.body;
    if (b === undefined || b === null) return {};
    if (typeof b !== 'object' || Array.isArray(b))
      throw GreenhouseApiError.validation('body', 'body must be a JSON object');
    return b as Record<string, unknown>;
  };
  const actor = (request: Req) => request.greenhouseToken?.sub ?? null;
  const noContent = (reply: FastifyReply) => reply.code(204).send();

  app.patch('/v3/applications/:id', async (request) => {
    const a = gh.requireApplication(idParam(request));
    gh.updateApplication(a, bodyOf(request));
    return applicationJson(store, a);
  });
  app.post('/v3/applications/:id/move', async (request, reply) => {
    gh.move(gh.requireApplication(idParam(request)), bodyOf(request));
    return noContent(reply);
  });
  app.post('/v3/applications/:id/reject', async (request: Req, reply) => {
    gh.reject(gh.requireApplication(idParam(request)), bodyOf(request), actor(request));
    return noContent(reply);
  });
  app.post('/v3/applications/:id/unreject', async (request, reply) => {
    gh.unreject(gh.requireApplication(idParam(request)));
    return noContent(reply);
  });
  app.post('/v3/notes', async (request: Req, reply) => {
    const note = gh.addNote(bodyOf(request), actor(request));
    return reply.code(201).send(noteJson(store, note));
  });
  app.post('/v3/candidate_tags', async (request, reply) => {
    const name = bodyOf(request).name;
    if (typeof name !== 'string' || name.trim() === '')
      throw GreenhouseApiError.validation('name', 'name is required');
    const { tag, created } = store.tagNamed(name);
    return reply.code(created ? 201 : 200).send(tag);
  });
  app.post('/v3/applied_candidate_tags', async (request, reply) => {
    const body = bodyOf(request);
    const candidate = store.candidates.get(Number(body.candidate_id));
    const tag = store.candidateTags.get(Number(body.candidate_tag_id));
    const errors = [];
    if (!candidate)
      errors.push({ field: 'candidate_id', message: 'candidate_id is not a candidate' });
    if (!tag)
      errors.push({
        field: 'candidate_tag_id',
        message: 'candidate_tag_id is not a candidate tag',
      });
    if (!candidate || !tag) throw new GreenhouseApiError(422, 'Validation error', errors);
    const { row, created } = store.applyTag(candidate.id, tag.id, gh.nowIso());
    if (created) gh.webhooks.emit('update_candidate', () => candidateWebhookBody(store, candidate));
    return reply.code(created ? 201 : 200).send(appliedTagJson(row));
  });
  app.delete('/v3/applied_candidate_tags/:id', async (request, reply) => {
    const row = store.appliedCandidateTags.get(idParam(request));
    if (!row) throw GreenhouseApiError.notFound('Applied candidate tag');
    store.appliedCandidateTags.delete(row.id);
    const candidate = store.candidates.get(row.candidate_id);
    if (candidate)
      gh.webhooks.emit('update_candidate', () => candidateWebhookBody(store, candidate));
    return noContent(reply);
  });

  // ---- Assessment Partner callback (§4.3) ----------------------------------------------

  app.patch('/integrations/testing_partners/take_home_tests/:id', async (request, reply) => {
    const status = gh.partner.receiveCompletion(idParam(request), request.headers.authorization);
    return reply
      .code(status)
      .send(
        status === 200 ? undefined : { message: status === 401 ? 'Unauthorized' : 'Not found' },
      );
  });
}
