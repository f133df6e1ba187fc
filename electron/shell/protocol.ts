/**
 * The two custom protocols of the Electron shell, and the Content-Security-Policy.
 *
 * - `app://cuttings/…` serves the built interface, and only it: files under
 *   `dist/renderer/`, never a path outside it (`..`, encoded or not, absolute paths,
 *   NUL bytes and other hosts are refused). Registered as a privileged standard, secure
 *   scheme so the page has a real origin (`'self'` in the CSP) and web storage.
 * - `cuttings-image:<sha256>` serves an image stored with a capture (the address the
 *   clipping HTML uses) through the contract (`images.get`), so the renderer never sees
 *   a file path and never loads `file://`.
 *
 * This file imports only types from `electron`: `main.ts` hands it the real modules.
 */
import type { CustomScheme, Protocol } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MethodName, Results } from '../contract/methods.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'cuttings';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;
export const IMAGE_SCHEME = 'cuttings-image';

/**
 * Content-Security-Policy for everything the window loads: scripts, styles, fonts and
 * fetches only from the app itself; images also from stored captures and data: URLs;
 * no plugins, frames, forms or <base>.
 */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' cuttings-image: data:; font-src 'self'; connect-src 'self'; " +
  "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** What a stored image may be served as (anything else goes out as opaque bytes). */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'image/svg+xml', 'image/x-icon']);

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Must run before the app is ready (Electron's rule for privileged schemes). */
export const PRIVILEGED_SCHEMES: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  // Not standard: `cuttings-image:<sha256>` has no host. Secure, so a secure page may show it.
  { scheme: IMAGE_SCHEME, privileges: { secure: true } },
];

/** Headers every response of ours carries. */
function baseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

function refuse(status: number, message: string): Response {
  return new Response(message, { status, headers: baseHeaders('text/plain; charset=utf-8') });
}

/**
 * The file under `root` that an `app://cuttings/…` URL names, or null when the URL
 * is not ours or would leave `root`. `/` and folders mean their `index.html`.
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  // Reject traversal in the raw URL too: the URL parser may already have folded `..`.
  const rawPath = url.slice(`${APP_ORIGIN}`.length).split(/[?#]/)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
    if (/(^|[\\/])\.\.([\\/]|$)/.test(decodeURIComponent(rawPath))) return null;
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || /^[a-zA-Z]:$/.test(s))) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  return decoded.endsWith('/') || segments.length === 0 ? path.join(file, 'index.html') : file;
}

/** Shown at `app://cuttings/` while the interface has not been built. */
export const NOT_BUILT_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Cuttings</title><h1>Cuttings</h1>' +
  '<p>The archive is open, but the interface is not built: run <code>npm run build</code> (or <code>npm start</code>).</p>';

/** The `app:` handler: serves files from `root` (the built renderer) and nothing else. */
export function appProtocolHandler(root: string): (request: Request) => Promise<Response> {
  const index = path.join(path.resolve(root), 'index.html');
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
    const file = resolveAppPath(root, request.url);
    if (!file) return refuse(403, 'forbidden');
    try {
      const st = await stat(file);
      if (!st.isFile()) return refuse(404, 'not found');
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, { status: 200, headers: baseHeaders(MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream') });
    } catch {
      if (file === index) return new Response(NOT_BUILT_PAGE, { status: 200, headers: baseHeaders(MIME['.html']!) });
      return refuse(404, 'not found');
    }
  };
}

/** The sha256 a `cuttings-image:` URL names (`cuttings-image:<hex>` or `cuttings-image://<hex>/`). */
export function imageHash(url: string): string | null {
  if (!url.toLowerCase().startsWith(`${IMAGE_SCHEME}:`)) return null;
  const rest = url.slice(IMAGE_SCHEME.length + 1).replace(/^\/+/, '').replace(/[?#].*$/, '').replace(/\/$/, '');
  return /^[0-9a-fA-F]{64}$/.test(rest) ? rest.toLowerCase() : null;
}

/** The smallest view of the archive the image protocol needs. */
export interface ImageSource {
  call<M extends MethodName>(method: M, args: unknown): Promise<Results[M]>;
}

/** The `cuttings-image:` handler: a stored image by its sha256, through the contract. */
export function imageProtocolHandler(archive: ImageSource): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
    const sha256 = imageHash(request.url);
    if (!sha256) return refuse(400, 'not an image address');
    try {
      const image = await archive.call('images.get', { sha256 });
      const type = IMAGE_TYPES.has(image.mediaType.toLowerCase()) ? image.mediaType.toLowerCase() : 'application/octet-stream';
      const headers = {
        ...baseHeaders(type),
        // An image is never a document: even an SVG opened on its own runs nothing.
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        'Cache-Control': 'private, max-age=31536000, immutable',
      };
      return new Response(request.method === 'HEAD' ? null : Buffer.from(image.base64, 'base64'), { status: 200, headers });
    } catch {
      return refuse(404, 'no such image');
    }
  };
}

/** Registers both handlers (after `app` is ready). */
export function registerProtocols(protocol: Pick<Protocol, 'handle'>, rendererRoot: string, archive: ImageSource): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererRoot));
  protocol.handle(IMAGE_SCHEME, imageProtocolHandler(archive));
}

/** True for a URL of our own interface (the only page IPC calls are accepted from). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}
