/** The CLI's output for people: plurals, padded ids, dates, clippings, search hits, progress. */
import type { ClippingDetail, ImportResult, SearchResult } from '../contract/shapes.ts';
import type { Io } from './args.ts';

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
  if (x.status === 'added') io.out(`added      ${pad(x.id!)}  ${x.title}`);
  else if (x.status === 'updated') io.out(`updated    ${pad(x.id!)}  ${x.title} (a new version; cuttings versions ${x.id})`);
  else if (x.status === 'duplicate') io.out(`duplicate  ${pad(x.id!)}  ${x.file} (already stored as #${x.duplicateOf}${x.inTrash ? `, in the trash: cuttings restore ${x.duplicateOf}` : ''})`);
  else io.err(`error      ${x.error}`);
}

export function printSearch(r: SearchResult, io: Io): void {
  for (const h of r.hits) {
    const snippet = unescapeHtml(h.snippet.replace(/<\/?mark>/g, '*'));
    const more = (h.clusterSize && h.clusterSize > 1 ? `  (+${h.clusterSize - 1} more of this story)` : '') + (h.fuzzy ? '  (close match)' : '');
    io.out(`${pad(h.id)}  ${dateOf(h.publishedAt)}  ${h.title}${h.outlet ? ` — ${h.outlet}` : ''}${more}\n          ${snippet}`);
  }
  if (r.didYouMean) io.err(`did you mean: ${r.didYouMean}`);
  if (r.facets) {
    const line = (label: string, xs: { count: number }[], name: (x: never) => string) =>
      xs.length ? io.out(`${label}: ${xs.slice(0, 10).map((x) => `${name(x as never)} (${x.count})`).join(', ')}`) : undefined;
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
  const meta = [c.byline && `By ${c.byline}`, c.outlet, c.publishedAt, c.url].filter(Boolean);
  const flags = [c.starred && '★ starred', c.read ? 'read' : 'unread', c.mediaType, c.tone && `tone: ${c.tone}`, c.deletedAt && `in the trash since ${c.deletedAt.slice(0, 10)}`].filter(Boolean);
  const lines = [`#${c.id}  ${c.title}`, meta.join(' · '), flags.join(' · ')];
  if (c.extractionUncertain) lines.push('Extraction uncertain: no title was found in the capture; the title is the first words of the text (cuttings edit --title)');
  if (c.tags.length) lines.push(`Tags: ${c.tags.join(', ')}`);
  if (c.cluster) lines.push(`Same story as: ${c.cluster.members.filter((m) => m !== c.id).map((m) => `#${m}`).join(', ')}`);
  if (c.versionCount > 1) lines.push(`${c.versionCount} versions (cuttings versions ${c.id})`);
  lines.push('', c.text);
  if (c.figures.length) {
    lines.push('', 'Figures:');
    for (const f of c.figures) lines.push(`  - ${f.caption ?? f.alt ?? ''}${f.credit ? ` (${f.credit})` : ''}`);
  }
  if (c.annotations.length) {
    lines.push('', 'Highlights:');
    for (const a of c.annotations) lines.push(`  #${a.id} ${a.state === 'orphaned' ? '[orphaned] ' : ''}“${a.quote}”${a.note ? ` — ${a.note}` : ''}`);
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
