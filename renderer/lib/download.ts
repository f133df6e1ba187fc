/** Saving what an export produced in browser mode: a file name from a title, and a normal browser download of bytes. */

/** A file-name-safe slug of a title. */
export function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** A normal browser download of bytes made in the page. */
export function saveBlob(bytes: Uint8Array<ArrayBuffer>, mediaType: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: mediaType || 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: Chromium reads the blob after the click returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
