/** The CLI's output for people: plurals, padded ids, dates, clippings, search hits, progress. */
import type { ClippingDetail, ImportResult, SearchResult } from '../contract/shapes.ts';
import type { CliIo, Io } from './args.ts';

/**
 * Terminal safety. Everything the CLI prints for people goes through `safeText`: the
 * `Io` that runCli hands the commands (see `safeIo`) applies it to every line written
 * with `out` and `err`, so no command can forget it. It shows, visibly and unambiguously
 * enough to read, the characters a terminal acts on instead of displaying: C0 controls
 * (ESC starts colour, title and screen-clearing sequences, BEL ends them, CR overwrites
 * a line), DEL, the C1 controls U+0080–U+009F (U+009B is a one-byte CSI on some
 * terminals) and the bidirectional controls that reorder what is read (U+202A–U+202E,
 * U+2066–U+2069, U+200E/U+200F, U+061C). File names, titles, tags, notes and error
 * messages all come from captures or the file system, so any of them may carry these.
 *
 * The io layer keeps newlines (`multiline`): the CLI's own output is multi-line (a
 * clipping's body, a search hit and its snippet). A data field meant to sit on one line
 * (a title, a file name, a tag, an error message) is passed through `one` when it is
 * formatted, so a newline inside it shows as `\n` and cannot forge a line of output.
 *
 * The product's own control sequences never go through `out`/`err`: the progress bar
 * writes its `\r` straight to stderr and prints no data. --json/--jsonl output goes
 * through `io.json`, which writes JSON.stringify's text unchanged: JSON already escapes
 * C0 controls, and the rest (C1, bidi) is data a program must get exactly.
 */
const UNSAFE_RE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_BUT_NEWLINE_RE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return SHORT[ch] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** `text` with every terminal control character shown as an escape (`\x1b`, `\u202e`); newlines kept if `multiline`. */
export function safeText(text: string, opts: { multiline?: boolean } = {}): string {
  return text.replace(opts.multiline ? UNSAFE_BUT_NEWLINE_RE : UNSAFE_RE, visible);
}

/** The commands' Io: `out`/`err` made terminal-safe (newlines kept), `json` exact. */
export function safeIo(io: Io): CliIo {
  return {
    ...io,
    out: (t) => io.out(safeText(t, { multiline: true })),
    err: (t) => io.err(safeText(t, { multiline: true })),
    json: (value, opts = {}) => io.out(opts.line ? JSON.stringify(value) : JSON.stringify(value, null, 2)),
  };
}

/** A data field meant for one line of output: newlines (and every other control) shown as escapes. */
export function one(text: string | null | undefined): string {
  return safeText(text ?? '');
}

export function s(n: number): string {
  return n === 1 ? '' : 's';
}

export function pad(id: number): string {
  return `#${id}`.padStart(7);
}

export function dateOf(iso: string | null): string {
  return (iso ?? '').slice(0, 10).padEnd(10);
}

export function countText(n: number, exact: boolean): string {
  return exact ? n.toLocaleString('en') : `${n.toLocaleString('en')}+`;
}

/** `show --json` and friends: the detail without the stored HTML and internal hash. */
export function stripDetail(c: ClippingDetail): Omit<ClippingDetail, 'html' | 'contentHash'> {
  const { html: _html, contentHash: _hash, ...rest } = c;
  return rest;
}

export function printImportResult(x: ImportResult, io: Io): void {
  if (x.status === 'added') io.out(`added      ${pad(x.id!)}  ${one(x.title)}`);
  else if (x.status === 'updated') io.out(`updated    ${pad(x.id!)}  ${one(x.title)} (a new version; cuttings versions ${x.id})`);
  else if (x.status === 'duplicate') io.out(`duplicate  ${pad(x.id!)}  ${one(x.file)} (already stored as #${x.duplicateOf}${x.inTrash ? `, in the trash: cuttings restore ${x.duplicateOf}` : ''})`);
  else if (x.status === 'not_tried') io.err(`not tried  ${one(x.file)}`);
  else if (x.status === 'cancelled') io.err(`cancelled  ${one(x.file)} (not stored)`);
  else io.err(`error      ${one(x.error)}`);
}

