/**
 * Builds a `CuttingsApi` (every contract method as an async function) over any
 * transport that carries (method, args) and brings back a dispatch envelope. The
 * preload uses it over IPC, browser mode over HTTP.
 */
import type { ApiErrorCode, CuttingsApi, MethodName } from './methods.ts';

export type Transport = (method: MethodName, args: unknown) => Promise<unknown>;

/** An error thrown by the core, as seen by a client: the same code and message. */
export class CuttingsError extends Error {
  override name = 'CuttingsError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function createClient(methods: readonly MethodName[], transport: Transport): CuttingsApi {
  const api: Record<string, (args: unknown) => Promise<unknown>> = {};
  for (const m of methods) {
    api[m] = async (args: unknown) => unwrap(await transport(m, args ?? {}));
  }
  return Object.freeze(api) as unknown as CuttingsApi;
}

export function unwrap(envelope: unknown): unknown {
  const e = envelope as { ok?: boolean; result?: unknown; error?: { code: ApiErrorCode; message: string } } | null;
  if (e && e.ok === true) return e.result;
  if (e && e.ok === false && e.error) throw new CuttingsError(e.error.code, e.error.message);
  throw new CuttingsError('internal', 'malformed reply from the Cuttings core');
}
