/**
 * The sync client (docs/team-archive.md): join a team server, push the outbox (captures
 * the server lacks first), pull every change after the cursor page by page — each page
 * applied in short SQLite transactions that move the cursor with them (slices.ts), so an
 * interrupted pull resumes after the last one applied — and leave. Reading, searching and
 * editing never wait for it: only the short write transactions touch the archive.
 */
import { createHash } from 'node:crypto';
import { SyncRepo, type OutboxOp, type SyncOp } from '../../../db/sync.ts';
import { ApiError } from '../../contract/errors.ts';
import type { ClippingAuthors, SyncReport, TeamStatus } from '../../contract/shapes.ts';
import type { Core } from '../context.ts';
import { BUNDLE_BYTES, BUNDLE_COUNT, decodeBundle, encodeBundle, type BundledBlob } from './bundle.ts';
import { PROTOCOL } from './protocol.ts';
import { applyInSlices, inSlices } from './slices.ts';

/** Operations per push: as many as the server takes. */
export const PUSH_BATCH = 1000;
/** Operations per pull page. */
export const PULL_PAGE = 1000;
/** The waits (ms) before sending a request again after a network failure. */
const RETRIES = [100, 500, 2000];

interface Hello {
  protocol: number;
  user: string;
  role: string;
}

/** Answers that mean "the server is there but cannot serve now": sent again like a network failure. */
const TRY_AGAIN = new Set([502, 503, 504]);

/**
 * One request to the team server, read whole by `read`; its refusals become ApiErrors that
 * say what to do. Every request of the protocol is idempotent (a push by its op ids), so
 * one that failed on the way (a kept-alive connection the server had just closed, a
 * dropped network, an answer cut off in the middle, a server whose database is restarting)
 * is sent again, a few times, before the sync gives up.
 */
