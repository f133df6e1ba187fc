/**
 * The one error class of the contract. The core throws it; every door carries it as
 * the `error` of an envelope; every client turns that back into the same class. Plain
 * TypeScript: the renderer imports it.
 */

/**
 * `unreachable`: the client could not reach the core at all (browser mode's server has stopped).
 * `forbidden`: the door may not do this (a plain path from the page; an unknown, used or revoked grant).
 * `disk_full`: the disk (or the user's quota) has no room left: nothing of the failed write was
 * kept, and the message names what was being stored or written; it works again once space is freed.
 */
export type ApiErrorCode = 'invalid_args' | 'forbidden' | 'unknown_method' | 'not_found' | 'bad_input' | 'conflict' | 'internal' | 'unreachable' | 'disk_full';

/** An error meant for the user: a code and one clear sentence. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
  toJSON(): { code: ApiErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** What travels back for every call, over IPC and HTTP alike. */
export type Envelope = { ok: true; result: unknown } | { ok: false; error: { code: ApiErrorCode; message: string } };

/** The HTTP status of each error code in browser mode. */
export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  invalid_args: 400,
  forbidden: 403,
  unknown_method: 404,
  not_found: 404,
  bad_input: 422,
  conflict: 409,
  internal: 500,
  unreachable: 503,
  disk_full: 507,
};

/** The result of an envelope, or its error as an ApiError. */
export function unwrap(envelope: unknown): unknown {
  const e = envelope as { ok?: boolean; result?: unknown; error?: { code: ApiErrorCode; message: string } } | null;
  if (e && e.ok === true) return e.result;
  if (e && e.ok === false && e.error) throw new ApiError(e.error.code, e.error.message);
  throw new ApiError('internal', 'The Cuttings core sent a reply that cannot be read.');
}
