/**
 * A full disk. SQLite reports it as SQLITE_FULL (at a statement, at commit or while
 * copying a database), the file system as ENOSPC (or EDQUOT when the user's quota is
 * used up). Every write that fails this way would fail again until space is freed, so
 * a batch stops at the first one (see `importPaths`, `reextractMany`) and the error says
 * so in words, with the `disk_full` code, naming what was being stored or written.
 */
import { ApiError } from '../contract/errors.ts';

/** True when `err` says the disk (or the quota) has no room left. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || (typeof code === 'string' && code.startsWith('SQLITE_FULL'));
}

/** The error to show: `what` says what was not stored or written, and what became of it. */
export function diskFullError(what: string): ApiError {
  return new ApiError('disk_full', `disk full: ${what}. Free some space and try again.`);
}

/** Runs `fn`; a full disk becomes `diskFullError(what)`, any other error goes on unchanged. */
export async function orDiskFull<T>(what: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw isDiskFull(err) ? diskFullError(what) : err;
  }
}
