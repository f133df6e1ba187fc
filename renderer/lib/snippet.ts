/**
 * Search snippets arrive HTML-escaped with matches in <mark>…</mark>. Rather than
 * injecting them as HTML, the renderer parses them into plain segments.
 */
export interface Segment {
  text: string;
  mark: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function unescapeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

export function parseSnippet(html: string): Segment[] {
  const out: Segment[] = [];
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let last = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m.index > last) out.push({ text: unescapeHtml(stripTags(html.slice(last, m.index))), mark: false });
    out.push({ text: unescapeHtml(stripTags(m[1] ?? '')), mark: true });
    last = m.index + m[0].length;
  }
  if (last < html.length) out.push({ text: unescapeHtml(stripTags(html.slice(last))), mark: false });
  return out.filter((s) => s.text !== '');
}

/** Any other tag is dropped (the server sends none; this is belt and braces). */
function stripTags(s: string): string {
  return s.replace(/<\/?[a-zA-Z][^>]*>/g, '');
}
