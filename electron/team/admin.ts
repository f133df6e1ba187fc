/**
 * The team's administration, run with the database URL (not over HTTP): create or
 * migrate the schema (the first admin's token is printed once), add, list and revoke
 * users. Each user gets a token at creation; only its hash is stored.
 */
import pg from 'pg';
import { addUser, countUsers, listUsers, migrateTeam, PushRefused, revokeUser, type Role, type TeamUser } from '../../db/team/store.ts';
import { ApiError } from '../contract/errors.ts';
import { newToken } from './tokens.ts';

export const ROLES: readonly Role[] = ['admin', 'editor', 'reader'];

/** Errors of reaching the database (no server, wrong password, no such database): the user's to fix. */
const UNREACHABLE = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', '28P01', '28000', '3D000']);

async function withPool<T>(databaseUrl: string, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => undefined);
  try {
    return await fn(pool);
  } catch (err) {
    if (err instanceof PushRefused) throw new ApiError('conflict', err.message);
    if (UNREACHABLE.has(String((err as { code?: unknown }).code))) throw new ApiError('unreachable', `cannot use the team database: ${(err as Error).message}`);
    throw err;
  } finally {
    await pool.end();
  }
}

/** Creates or migrates the schema; the first time, also the first admin ("admin") and its token. */
export function initTeam(databaseUrl: string): Promise<{ applied: number[]; admin: { name: string; token: string } | null }> {
  return withPool(databaseUrl, async (pool) => {
    const applied = await migrateTeam(pool);
    if ((await countUsers(pool)) > 0) return { applied, admin: null };
    const t = await newToken();
    await addUser(pool, { name: 'admin', role: 'admin', tokenId: t.id, salt: t.salt, hash: t.hash, by: null });
    return { applied, admin: { name: 'admin', token: t.token } };
  });
}

export function addTeamUser(databaseUrl: string, name: string, role: Role): Promise<{ user: TeamUser; token: string }> {
  return withPool(databaseUrl, async (pool) => {
    const t = await newToken();
    const user = await addUser(pool, { name, role, tokenId: t.id, salt: t.salt, hash: t.hash, by: null });
    return { user, token: t.token };
  });
}

export function listTeamUsers(databaseUrl: string): ReturnType<typeof listUsers> {
  return withPool(databaseUrl, (pool) => listUsers(pool));
}

export function revokeTeamUser(databaseUrl: string, name: string): Promise<boolean> {
  return withPool(databaseUrl, (pool) => revokeUser(pool, name));
}
