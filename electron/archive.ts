/**
 * The Cuttings core: implements every method of the contract (`api.ts`). Handlers are
 * grouped by area in `handlers/` and merged here into one map; the Electron IPC
 * channel, the loopback HTTP server and the CLI all call `archive.call(method, args)`,
 * so they share validation, behaviour and errors.
 */
import { openDatabase, type Db, type OpenOptions } from '../db/open.ts';
import { ApiError, isMethodName, parseArgs, type ArgsOut, type CallContext, type Handlers, type MethodName, type Results } from './api.ts';
import { Core, TRASH_DAYS } from './core.ts';
import { annotationHandlers } from './handlers/annotations.ts';
import { captureHandlers } from './handlers/capture.ts';
import { clippingHandlers } from './handlers/clippings.ts';
import { exportHandlers } from './handlers/export.ts';
import { searchHandlers } from './handlers/search.ts';
import { tagHandlers } from './handlers/tags.ts';

export class Archive {
  readonly db: Db;
  private readonly handlers: Handlers;

  constructor(
    readonly file: string,
    options: OpenOptions = {},
    clock: () => Date = () => new Date(),
  ) {
    this.db = openDatabase(file, options);
    const core = new Core(this.db, file, clock);
    this.handlers = {
      ...captureHandlers(core),
      ...clippingHandlers(core),
      ...tagHandlers(core),
      ...annotationHandlers(core),
      ...searchHandlers(core),
      ...exportHandlers(core),
    };
    if (!options.readonly) void this.handlers['trash.empty']({ olderThanDays: TRASH_DAYS }, {});
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Validates `rawArgs` against the contract and runs the method. */
  async call<M extends MethodName>(method: M, rawArgs: unknown, ctx: CallContext = {}): Promise<Results[M]> {
    if (!isMethodName(method)) throw new ApiError('unknown_method', `unknown method "${String(method)}"`);
    const args = parseArgs(method, rawArgs);
    const handler = this.handlers[method] as (a: ArgsOut<M>, c: CallContext) => Results[M] | Promise<Results[M]>;
    return await handler(args, ctx);
  }
}
