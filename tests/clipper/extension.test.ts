/**
 * The built browser clipper (built with its zips by tests/setup/build-extension.ts): the permissions
 * it asks for, exactly; Chromium's service worker and Firefox's background script; no
 * code from elsewhere; `web-ext lint` clean on the Firefox build; the zips hold the
 * unpacked folders.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/harness.ts';

const CHROMIUM = path.join(ROOT, 'dist/extension');
const FIREFOX = path.join(ROOT, 'dist/extension-firefox');
const manifest = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

describe('the browser clipper as built', () => {
  it('asks for exactly activeTab, scripting, storage, unlimitedStorage, contextMenus, and http://127.0.0.1/* alone', () => {
    for (const dir of [CHROMIUM, FIREFOX]) {
      const m = manifest(dir);
      expect(m.manifest_version).toBe(3);
      expect([...m.permissions].sort()).toEqual(['activeTab', 'contextMenus', 'scripting', 'storage', 'unlimitedStorage']);
      expect(m.host_permissions).toEqual(['http://127.0.0.1/*']);
      expect(m.optional_permissions ?? []).toEqual([]);
      expect(m.content_scripts ?? []).toEqual([]);
      expect(m.version).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    }
    expect(manifest(CHROMIUM).background).toEqual({ service_worker: 'background.js' });
    expect(manifest(FIREFOX).background).toEqual({ scripts: ['background.js'] });
    expect(manifest(FIREFOX).browser_specific_settings.gecko.id).toMatch(/@/);
  });

  it('runs only its own bundled code', () => {
    for (const dir of [CHROMIUM, FIREFOX]) {
      for (const f of ['background.js', 'popup.js']) {
        const js = readFileSync(path.join(dir, f), 'utf8');
        expect(js, f).not.toMatch(/\beval\(|new Function\(|importScripts\(|\bimport\(/);
      }
      const html = readFileSync(path.join(dir, 'popup.html'), 'utf8');
      expect([...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1])).toEqual(['popup.js']);
      expect(manifest(dir).content_security_policy.extension_pages).toMatch(/script-src 'self'/);
    }
  });

  it('passes `web-ext lint` on the Firefox build', () => {
    const out = execFileSync(path.join(ROOT, 'node_modules/.bin/web-ext'), ['lint', '--source-dir', FIREFOX, '--output', 'json', '--no-config-discovery'], { cwd: ROOT, encoding: 'utf8' });
    const report = JSON.parse(out.slice(out.indexOf('{')));
    expect(report.summary, JSON.stringify([...report.errors, ...report.warnings].map((m: { code: string }) => m.code))).toEqual({ errors: 0, notices: 0, warnings: 0 });
  }, 120_000);

  it('packs each build into a zip of the same files', () => {
    for (const [kind, dir] of [['chromium', CHROMIUM], ['firefox', FIREFOX]] as const) {
      const zip = unzipSync(readFileSync(path.join(ROOT, `dist/cuttings-clipper-${kind}.zip`)));
      const files = (d: string, rel = ''): string[] =>
        readdirSync(path.join(d, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(d, `${rel}${e.name}/`) : [`${rel}${e.name}`]));
      expect(Object.keys(zip).sort()).toEqual(files(dir).sort());
      expect(Buffer.from(zip['manifest.json']!).toString('utf8')).toBe(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    }
  });
});