export function printSearch(r: SearchResult, io: Io): void {
  for (const h of r.hits) {
    const snippet = one(unescapeHtml(h.snippet.replace(/<\/?mark>/g, '*')));
    const more = (h.clusterSize && h.clusterSize > 1 ? `  (+${h.clusterSize - 1} more of this story)` : '') + (h.fuzzy ? '  (close match)' : '');
    io.out(`${pad(h.id)}  ${dateOf(h.publishedAt)}  ${one(h.title)}${h.outlet ? ` — ${one(h.outlet)}` : ''}${more}\n          ${snippet}`);
  }
  if (r.didYouMean) io.err(`did you mean: ${one(r.didYouMean)}`);
  if (r.facets) {
    const line = (label: string, xs: { count: number }[], name: (x: never) => string) =>
      xs.length ? io.out(`${label}: ${xs.slice(0, 10).map((x) => `${one(name(x as never))} (${x.count})`).join(', ')}`) : undefined;
    io.out('');
    line('Tags', r.facets.tags, (x: { name: string }) => x.name);
    line('Outlets', r.facets.outlets, (x: { name: string }) => x.name);
    line('Years', r.facets.years, (x: { year: string }) => x.year);
  }
  io.err(`${countText(r.total, r.totalExact)} match${r.total === 1 ? '' : 'es'} (${r.tookMs} ms)`);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

function unescapeHtml(t: string): string {
  return t.replace(/&(amp|lt|gt|quot|#39);/g, (m, e: string) => ENTITIES[e] ?? m);
}

export function formatClipping(c: ClippingDetail): string {
  const meta = [c.byline && `By ${c.byline}`, c.outlet, c.publishedAt, c.url].filter(Boolean).map(one);
  const flags = [c.starred && '★ starred', c.read ? 'read' : 'unread', c.mediaType && one(c.mediaType), c.tone && `tone: ${one(c.tone)}`, c.deletedAt && `in the trash since ${c.deletedAt.slice(0, 10)}`].filter(Boolean);
  const lines = [`#${c.id}  ${one(c.title)}`, meta.join(' · '), flags.join(' · ')];
  if (c.extractionUncertain) lines.push('Extraction uncertain: no title, or no article text, was found with certainty in the capture; check the title and the text (cuttings edit)');
  if (c.tags.length) lines.push(`Tags: ${c.tags.map(one).join(', ')}`);
  if (c.cluster) lines.push(`Same story as: ${c.cluster.members.filter((m) => m !== c.id).map((m) => `#${m}`).join(', ')}`);
  if (c.versionCount > 1) lines.push(`${c.versionCount} versions (cuttings versions ${c.id})`);
  lines.push('', c.text);
  if (c.figures.length) {
    lines.push('', 'Figures:');
    for (const f of c.figures) lines.push(`  - ${one(f.caption ?? f.alt)}${f.credit ? ` (${one(f.credit)})` : ''}`);
  }
  if (c.annotations.length) {
    lines.push('', 'Highlights:');
    for (const a of c.annotations) lines.push(`  #${a.id} ${a.state === 'orphaned' ? '[orphaned] ' : ''}“${one(a.quote)}”${a.note ? ` — ${one(a.note)}` : ''}`);
  }
  if (c.note) lines.push('', `Note: ${c.note}`);
  return lines.join('\n');
}

/** A one-line progress bar on a terminal's stderr, for batches worth watching. */
export function progressBar(io: Io): (done: number, total: number, file: string) => void {
  const started = Date.now();
  let last = 0;
  return (done, total) => {
    if (total < 20) return;
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const rate = done / Math.max(0.001, (now - started) / 1000);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  ${rate.toFixed(1)}/s `);
    if (done === total) process.stderr.write('\n');
  };
}
