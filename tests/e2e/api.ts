import type { MethodName, Results } from '../../electron/contract/methods.ts';
import type { Served } from './harness.ts';

/** A contract call over the served HTTP API (what the page does), for set-up and checks. */
export async function call<M extends MethodName>(served: Served, method: M, args: unknown): Promise<Results[M]> {
  const res = await fetch(`${served.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Cuttings-Token': served.token },
    body: JSON.stringify(args),
  });
  const env = (await res.json()) as { ok: boolean; result?: Results[M]; error?: { code: string; message: string } };
  if (!env.ok) throw Object.assign(new Error(env.error?.message ?? 'call failed'), { code: env.error?.code });
  return env.result!;
}
