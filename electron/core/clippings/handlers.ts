import type { Handlers } from '../../contract/methods.ts';
import type { Core } from '../context.ts';
import { listClippings, setFlags, setNote, setText, updateClipping } from './edit.ts';
import { addContent, importPaths } from './import.ts';
import { reextractMany } from './reextract.ts';
import { emptyTrash, listTrash, restoreClippings, trashClippings } from './trash.ts';
import { versionsOf, versionText } from './versions.ts';

type Area = Pick<
  Handlers,
  | 'clippings.import'
  | 'clippings.add'
  | 'clippings.cancelImport'
  | 'clippings.reextract'
  | 'clippings.versions'
  | 'clippings.versionText'
  | 'clippings.get'
  | 'clippings.list'
  | 'clippings.update'
  | 'clippings.setText'
  | 'clippings.setFlags'
  | 'clippings.setNote'
  | 'clippings.delete'
  | 'trash.list'
  | 'trash.restore'
  | 'trash.empty'
>;

/**
 * The clippings area wired to the contract: getting captures in (`import.ts`),
 * re-extraction (`reextract.ts`), versions (`versions.ts`), reading and editing
 * (`edit.ts`) and the trash (`trash.ts`).
 */
export function clippingHandlers(core: Core): Area {
  return {
    'clippings.import': (args, ctx) => underJob(core, args.job, ctx.signal, (signal) => importPaths(core, args, { ...ctx, signal })),
    'clippings.add': (args, ctx) => underJob(core, args.job, ctx.signal, (signal) => addContent(core, args, signal)),
    'clippings.cancelImport': ({ job }) => ({ running: core.jobs.cancel(job) }),
    'clippings.reextract': (args, ctx) => reextractMany(core, args, ctx),
    'clippings.versions': ({ id }) => versionsOf(core, id),
    'clippings.versionText': ({ id, version }) => versionText(core, id, version),
    'clippings.get': ({ id }) => core.detail(id),
    'clippings.list': (args) => listClippings(core, args),
    'clippings.update': (args) => updateClipping(core, args),
    'clippings.setText': (args) => setText(core, args),
    'clippings.setFlags': (args) => setFlags(core, args),
    'clippings.setNote': (args) => setNote(core, args),
    'clippings.delete': ({ selection }) => trashClippings(core, selection),
    'trash.list': () => listTrash(core),
    'trash.restore': ({ selection }) => restoreClippings(core, selection),
    'trash.empty': ({ olderThanDays }) => emptyTrash(core, olderThanDays),
  };
}

/** Runs an import under its job id (if any), so `clippings.cancelImport` can stop it. */
async function underJob<T>(core: Core, job: string | undefined, outer: AbortSignal | undefined, run: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  const { signal, end } = core.jobs.begin(job, outer);
  try {
    return await run(signal);
  } finally {
    end();
  }
}