async function request<T>(server: string, token: string, method: string, path: string, body: unknown, read: (res: Response) => Promise<T>, headers: Record<string, string> = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    let failure: string;
    try {
      const res = await fetch(new URL(path, server), {
        method,
        headers: { ...headers, authorization: `Bearer ${token}`, ...(body instanceof Uint8Array ? {} : body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : body instanceof Uint8Array ? new Blob([body as Uint8Array<ArrayBuffer>]) : JSON.stringify(body),
      });
      if (res.ok) return await read(res);
      const message = await res
        .json()
        .then((j: { error?: string }) => j.error ?? res.statusText)
        .catch(() => res.statusText);
      if (!TRY_AGAIN.has(res.status)) refused(server, res.status, message);
      failure = `it answered ${res.status}: ${message}`;
    } catch (err) {
      if (err instanceof ApiError) throw err;
      failure = String((err as Error).cause ?? (err as Error).message);
    }
    if (attempt >= RETRIES.length) throw new ApiError('unreachable', `the team server at ${server} cannot be reached (${failure})`);
    await new Promise((resolve) => setTimeout(resolve, RETRIES[attempt]));
  }
}

function refused(server: string, status: number, message: string): never {
  if (status === 401) throw new ApiError('forbidden', `the team server refused the token: ${message}`);
  if (status === 403) throw new ApiError('forbidden', `the team server refused: ${message}`);
  if (status === 409) throw new ApiError('conflict', `the team server: ${message}`);
  if (status === 400 || status === 413) throw new ApiError('bad_input', `the team server: ${message}`);
  if (status === 404) throw notTeamServer(server, `it answered 404: ${message}`);
  throw new ApiError('unreachable', `the team server at ${server} answered ${status}: ${message}`);
}

function getJson<T>(server: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  return request(server, token, method, path, body, (res) => res.json() as Promise<T>);
}

/**
 * Sends the captures the server lacks: in bundles, a few thousand per request at a first
 * sync; one larger than a bundle alone. A capture's images the server lacks go in a
 * bundle before it (each once, however many captures share it).
 */
async function uploadCaptures(repo: SyncRepo, server: string, token: string, shas: readonly string[]): Promise<void> {
  let bundle: BundledBlob[] = [];
  let bytes = 0;
  const send = async () => {
    if (bundle.length) await request(server, token, 'POST', 'v1/blobs/put', encodeBundle(bundle), (res) => res.arrayBuffer());
    bundle = [];
    bytes = 0;
  };
  const add = async (blob: BundledBlob) => {
    if (bytes + blob.bytes.byteLength > BUNDLE_BYTES || bundle.length >= BUNDLE_COUNT) await send();
    bundle.push(blob);
    bytes += blob.bytes.byteLength;
  };
  const images = new Map(shas.map((sha) => [sha, repo.captureImages(sha)]));
  const imagesToSend = await missingImages(server, token, [...new Set([...images.values()].flat().map((r) => r.sha256))]);
  for (const sha of shas) {
    const c = repo.capture(sha);
    if (!c) continue;
    const resources = images.get(sha) ?? [];
    for (const r of resources) {
      const image = imagesToSend.has(r.sha256) ? repo.image(r.sha256) : null;
      if (!image) continue;
      imagesToSend.delete(r.sha256);
      await add({ sha256: r.sha256, mediaType: image.mediaType, capturedAt: null, sourceUrl: null, bytes: new Uint8Array(image.bytes) });
    }
    const blob = { sha256: sha, mediaType: c.mediaType, capturedAt: c.capturedAt, sourceUrl: c.sourceUrl, bytes: new Uint8Array(c.bytes), resources };
    if (blob.bytes.byteLength > BUNDLE_BYTES) {
      await send();
      await request(server, token, 'PUT', `v1/blobs/${sha}`, blob.bytes, (res) => res.arrayBuffer(), {
        'x-media-type': blob.mediaType,
        'x-captured-at': blob.capturedAt,
        'x-source-url': encodeURIComponent(blob.sourceUrl ?? ''),
        ...(resources.length ? { 'x-resources': encodeURIComponent(JSON.stringify(resources)) } : {}),
      });
      continue;
    }
    await add(blob);
  }
  await send();
}

/** Which of these images the server lacks. */
async function missingImages(server: string, token: string, shas: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < shas.length; i += 10_000) {
    const { missing } = await getJson<{ missing: string[] }>(server, token, 'POST', 'v1/blobs/missing', { sha256: shas.slice(i, i + 10_000) });
    for (const s of missing) out.add(s);
  }
  return out;
}

/** Uploads the captures a batch of the outbox names that the server lacks. */
async function sendCaptures(repo: SyncRepo, server: string, token: string, batch: readonly OutboxOp[]): Promise<void> {
  const shas = [...new Set(batch.flatMap((o) => (o.kind === 'clipping' && typeof (o.value as { capture?: unknown }).capture === 'string' ? [(o.value as { capture: string }).capture] : [])))];
  if (!shas.length) return;
  const { missing } = await getJson<{ missing: string[] }>(server, token, 'POST', 'v1/blobs/missing', { sha256: shas });
  await uploadCaptures(repo, server, token, missing);
}

/**
 * Fetches the captures a pulled page names and this archive lacks, in bundles (the server
 * sends as many as fit in one and the client asks again for the rest), each checked
 * against its SHA-256 and stored with its images, in short transactions (slices.ts),
 * before the page is applied.
 */
async function downloadCaptures(core: Core, repo: SyncRepo, server: string, token: string, shas: readonly string[]): Promise<void> {
  await fetchBlobs(server, token, shas, async (got) => {
    // Their images this archive lacks (held here already: copied from the capture that has them).
    const lacking = [...new Set(got.flatMap((b) => (b.resources ?? []).map((r) => r.sha256)))].filter((sha) => repo.image(sha) === null);
    const images = new Map<string, Uint8Array>();
    await fetchBlobs(server, token, lacking, async (batch) => {
      for (const b of batch) images.set(b.sha256, b.bytes);
    });
    const store = (slice: readonly BundledBlob[]) =>
      core.write(() => {
        for (const b of slice) {
          const resources = b.resources?.map((r) => ({ ...r, bytes: images.get(r.sha256) }));
          repo.addCapture({ sha256: b.sha256, mediaType: b.mediaType, capturedAt: b.capturedAt || core.now(), sourceUrl: b.sourceUrl, bytes: b.bytes, resources });
        }
      });
    await inSlices(got, store, 8);
  });
}

