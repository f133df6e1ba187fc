/** Bringing clippings in: import captures, and re-extract the stored ones. */
import type { ImportResult } from '../../contract/shapes.ts';
import { call, idArg, JSON_OPT, UsageError, type Command } from '../args.ts';
import { one, pad, printImportResult, progressBar, s } from '../format.ts';

export const IMPORT_COMMANDS: Record<string, Command> = {
  import: {
    usage: 'import <file|folder|url>... [--tag T]... [--json | --jsonl]',
    summary: 'Import captures (saved pages, MHTML, e-mail, PDF, Markdown, text copies, .gz, http(s) URLs); folders are walked.',
    options: { ...JSON_OPT, jsonl: { type: 'boolean' }, tag: { type: 'string', short: 't', multiple: true } },
    arity: [1, Infinity],
    run: async ({ archive, args, values, io }) => {
      const bar = io.errIsTty && !values.json && !values.jsonl ? progressBar(io) : undefined;
      // Each result is printed as soon as its clipping is committed (--jsonl: one JSON object a line).
      const onItem = values.json ? undefined : values.jsonl ? (r: ImportResult) => io.json(r, { line: true }) : (r: ImportResult) => printImportResult(r, io);
      // Ctrl-C stops the import cleanly: the capture being extracted is dropped, what was
      // stored stays, the rest is not tried (exit code 130, as for SIGINT).
      const interrupt = new AbortController();
      const stopListening = io.onInterrupt?.(() => interrupt.abort()) ?? (() => {});
      // The extraction worker (the process's shared pool's, which the archive uses) loads
      // the extractors while the archive opens, rather than after, at the first capture.
      (await import('../../core/capture/worker/pool.ts')).sharedCapturePool().prestart();
      let report;
      try {
        report = await archive().call('clippings.import', { paths: args, tags: (values.tag as string[] | undefined) ?? [] }, {
          ...(bar ? { onProgress: bar } : {}),
          ...(onItem ? { onItem } : {}),
          signal: interrupt.signal,
        });
      } finally {
        stopListening();
      }
      if (values.json) io.json(report.results);
      else if (!values.jsonl) {
        const notTried = report.notTried ? `, ${report.notTried} not tried` : '';
        io.err(`${report.added} added, ${report.updated ? `${report.updated} updated, ` : ''}${report.duplicates} duplicate${s(report.duplicates)}, ${report.errors} error${s(report.errors)}${notTried}`);
      }
      if (report.skipped) io.err(`skipped ${report.skipped} file${s(report.skipped)} that are not captures`);
      // Why it stopped early (a full disk, Ctrl-C), last, so it is the line the user reads.
      if (report.stopped) io.err(`cuttings import: ${one(report.stopped)}`);
      if (interrupt.signal.aborted && report.stopped) return 130;
      return report.errors > 0 || report.notTried > 0 ? 1 : 0;
    },
  },
  reextract: {
    usage: 'reextract <id>... | --all  [--json]',
    summary: 'Re-run extraction from the stored captures (tags, notes, highlights and hand edits are kept).',
    options: { ...JSON_OPT, all: { type: 'boolean' } },
    arity: [0, Infinity],
    run: async ({ archive, args, values, io }) => {
      if (Boolean(values.all) === args.length > 0) throw new UsageError('reextract: give clipping ids or --all');
      const progress = io.errIsTty ? progressBar(io) : undefined;
      const r = await call(archive(), 'clippings.reextract', values.all ? { all: true } : { ids: args.map(idArg) }, progress);
      if (values.json) io.json(r.results);
      else
        for (const x of r.results) {
          if (x.error) io.err(`error      ${one(x.error)}`);
          else io.out(`${pad(x.id)}  ${x.changed.length ? `changed: ${x.changed.map(one).join(', ')}` : 'unchanged'}; highlights ${x.annotations.anchored} anchored, ${x.annotations.orphaned} orphaned`);
        }
      if (r.notTried.length) {
        const more = r.notTried.length > 20 ? `, … (${r.notTried.length} clippings)` : '';
        io.err(`not tried: ${r.notTried.slice(0, 20).map((id) => `#${id}`).join(', ')}${more}`);
      }
      if (r.stopped) io.err(`cuttings reextract: ${one(r.stopped)}`);
      return r.results.some((x) => x.error) || r.notTried.length > 0 ? 1 : 0;
    },
  },
};
