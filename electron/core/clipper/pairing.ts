/**
 * Pairing a browser with the clipper: the extension asks (`clipper.pair`) and gets a
 * secret request id and a short code; the app shows "Allow this browser to add
 * clippings?" with the same code; on approval a token of the browser's own is made,
 * stored only as its SHA-256 (db/clipper.ts), and handed out once, to whoever holds the
 * request id (`clipper.pairStatus`). Requests live in memory: a restart forgets them.
 * The clipper's "open it" requests wait here too, for the app's window to take them.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { ApiError } from '../../contract/errors.ts';
import type { PairRequest, PairStatus, PairTicket } from '../../contract/shapes.ts';

/** At most this many requests wait at once (a page cannot flood the app with prompts: it cannot reach the endpoint, but a misbehaving extension could). */
export const MAX_PENDING_PAIRINGS = 5;
/** A request not answered within this long is forgotten. */
export const PAIRING_TTL_MS = 10 * 60_000;

interface Request extends PairRequest {
  state: 'pending' | 'approved' | 'denied';
  token?: string;
  at: number;
}

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export class Pairing {
  /** By the secret request id. */
  private readonly requests = new Map<string, Request>();
  private nextId = 1;

  constructor(private readonly clock: () => Date) {}

  private sweep(): void {
    const now = this.clock().getTime();
    for (const [secret, r] of this.requests) if (now - r.at > PAIRING_TTL_MS) this.requests.delete(secret);
  }

  request(name: string): PairTicket {
    this.sweep();
    if ([...this.requests.values()].filter((r) => r.state === 'pending').length >= MAX_PENDING_PAIRINGS) {
      throw new ApiError('conflict', 'Too many browsers are waiting to be paired: answer them in Cuttings first.');
    }
    const secret = randomBytes(24).toString('base64url');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = this.clock();
    this.requests.set(secret, { id: this.nextId++, name, code, requestedAt: now.toISOString(), state: 'pending', at: now.getTime() });
    return { request: secret, code };
  }

  /** The answer to a request; an approval's token is given once, then the request is gone. */
  status(secret: string): PairStatus {
    this.sweep();
    const r = this.requests.get(secret);
    if (!r) return { state: 'unknown' };
    if (r.state === 'pending') return { state: 'pending' };
    this.requests.delete(secret);
    return r.state === 'approved' ? { state: 'approved', token: r.token! } : { state: 'denied' };
  }

  pending(): PairRequest[] {
    this.sweep();
    return [...this.requests.values()].filter((r) => r.state === 'pending').map(({ id, name, code, requestedAt }) => ({ id, name, code, requestedAt }));
  }

  /** Approves a pending request: `mint` stores the token's hash and gives what to return. */
  approve<T>(id: number, mint: (name: string, tokenHash: string) => T): T {
    const r = this.pendingById(id);
    const token = randomBytes(32).toString('base64url');
    const made = mint(r.name, hashToken(token));
    r.state = 'approved';
    r.token = token;
    return made;
  }

  deny(id: number): void {
    this.pendingById(id).state = 'denied';
  }

  /** A clipping the clipper asked the app to show, until the app's window takes it (or a minute passes). */
  private openRequest: { id: number; at: number } | null = null;

  requestOpen(id: number): void {
    this.openRequest = { id, at: this.clock().getTime() };
  }

  takeOpenRequest(): number | null {
    const r = this.openRequest;
    this.openRequest = null;
    return r && this.clock().getTime() - r.at <= 60_000 ? r.id : null;
  }

  private pendingById(id: number): Request {
    this.sweep();
    const r = [...this.requests.values()].find((x) => x.id === id && x.state === 'pending');
    if (!r) throw new ApiError('not_found', `no browser is waiting to be paired under number ${id} (requests are forgotten after ${PAIRING_TTL_MS / 60_000} minutes)`);
    return r;
  }
}