/** Fetches blobs (captures or images) by SHA-256, a bundle at a time, each checked against its digest and handed to `take`. */
async function fetchBlobs(server: string, token: string, shas: readonly string[], take: (got: BundledBlob[]) => Promise<void>): Promise<void> {
  let rest = shas;
  while (rest.length) {
    const ask = rest.slice(0, BUNDLE_COUNT);
    const asked = new Set(ask);
    const got = await request(server, token, 'POST', 'v1/blobs/get', { sha256: ask }, async (res) => decodeBundle(new Uint8Array(await res.arrayBuffer())));
    if (!got.length) throw new ApiError('unreachable', `the team server has no capture ${ask[0]} although a clipping it sent names it`);
    for (const b of got) {
      if (!asked.has(b.sha256)) throw new ApiError('bad_input', `the team server sent a capture that was not asked for (${b.sha256.slice(0, 64)})`);
      if (createHash('sha256').update(b.bytes).digest('hex') !== b.sha256) throw new ApiError('bad_input', `the team server sent a capture whose bytes do not match its SHA-256 (${b.sha256})`);
    }
    await take(got);
    const done = new Set(got.map((b) => b.sha256));
    rest = rest.filter((sha) => !done.has(sha));
  }
}

interface PulledPage {
  ops: Array<SyncOp & { seq: number }>;
  next: number;
  more: boolean;
}

/** The captures a pulled page names that this archive lacks (its own replica's it has). */
function neededCaptures(repo: SyncRepo, ops: PulledPage['ops'], replica: string): string[] {
  const needed = new Set<string>();
  for (const op of ops) {
    const sha = op.kind === 'clipping' ? (op.value as { capture?: unknown }).capture : null;
    if (typeof sha === 'string' && op.replica !== replica && !repo.hasCapture(sha)) needed.add(sha);
  }
  return [...needed];
}

export function teamStatus(core: Core): TeamStatus {
  const repo = new SyncRepo(core.db);
  const s = repo.state();
  return { joined: s.joined, server: s.server, user: s.userName, role: s.role, replica: s.replica, cursor: s.cursor, pending: s.joined ? repo.pending() : 0, lastSync: s.lastSync, overridden: repo.overriddenCount() };
}

/** Who did what to a clipping, from the version rows and replica names held here (docs/team-archive.md). */
export function clippingAuthors(core: Core, id: number): ClippingAuthors {
  const repo = new SyncRepo(core.db);
  const authors = repo.authors(id);
  if (!authors) throw new ApiError('not_found', `no clipping ${id}`);
  return { joined: repo.state().joined, ...authors };
}

export async function joinTeam(core: Core, server: string, token: string): Promise<TeamStatus> {
  const repo = new SyncRepo(core.db);
  if (repo.state().joined) throw new ApiError('conflict', `this archive is already in a team (${repo.state().server}): leave it first`);
  let base: string;
  try {
    base = new URL(server).toString();
  } catch {
    throw new ApiError('invalid_args', `not an address: ${server}`);
  }
  if (!/^https?:$/.test(new URL(base).protocol)) throw new ApiError('invalid_args', `a team server's address starts with http:// or https://, not ${server}`);
  const hello = await request(base, token, 'GET', 'v1/hello', undefined, (res) => readHello(base, res)).catch((err: unknown) => {
    const away = err instanceof ApiError && err.code === 'unreachable' ? / cannot be reached \((.*)\)$/.exec(err.message) : null;
    if (away) throw new ApiError('unreachable', `no team server answers at ${base} (${away[1]}): check the address`);
    throw err;
  });
  core.write(() => repo.join({ server: base, token, replica: repo.newUuid(), userName: hello.user, role: hello.role }));
  return teamStatus(core);
}

