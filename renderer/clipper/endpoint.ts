/**
 * The clipper's side of the loopback endpoint (electron/clipper-server.ts): finds the
 * app on 127.0.0.1 (ports 27183–27187, probed in order, the one that answered
 * remembered) and calls the contract's `clipper.*` methods with this browser's token.
 */
import type { ArgsIn, Results } from '../../electron/contract/methods.ts';

export const PORTS = [27183, 27184, 27185, 27186, 27187];
const TOKEN_HEADER = 'X-Cuttings-Clipper-Token';

type ClipperMethod = 'clipper.preview' | 'clipper.add' | 'clipper.find' | 'clipper.annotate' | 'clipper.names' | 'clipper.open' | 'clipper.pair' | 'clipper.pairStatus';

/** Cuttings could not be reached (not running, or no answer on any port). */
export class Unreachable extends Error {}

/** The endpoint answered with an error (its code and sentence), or an HTTP status for no envelope. */
export class EndpointError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Stored {
  port?: number;
  token?: string;
}

const stored = (): Promise<Stored> => chrome.storage.local.get(['port', 'token']) as Promise<Stored>;

async function hello(port: number): Promise<boolean> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/clipper/hello`, { signal: AbortSignal.timeout(1500) });
    const body = (await r.json()) as { result?: { app?: string } };
    return r.ok && body.result?.app === 'cuttings';
  } catch {
    return false;
  }
}

/** The port Cuttings answers on: the remembered one if it still does, else the first of PORTS that does. */
export async function findPort(remembered?: number): Promise<number> {
  if (remembered && (await hello(remembered))) return remembered;
  for (const port of PORTS) {
    if (port !== remembered && (await hello(port))) {
      await chrome.storage.local.set({ port });
      return port;
    }
  }
  throw new Unreachable('Cuttings is not running (or its clipper endpoint is off).');
}

async function post(port: number, method: string, args: unknown, token?: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/clipper/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { [TOKEN_HEADER]: token } : {}) },
    body: JSON.stringify(args),
  });
}

export async function call<M extends ClipperMethod>(method: M, args: ArgsIn<M>): Promise<Results[M]> {
  const s = await stored();
  let port = s.port ?? PORTS[0]!;
  let res: Response;
  try {
    res = await post(port, method, args, s.token);
  } catch {
    // Nothing on the remembered port: the app may have started on another one.
    port = await findPort(s.port);
    try {
      res = await post(port, method, args, s.token);
    } catch {
      throw new Unreachable('Cuttings is not running.');
    }
  }
  type Envelope = { ok?: boolean; result?: unknown; error?: { code: string; message: string } };
  const body = (await res.json().catch(() => null)) as Envelope | null;
  if (res.ok && body?.ok) return body.result as Results[M];
  throw new EndpointError(res.status, body?.error?.code ?? 'internal', body?.error?.message ?? `Cuttings answered ${res.status}.`);
}

export async function isPaired(): Promise<boolean> {
  return Boolean((await stored()).token);
}

export async function saveToken(token: string | null): Promise<void> {
  if (token) await chrome.storage.local.set({ token });
  else await chrome.storage.local.remove('token');
}
