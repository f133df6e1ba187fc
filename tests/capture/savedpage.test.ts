import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectSavedPageResources, findSavedPageFolder } from '../../electron/core/capture/savedpage.ts';
import { resourceUrlMap, rewriteResourceUrls } from '../../electron/core/capture/resources.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cuttings-savedpage-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function setup(): string {
  const files = path.join(dir, 'Ferry news_files');
  mkdirSync(path.join(files, 'sub'), { recursive: true });
  writeFileSync(path.join(files, 'ferry.jpg'), JPEG);
  writeFileSync(path.join(files, 'map image.png'), PNG);
  writeFileSync(path.join(files, 'sub', 'small.gif'), GIF);
  writeFileSync(path.join(files, 'big.png'), Buffer.concat([PNG, Buffer.alloc(4096)]));
  writeFileSync(path.join(files, 'script.js'), 'alert(1)');
  writeFileSync(path.join(files, 'not-an-image.png'), 'plain text, misnamed');
  writeFileSync(path.join(dir, 'outside.png'), PNG);
  const page = path.join(dir, 'Ferry news.html');
  writeFileSync(page, '<html></html>');
  return page;
}

const HTML = `<html><body>
<img src="./Ferry%20news_files/ferry.jpg" alt="Ferry">
<img src='Ferry news_files/map image.png'>
<picture><source srcset="Ferry%20news_files/sub/small.gif 1x, Ferry%20news_files/ferry.jpg 2x"><img src="Ferry news_files/ferry.jpg"></picture>
<img src="Ferry news_files/missing.jpg">
<img src="Ferry news_files/big.png">
<img src="Ferry news_files/script.js">
<img src="Ferry news_files/not-an-image.png">
<img src="../outside.png"><img src="outside.png"><img src="Ferry news_files/../outside.png">
<img src="https://cdn.example/remote.jpg"><img src="data:image/png;base64,AAAA"><img src="/abs.png">
</body></html>`;

describe('savedpage', () => {
  it('finds the sibling _files folder', () => {
    const page = setup();
    expect(findSavedPageFolder(page)).toMatch(/Ferry news_files$/);
    expect(findSavedPageFolder(path.join(dir, 'Other.html'))).toBeNull();
  });

  it('collects the referenced images inside the folder, as written in the HTML', () => {
    const page = setup();
    const resources = collectSavedPageResources(page, HTML, { maxImageBytes: 1024 });
    expect(resources.map((r) => [r.url, r.mediaType, r.bytes.byteLength])).toEqual([
      ['./Ferry%20news_files/ferry.jpg', 'image/jpeg', JPEG.length],
      ['Ferry news_files/map image.png', 'image/png', PNG.length],
      ['Ferry%20news_files/sub/small.gif', 'image/gif', GIF.length],
    ]);
    // The same file referenced another way is an alias, not a second copy.
    expect(resources[0]!.aliases).toEqual(['Ferry%20news_files/ferry.jpg', 'Ferry news_files/ferry.jpg']);
  });

  it('respects the total cap and a file: URL into the folder', () => {
    const page = setup();
    const fileUrl = pathToFileURL(path.join(dir, 'Ferry news_files', 'ferry.jpg')).href;
    const resources = collectSavedPageResources(page, `<img src="${fileUrl}"><img src="Ferry news_files/map image.png">`, { maxTotalBytes: JPEG.length + 10 });
    expect(resources.map((r) => r.url)).toEqual([fileUrl]);
  });

  it('does not follow a symlink out of the folder', () => {
    const page = setup();
    try {
      symlinkSync(path.join(dir, 'outside.png'), path.join(dir, 'Ferry news_files', 'link.png'));
    } catch {
      return; // no symlinks on this system
    }
    expect(collectSavedPageResources(page, '<img src="Ferry news_files/link.png">')).toEqual([]);
  });

  it('returns nothing when there is no folder', () => {
    const page = path.join(dir, 'lonely.htm');
    writeFileSync(page, '<html></html>');
    expect(collectSavedPageResources(page, '<img src="lonely_files/a.png">')).toEqual([]);
  });

  it('lets the HTML be pointed at the stored copies', () => {
    const page = setup();
    const resources = collectSavedPageResources(page, HTML);
    const html = rewriteResourceUrls(HTML, resourceUrlMap(resources, (r) => `asset:${path.basename(decodeURIComponent(r.url))}`));
    expect(html).toContain('<img src="asset:ferry.jpg" alt="Ferry">');
    expect(html).toContain('<img src="asset:map image.png">');
    expect(html).toContain('srcset="asset:small.gif 1x, asset:ferry.jpg 2x"');
    expect(html).toContain('<img src="https://cdn.example/remote.jpg">');
  });
});
