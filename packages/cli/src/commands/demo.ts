import { runDemo, type DemoReport } from '../demo/run-demo';
import { ExitCode } from '../exit-codes';
import { line, type CliIo } from '../io';
import { formatMs } from '../output/duration';
import { renderTable } from '../output/table';
import { commandLogger, type GlobalOptions } from './context';

/** Options of `demo`. */
export interface DemoCommandOptions {
  candidates?: number;
  keep?: string;
}

/**
 * `demo`: the whole flow end to end against local sandboxes (see `runDemo`), no
 * configuration needed. Prints the per-candidate table and the figures; exit 0 when every
 * candidate's scores are in Greenhouse, 4 when anything is missing.
 */
export async function demoCommand(
  options: GlobalOptions & DemoCommandOptions,
  io: CliIo,
): Promise<number> {
  const logger = commandLogger(options, io, 'error');
  const report = await runDemo({
    candidates: options.candidates ?? 12,
    ...(options.keep ? { keepDir: options.keep } : {}),
    logger,
    onStep: options.json ? undefined : (text) => line(io.stdout, `• ${text}`),
  });
  if (options.json) line(io.stdout, JSON.stringify(report, null, 2));
  else printReport(report, io);
  return report.ok ? ExitCode.OK : ExitCode.CHECK_FAILED;
}

function printReport(report: DemoReport, io: CliIo): void {
  const out = (text = '') => line(io.stdout, text);
  out();
  out(
    renderTable(
      [
        'candidate',
        'CEFR',
        'fluency %',
        'overall %',
        'written to Greenhouse',
        'new stage',
        'check',
      ],
      report.rows.map((r) => [
        r.candidate,
        r.cefr ?? '-',
        r.fluencyPercent ?? '-',
        r.overallPercent ?? '-',
        r.written.join(', ') || '-',
        r.newStage,
        r.problems.length === 0 ? 'ok' : r.problems.join('; '),
      ]),
    ),
  );
  const f = report.figures;
  out();
  out('Figures');
  out(
    `  ZenHire calls per completed run:  ${f.zenhireCallsPerCompletedRun}  (${f.zenhireCalls} calls / ${f.completedRuns} runs: session, collect listings, recording, speech submit and result)`,
  );
  for (const [endpoint, n] of Object.entries(f.zenhireCallsByEndpoint))
    out(`      ${String(n).padStart(4)}  ${endpoint}`);
  out(
    `  ATS calls per write-back:         ${f.atsCallsPerWriteBack}  (${f.atsCallsWriteBack} Greenhouse calls / ${f.writeBacks} write-backs, metadata and token included)`,
  );
  for (const [endpoint, n] of Object.entries(f.atsCallsByEndpoint))
    out(`      ${String(n).padStart(4)}  ${endpoint}`);
  out(`  ATS calls while triggering:       ${f.atsCallsTrigger}`);
  out(
    `  end-to-end (first move → last write-back): ${formatMs(f.endToEndMs)} real, ${formatMs(f.documentedMs)} documented ZenHire time`,
  );
  out(`  median per candidate:             ${formatMs(f.medianCandidateMs)}`);
  out(`  demo total:                       ${formatMs(f.totalMs)}`);
  out();
  for (const p of report.problems) out(`problem: ${p}`);
  const verified = report.rows.filter((r) => r.problems.length === 0).length;
  out(
    report.ok
      ? `verified: all ${report.rows.length} candidates have their scores in the Greenhouse sandbox.`
      : `NOT verified: ${report.rows.length - verified} of ${report.rows.length} candidates lack writes (see the check column).`,
  );
}