function notTeamServer(base: string, why: string): ApiError {
  return new ApiError('not_found', `${base} is not a Cuttings team server, or one of another version (${why}): check the address`);
}

/** The server's hello, or an ApiError naming why it is not one this client can join. */
async function readHello(base: string, res: Response): Promise<Hello> {
  const hello = (await res.json().catch(() => null)) as Partial<Hello> | null;
  if (!hello || typeof hello.protocol !== 'number' || typeof hello.user !== 'string' || typeof hello.role !== 'string') throw notTeamServer(base, 'its answer to /v1/hello is not a team server’s');
  if (hello.protocol !== PROTOCOL) {
    throw new ApiError('conflict', `the team server at ${base} speaks version ${hello.protocol} of the sync protocol and this Cuttings speaks version ${PROTOCOL}: update ${hello.protocol > PROTOCOL ? 'Cuttings' : 'the team server'} so that both are the same version`);
  }
  return hello as Hello;
}

export function leaveTeam(core: Core): TeamStatus {
  const repo = new SyncRepo(core.db);
  core.write(() => repo.leave());
  return teamStatus(core);
}

/** Pushes the outbox, then pulls and applies every change after the cursor. */
export async function syncTeam(core: Core): Promise<SyncReport> {
  const repo = new SyncRepo(core.db);
  const s = repo.state();
  if (!s.joined || !s.server || !s.token || !s.replica) throw new ApiError('conflict', 'this archive is not in a team: "cuttings team join URL --token T" first');
  const { server, token, replica } = s;
  let pushed = 0;
  // A reader shares only its read state (the server refuses anything else from it): its
  // other changes stay in this archive, and leave the outbox so the sync is not stuck.
  const notShared = s.role === 'reader' ? core.write(() => repo.dropShared()) : 0;
  // Push, batch by batch, in order; the captures of the next batch go up while this one is pushed.
  let batch = repo.outbox(PUSH_BATCH);
  let captures = sendCaptures(repo, server, token, batch);
  while (batch.length) {
    await captures;
    const pushing = getJson<{ applied: number; duplicates: number }>(server, token, 'POST', 'v1/push', { replica, ops: batch.map(({ seq: _seq, ...op }) => op) });
    const following = repo.outbox(PUSH_BATCH, batch[batch.length - 1]!.seq);
    captures = sendCaptures(repo, server, token, following);
    // Both are awaited below; a failure of one while the other is awaited is not an unhandled one.
    pushing.catch(() => undefined);
    captures.catch(() => undefined);
    pushed += (await pushing).applied;
    core.write(() => repo.acknowledge(batch[batch.length - 1]!.seq));
    batch = following;
  }
  // Pull, page by page: the next page (and the captures it names) is fetched while this
  // one is applied, so the server's and the network's time hides behind the archive's.
  let pulled = 0;
  let conflicts = 0;
  let cursor = repo.state().cursor;
  const fetchPage = async (after: number) => {
    const page = await getJson<PulledPage>(server, token, 'GET', `v1/pull?after=${after}&limit=${PULL_PAGE}`);
    await downloadCaptures(core, repo, server, token, neededCaptures(repo, page.ops, replica));
    return page;
  };
  let next = fetchPage(cursor);
  for (;;) {
    const page = await next;
    if (page.more) {
      next = fetchPage(page.next);
      // Awaited at the next turn; a failure meanwhile is not an unhandled one.
      next.catch(() => undefined);
    }
    const applied = await applyInSlices(page.ops, page.next, (slice, upTo) => core.write(() => repo.applyPage(slice, upTo, core.now(), (id, text) => void core.reanchorAll(id, text))));
    pulled += applied.applied;
    conflicts += applied.conflicts;
    cursor = page.next;
    if (!page.more) break;
  }
  core.write(() => repo.synced(core.now()));
  if (pulled > 0) core.changed();
  return { pushed, pulled, conflicts, cursor, pending: repo.pending(), notShared };
}
