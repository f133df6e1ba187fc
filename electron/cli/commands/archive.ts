/** The archive as a whole: export, backup, restore (a backup, or one clipping from the trash), library import, stats. */
import { EXPORT_FORMATS } from '../../contract/shapes.ts';
import { call, JSON_OPT, jsonOr, SELECTION_OPT, selectionArg, UsageError, type Command } from '../args.ts';
import { one, s } from '../format.ts';

export const ARCHIVE_COMMANDS: Record<string, Command> = {
  export: {
    usage: `export <id>... | --query SEARCH | --all  --format ${EXPORT_FORMATS.join('|')} [--digest] [--group-by tag|outlet|day] [--highlights-only] [--title T] --out PATH`,
    summary: 'Export clippings (one file, a press-review digest, or a folder with one file each).',
    options: {
      ...JSON_OPT,
      ...SELECTION_OPT,
      format: { type: 'string', short: 'f' },
      digest: { type: 'boolean' },
      'group-by': { type: 'string' },
      'highlights-only': { type: 'boolean' },
      title: { type: 'string' },
      out: { type: 'string', short: 'o' },
    },
    arity: [0, Infinity],
    run: async ({ archive, args, values, io }) => {
      const selection = selectionArg('export', args, values);
      if (!values.format) throw new UsageError(`export: --format is required (${EXPORT_FORMATS.join(', ')})`);
      if (!values.out) throw new UsageError('export: --out PATH is required');
      const r = await call(archive(), 'export.write', {
        selection,
        format: values.format,
        digest: Boolean(values.digest),
        groupBy: values['group-by'],
        highlightsOnly: Boolean(values['highlights-only']),
        title: values.title,
        out: values.out,
      });
      if (values.json) io.json(r);
      else for (const f of r.files) io.out(one(f));
      io.err(`exported ${r.clippings} clipping${s(r.clippings)} as ${r.format} (${r.files.length} file${s(r.files.length)})`);
      return 0;
    },
  },
  backup: {
    usage: 'backup <file>',
    summary: 'Copy the archive to a file (safe while the app or another command uses it).',
    arity: [1, 1],
    run: async ({ archive, args, io }) => {
      const r = await call(archive(), 'archive.backup', { file: args[0] });
      io.out(`backed up to ${one(r.file)} (${(r.bytes / 1024 / 1024).toFixed(1)} MB)`);
      return 0;
    },
  },
  restore: {
    usage: 'restore <id>... | restore --all | restore <backup-file> [--force]',
    summary: 'Bring clippings back from the trash (--all: the whole trash), or replace the archive with a backup (validated first).',
    options: { force: { type: 'boolean' }, all: { type: 'boolean' } },
    arity: [0, Infinity],
    run: async ({ archive, args, values, io }) => {
      const target = args[0];
      if (values.all || (target !== undefined && /^\d+$/.test(target))) {
        if (values.force) throw new UsageError('restore: --force is for restoring a backup file');
        const r = await call(archive(), 'trash.restore', { selection: selectionArg('restore', args, values) });
        io.out(`${r.restored} clipping${s(r.restored)} restored from the trash`);
        return 0;
      }
      if (args.length !== 1) throw new UsageError('restore: give clipping ids, --all, or one backup file');
      const r = await call(archive(), 'archive.restore', { file: target, force: Boolean(values.force) });
      io.out(`restored ${r.clippings} clipping${s(r.clippings)} from ${one(r.file)}${r.fromVersion < r.schemaVersion ? ` (upgraded from schema ${r.fromVersion})` : ''}`);
      return 0;
    },
  },
  'import-archive': {
    usage: 'import-archive <library.json>',
    summary: 'Load a whole-library JSON export (cuttings export --all --format json) into an empty archive.',
    arity: [1, 1],
    run: async ({ archive, args, io }) => {
      const r = await call(archive(), 'archive.importLibrary', { file: args[0] });
      io.out(`imported ${r.clippings} clipping${s(r.clippings)}, ${r.annotations} annotation${s(r.annotations)}, ${r.tags} tag${s(r.tags)}`);
      return 0;
    },
  },
  stats: {
    usage: 'stats [--json]',
    summary: 'Counts and size of the archive.',
    options: JSON_OPT,
    arity: [0, 0],
    run: async ({ archive, values, io }) => {
      const st = await call(archive(), 'archive.stats', {});
      return jsonOr(values, io, st, () => io.out(`${st.clippings} clippings (${st.trashed} in the trash), ${st.tags} tags, ${st.annotations} annotations (${st.orphanedAnnotations} orphaned), ${(st.dbBytes / 1024 / 1024).toFixed(1)} MB (${one(archive().file)})`));
    },
  },
};
