/**
 * The one binding of the contract to a transport: a call arrives as (method, args),
 * is validated and run by the archive, and leaves as a JSON envelope. Electron IPC
 * (`ipc.ts`) and the loopback HTTP server (`server.ts`) both use it, so neither lists
 * methods of its own. Both are untrusted doors: each passes its grants (`places`), so
 * files are named only through grants, never by a path the page typed. `route` places a
 * read among the archive's readers (readers/pool.ts) when it has them.
 */
import { isMethodName, type CallContext, type PlaceResolver } from '../contract/methods.ts';
import { ApiError, type Envelope } from '../contract/errors.ts';
import type { Archive } from './archive.ts';
import type { ReadOptions } from './readers/pool.ts';
import { DatabaseError } from '../../db/open.ts';

export async function dispatch(archive: Archive, method: unknown, args: unknown, ctx: CallContext & { places: PlaceResolver }, route?: ReadOptions): Promise<Envelope> {
  try {
    if (!isMethodName(method)) throw new ApiError('unknown_method', `unknown method "${String(method).slice(0, 100)}"`);
    return { ok: true, result: await archive.call(method, args as never, ctx, route) };
  } catch (err) {
    return { ok: false, error: toApiError(err).toJSON() };
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof DatabaseError) return new ApiError('internal', err.message);
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError('internal', `internal error: ${message}`);
}
