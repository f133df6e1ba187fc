/**
 * Grants (contract/places.ts): opaque ids that stand for a path the user chose in one of
 * the main process's dialogs, dropped on the window, uploaded or will download. The
 * page holds the id, never needs the path; the door that issued the grant keeps the
 * store and hands it to `Archive.call` as the call's `places`.
 *
 * Ids are 128 random bits. Single-use grants go on first use (whether the call then
 * succeeds or not), or unused after `ONCE_TTL_MS`; lasting ones (only folders) stay
 * until revoked and, with a `file`, survive restarts in that JSON file (the app's
 * settings).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../contract/errors.ts';
import type { PlaceResolver, PlaceUse } from '../contract/methods.ts';
import { GRANT_RE, type GrantInfo, type GrantKind, type PlaceRef } from '../contract/places.ts';

interface Grant {
  path: string;
  kind: GrantKind;
  once: boolean;
  label: string;
  issuedAt: number;
  temporary: boolean;
}

/** How many resolved temporary copies keep their user's name (more than one import call takes). */
const TEMPORARY_NAMES_KEPT = 10_000;

/** How long a single-use grant waits for its use (a dialog's answer, an upload). */
export const ONCE_TTL_MS = 60 * 60 * 1000;

export interface GrantOptions {
  once: boolean;
  /** What the page may show; defaults to the file name. */
  label?: string;
  /** The path is the door's own temporary copy (an upload): what uses it records the label, not the path. */
  temporary?: boolean;
}

/** Which grant kinds serve each use of a place. */
const ACCEPTS: Record<PlaceUse, readonly GrantKind[]> = {
  import: ['read', 'folder'],
  read: ['read', 'folder'],
  write: ['write', 'folder'],
};

export class GrantStore implements PlaceResolver {
  private readonly grants = new Map<string, Grant>();
  /** Temporary copies resolved lately (path → the user's name for it), the oldest forgotten first. */
  private readonly temporaryNames = new Map<string, string>();

  /** `file`: where lasting grants are kept between runs (none when omitted). */
  constructor(
    private readonly file?: string,
    private readonly now: () => number = Date.now,
  ) {
    if (file) this.load(file);
  }

  issue(target: string, kind: GrantKind, opts: GrantOptions): GrantInfo {
    if (!path.isAbsolute(target)) throw new ApiError('invalid_args', 'a grant needs an absolute path');
    if (!opts.once && kind !== 'folder') throw new ApiError('invalid_args', 'only folders can be granted for good');
    this.prune();
    const id = `g${randomBytes(16).toString('hex')}`;
    const grant: Grant = { path: target, kind, once: opts.once, label: opts.label ?? (opts.once ? path.basename(target) : target), issuedAt: this.now(), temporary: opts.temporary ?? false };
    this.grants.set(id, grant);
    if (!grant.once) this.save();
    return info(id, grant);
  }

  resolve(ref: PlaceRef, use: PlaceUse): string {
    this.prune();
    const grant = GRANT_RE.test(ref.grant) ? this.grants.get(ref.grant) : undefined;
    if (!grant) throw new ApiError('forbidden', 'this file permission is unknown, was already used or was revoked: choose the file again');
    if (!ACCEPTS[use].includes(grant.kind)) throw new ApiError('forbidden', `this file permission is for ${grant.kind === 'read' ? 'reading' : 'writing'}, not for ${use === 'write' ? 'writing' : 'reading'}`);
    if (ref.name !== undefined && grant.kind !== 'folder') throw new ApiError('invalid_args', 'a file name goes only with a folder permission');
    if (grant.once) this.grants.delete(ref.grant);
    if (grant.temporary) this.remember(grant.path, grant.label);
    if (ref.name === undefined) return grant.path;
    if (!isPlainFileName(ref.name)) throw new ApiError('invalid_args', `"${ref.name.slice(0, 100)}" is not a plain file name`);
    return path.join(grant.path, ref.name);
  }

  knownAs(resolved: string): string | undefined {
    return this.temporaryNames.get(resolved);
  }

  private remember(resolved: string, name: string): void {
    this.temporaryNames.delete(resolved);
    this.temporaryNames.set(resolved, name);
    if (this.temporaryNames.size > TEMPORARY_NAMES_KEPT) this.temporaryNames.delete(this.temporaryNames.keys().next().value!);
  }

  /** The lasting grants (single-use ones are the page's own business and short-lived). */
  list(): GrantInfo[] {
    return [...this.grants].filter(([, g]) => !g.once).map(([id, g]) => info(id, g));
  }

  revoke(id: string): boolean {
    const g = this.grants.get(id);
    if (!g) return false;
    this.grants.delete(id);
    if (!g.once) this.save();
    return true;
  }

  /** Whether the grant is still there (unused, unexpired, unrevoked). */
  has(id: string): boolean {
    this.prune();
    return this.grants.has(id);
  }

  /** Single-use grants left unused too long go. */
  private prune(): void {
    const now = this.now();
    for (const [id, g] of this.grants) if (g.once && now - g.issuedAt > ONCE_TTL_MS) this.grants.delete(id);
  }

  private load(file: string): void {
    let saved: unknown;
    try {
      saved = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return; // none yet, or unreadable: start with none
    }
    const list = (saved as { lasting?: unknown })?.lasting;
    if (!Array.isArray(list)) return;
    for (const e of list as { id?: unknown; path?: unknown; label?: unknown }[]) {
      if (typeof e.id === 'string' && GRANT_RE.test(e.id) && typeof e.path === 'string' && path.isAbsolute(e.path)) {
        this.grants.set(e.id, { path: e.path, kind: 'folder', once: false, label: typeof e.label === 'string' ? e.label : e.path, issuedAt: this.now(), temporary: false });
      }
    }
  }

  private save(): void {
    if (!this.file) return;
    const lasting = [...this.grants].filter(([, g]) => !g.once).map(([id, g]) => ({ id, path: g.path, label: g.label }));
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify({ lasting }, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

function info(id: string, g: Grant): GrantInfo {
  return { grant: id, kind: g.kind, label: g.label, lasting: !g.once };
}

/** A name inside a folder: no separators, not `.`/`..`, no control characters. */
export function isPlainFileName(name: string): boolean {
  return name !== '.' && name !== '..' && !/[/\\\u0000-\u001f]/.test(name) && name.trim() === name && name.length > 0;
}

const WEB_ADDRESS = /^https?:\/\//i;

/**
 * The places of a call made into paths. From an untrusted door (`places` given) only
 * grants are accepted — web addresses too where the use is `import`; from a trusted
 * door (no `places`) only plain paths.
 */
export function resolvePlaces(method: string, fields: Readonly<Record<string, PlaceUse>>, args: Record<string, unknown>, places: PlaceResolver | undefined): Record<string, unknown> {
  const one = (field: string, use: PlaceUse, v: unknown): string => {
    if (typeof v === 'string') {
      if (!places || (use === 'import' && WEB_ADDRESS.test(v))) return v;
      throw new ApiError('forbidden', `${method}: "${field}" must be a file you chose in Cuttings (a grant), not a path typed into the page`);
    }
    if (!places) throw new ApiError('invalid_args', `${method}: "${field}" is a grant, which only the app and browser mode issue; give a path`);
    return places.resolve(v as PlaceRef, use);
  };
  const out = { ...args };
  for (const [field, use] of Object.entries(fields)) {
    const v = args[field];
    if (v === undefined) continue;
    out[field] = Array.isArray(v) ? v.map((x) => one(field, use, x)) : one(field, use, v);
  }
  return out;
}
