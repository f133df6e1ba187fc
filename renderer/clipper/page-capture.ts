/**
 * What runs in the page (injected with chrome.scripting.executeScript, so it must not use
 * anything from outside its own body): the page as the user sees it — the rendered DOM
 * after the page's scripts ran, serialised with its address and title — the images it
 * can read (same-origin or CORS-readable, with the user's cookies: images behind a login
 * come along) as base64, and the user's selection, as HTML and as a W3C
 * TextQuoteSelector (exact text with some context before and after).
 */
export interface PageCapture {
  url: string;
  title: string;
  html: string;
  images: { url: string; mediaType: string; base64: string }[];
  selection: { html: string; exact: string; prefix: string; suffix: string } | null;
}

export async function capturePage(limits: { imageBytes: number; totalImageBytes: number }): Promise<PageCapture> {
  const sel = window.getSelection();
  let selection: PageCapture['selection'] = null;
  if (sel && !sel.isCollapsed && sel.rangeCount > 0 && sel.toString().trim()) {
    const range = sel.getRangeAt(0);
    const holder = document.createElement('div');
    holder.appendChild(range.cloneContents());
    const before = document.createRange();
    before.setStart(document.body, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const after = document.createRange();
    after.setStart(range.endContainer, range.endOffset);
    after.setEnd(document.body, document.body.childNodes.length);
    const squash = (s: string) => s.replace(/\s+/g, ' ');
    selection = {
      html: holder.innerHTML,
      exact: squash(sel.toString()).trim(),
      prefix: squash(before.toString()).slice(-32).trimStart(),
      suffix: squash(after.toString()).slice(0, 32).trimEnd(),
    };
  }

  const images: PageCapture['images'] = [];
  let total = 0;
  const seen = new Set<string>();
  const toBase64 = (blob: Blob) =>
    new Promise<string>((resolve, reject) => {
      const r = new FileReader();
      r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
      r.onerror = () => reject(r.error);
      r.readAsDataURL(blob);
    });
  for (const img of Array.from(document.images)) {
    const url = img.currentSrc || img.src;
    if (!/^https?:/i.test(url) || seen.has(url)) continue;
    seen.add(url);
    try {
      const res = await fetch(url, { credentials: 'include', signal: AbortSignal.timeout(5000) });
      if (!res.ok) continue;
      const blob = await res.blob();
      if (!/^image\//i.test(blob.type) || blob.size > limits.imageBytes || total + blob.size > limits.totalImageBytes) continue;
      total += blob.size;
      const entry = { url, mediaType: blob.type.split(';')[0]!.trim().toLowerCase(), base64: await toBase64(blob) };
      images.push(entry);
      // The page may name it by its src as written, or by what the browser chose from a srcset.
      if (img.src && img.src !== url && !seen.has(img.src)) {
        seen.add(img.src);
        images.push({ ...entry, url: img.src });
      }
    } catch {
      // Not readable from here (another origin without CORS, gone): the clipping keeps its address.
    }
  }

  const doctype = document.doctype ? `<!doctype ${document.doctype.name}>\n` : '';
  return { url: location.href, title: document.title, html: doctype + document.documentElement.outerHTML, images, selection };
}

/** A short message in the page (for the context-menu actions, which have no popup). */
export function showToast(text: string, ok: boolean): void {
  const id = 'cuttings-clipper-toast';
  document.getElementById(id)?.remove();
  const el = document.createElement('div');
  el.id = id;
  el.setAttribute('role', 'status');
  el.textContent = text;
  el.style.cssText = `position:fixed;z-index:2147483647;right:16px;bottom:16px;max-width:360px;padding:10px 14px;border-radius:8px;font:14px/1.4 system-ui,sans-serif;color:#fff;background:${ok ? '#1f6f43' : '#9b1c1c'};box-shadow:0 4px 16px rgba(0,0,0,.25)`;
  document.documentElement.appendChild(el);
  setTimeout(() => el.remove(), 4000);
}
