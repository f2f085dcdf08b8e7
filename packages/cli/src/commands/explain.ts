import {
  createUseCases,
  RUN_MODULES,
  ZenHireConnectError,
  type AtsConnector,
  type ConnectorRegistry,
  type RunExplanation,
  type RunModule,
  type RunRef,
} from '@zenhire-connect/core';
import { CliError, ExitCode } from '../exit-codes';
import { line, type CliIo } from '../io';
import { withApp, type GlobalOptions } from './context';

/**
 * A registry whose connectors can only preview: `applyPlan`, `resolveRecord` and webhook
 * handling throw `EXPLAIN_READ_ONLY`, so `explain` provably sends nothing to the ATS
 * (`previewPlan` is computed from config and caches).
 */
export function previewOnlyRegistry(registry: ConnectorRegistry): ConnectorRegistry {
  const refuse = (what: string) => () => {
    throw new ZenHireConnectError(
      'EXPLAIN_READ_ONLY',
      `explain sends nothing to the ATS; ${what} is not available in a dry run`,
    );
  };
  const wrap = (connector: AtsConnector): AtsConnector => ({
    name: connector.name,
    type: connector.type,
    capabilities: connector.capabilities,
    previewPlan: (plan) => connector.previewPlan(plan),
    applyPlan: refuse('applyPlan'),
    resolveRecord: refuse('resolveRecord (the link needs an ATS read)'),
    verifyWebhook: refuse('verifyWebhook'),
    parseWebhook: refuse('parseWebhook'),
  });
  return {
    get: (name) => wrap(registry.get(name)),
    find: (name) => {
      const c = registry.find(name);
      return c ? wrap(c) : undefined;
    },
    has: (name) => registry.has(name),
    names: () => registry.names(),
    resolve: () => {
      throw new ZenHireConnectError('EXPLAIN_READ_ONLY', 'explain resolves no connector service');
    },
    close: async () => undefined,
  };
}

/** `speech:req_1` → `{ module, id }`; `req_1` → the id (module from the store). */
export function parseRunArgument(text: string, module?: string): string | RunRef {
  const match = /^([a-z_]+):(.+)$/.exec(text);
  const m = module ?? match?.[1];
  const id = module ? text : (match?.[2] ?? text);
  if (m === undefined) return id;
  if (!(RUN_MODULES as readonly string[]).includes(m)) {
    throw new CliError(
      'RUN_MODULE_UNKNOWN',
      `unknown module "${m}"; one of ${RUN_MODULES.join(', ')}`,
      ExitCode.USAGE,
    );
  }
  return { module: m as RunModule, id };
}

/**
 * `explain <run>`: dry run of collect + plan for one run (DESIGN.md "explain"): reads the
 * run from ZenHire (GET only), prints its Link, Assessment, every matching mapping's
 * WritePlan and the exact HTTP requests the connector would send (`previewPlan`). Writes
 * nothing anywhere and sends nothing to the ATS.
 * @throws CliError `RUN_NOT_FOUND` (3) when only an id is given and the store does not know it.
 */
export function explainCommand(
  run: string,
  options: GlobalOptions & { module?: string },
  io: CliIo,
): Promise<number> {
  const ref = parseRunArgument(run, options.module);
  return withApp(options, io, 'none', async (app) => {
    const useCases = createUseCases({
      store: app.store,
      gateway: app.gateway,
      connectors: previewOnlyRegistry(app.registry),
      clock: app.clock,
      rules: { triggers: [], mappings: app.loaded.mappings, linkRules: app.loaded.linkRules },
      options: { retry: app.loaded.config.worker, apiBaseUrl: app.loaded.config.zenhire.baseUrl },
    });
    let explanation: RunExplanation;
    try {
      explanation = await useCases.explainRun(ref);
    } catch (error) {
      if (error instanceof ZenHireConnectError && error.code === 'RUN_NOT_FOUND') {
        throw new CliError('RUN_NOT_FOUND', error.message, ExitCode.NOT_FOUND);
      }
      throw error;
    }
    if (options.json) line(io.stdout, JSON.stringify(explanation, null, 2));
    else printExplanation(explanation, io);
    return ExitCode.OK;
  });
}

function printExplanation(e: RunExplanation, io: CliIo): void {
  const out = (text = '') => line(io.stdout, text);
  out(
    `Run ${e.run.module}:${e.run.id}  status ${e.run.status}${e.run.terminal ? ' (terminal)' : ''}`,
  );
  if (e.link.linked) {
    const l = e.link.link;
    out(
      `Link  ${l.record.connector} candidate ${l.record.candidateId || '-'} application ${l.record.applicationId ?? '-'}` +
        `${l.triggerId ? `  trigger ${l.triggerId}` : ''}${l.parentRunId ? `  parent run ${l.parentRunId}` : ''}  (${l.source.kind === 'scheme' ? 'zc1' : `rule ${l.source.rule}`})`,
    );
  } else {
    out(`Link  none: ${e.link.reason} (${e.link.detail})`);
  }
  const a = e.assessment;
  if (a) {
    out(
      `Assessment  ${a.status}  score ${a.score ?? '-'}/${a.maxScore}  ${a.percent ?? '-'}%  CEFR ${a.cefr ?? '-'}` +
        `${a.lowConfidence ? `  low confidence (${a.lowConfidenceReasons.join(', ')})` : ''}${a.fraudDetected ? '  fraud signals' : ''}`,
    );
    for (const d of a.dimensions) {
      out(
        `  ${d.label}: ${d.value ?? '-'}/${d.max}  ${d.percent ?? '-'}%${d.cefr ? `  ${d.cefr}` : ''}`,
      );
    }
  }
  switch (e.action) {
    case 'not_terminal':
      out('Nothing to plan yet: the run is not terminal.');
      return;
    case 'unlinked':
      out('Nothing to plan: the run is not linked to an ATS record.');
      return;
    case 'unsupported':
      out('Nothing to plan: ZenHire gives no per-run result for this module.');
      return;
    case 'chain':
      out(
        'Next step: the completed interview would be chained into speech analysis of its recording;',
      );
      out('the speech run is what gets planned (explain it once it exists).');
      return;
    case 'plan':
      break;
  }
  if (e.plans.length === 0) out('No mapping matches this run.');
  for (const p of e.plans) {
    out();
    out(
      `WritePlan  mapping ${p.mapping} → ${p.plan.connector}  (hash ${p.plan.hash.slice(0, 12)})`,
    );
    if (p.existingDelivery) {
      out(
        `  already enqueued: delivery ${p.existingDelivery.id} ${p.existingDelivery.status} (attempts ${p.existingDelivery.attempts})`,
      );
    }
    p.plan.operations.forEach((op, i) => out(`  ${i + 1}. ${JSON.stringify(op)}`));
    for (const s of p.plan.skipped ?? []) out(`  skipped ${JSON.stringify(s)}`);
    out(`  HTTP requests it would send (${p.calls.length}; none sent):`);
    for (const call of p.calls) {
      out(`    ${call.method} ${call.url}${call.note ? `   # ${call.note}` : ''}`);
      if (call.body !== undefined) out(`      ${JSON.stringify(call.body)}`);
    }
  }
}
