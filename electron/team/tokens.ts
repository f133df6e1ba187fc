/**
 * Team tokens: `ct_<id>_<secret>`. The server keeps the id and the scrypt hash of the
 * secret (node:crypto; N=16384, r=8, p=1, a 16-byte salt), never the secret itself.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_BYTES = 32;

export interface NewToken {
  token: string;
  id: string;
  salt: Buffer;
  hash: Buffer;
}

function derive(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(secret, salt, KEY_BYTES, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function newToken(): Promise<NewToken> {
  const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  return { token: `ct_${id}_${secret}`, id, salt, hash: await derive(secret, salt) };
}

/** The id and secret of a well-formed token, or null. */
export function parseToken(token: string): { id: string; secret: string } | null {
  const m = /^ct_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

export async function verifySecret(secret: string, salt: Buffer, hash: Buffer): Promise<boolean> {
  const key = await derive(secret, salt);
  return key.length === hash.length && timingSafeEqual(key, hash);
}
