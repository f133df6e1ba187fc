import { describe, expect, it } from 'vitest';
import { dayOf, daysAgo, formatDate, formatDateTime } from '../../renderer/lib/dates.ts';
import { inWalkOrder, isPageResource, partitionCaptures, toBase64 } from '../../renderer/lib/files.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { collectCaptureFiles } from '../../electron/core/capture/files.ts';
import { tempDir } from '../helpers.ts';
import { bucketStart, fillGaps, nextStart, OTHER, topSeries, type Histogram } from '../../renderer/lib/histogram.ts';
import { isEditable, resolveKey } from '../../renderer/lib/keys.ts';
import { DEFAULT_SETTINGS, readSettings } from '../../renderer/hooks/useSettings.ts';
import { findAll } from '../../renderer/hooks/useFind.ts';
import { wordDiff } from '../../renderer/lib/diff.ts';
import { composeQuery, filter, periodFilter, periodLabel, quoteValue } from '../../renderer/lib/query.ts';
import { parseSnippet, unescapeHtml } from '../../renderer/lib/snippet.ts';

describe('snippets', () => {
  it('parses <mark> segments and unescapes entities, never keeping markup', () => {
    expect(parseSnippet('a &lt;b&gt; <mark>Kuleba</mark> &amp; <mark>Truss</mark>.')).toEqual([
      { text: 'a <b> ', mark: false },
      { text: 'Kuleba', mark: true },
      { text: ' & ', mark: false },
      { text: 'Truss', mark: true },
      { text: '.', mark: false },
    ]);
    expect(parseSnippet('<img src=x onerror=alert(1)>text')).toEqual([{ text: 'text', mark: false }]);
    expect(unescapeHtml('&#39;&#x27;&quot;&nbsp;&bogus;')).toBe('\'\'"\u00a0&bogus;');
  });
});

describe('keyboard map', () => {
  it('maps the documented shortcuts', () => {
    expect(resolveKey({ key: '/' })).toBe('focusSearch');
    expect(resolveKey({ key: 'k', ctrlKey: true })).toBe('focusSearch');
    expect(resolveKey({ key: 'k', metaKey: true })).toBe('focusSearch');
    expect(resolveKey({ key: 'j' })).toBe('next');
    expect(resolveKey({ key: 'k' })).toBe('previous');
    expect(resolveKey({ key: 'h' })).toBe('highlight');
    expect(resolveKey({ key: 't' })).toBe('tags');
    expect(resolveKey({ key: 'd' })).toBe('details');
    expect(resolveKey({ key: 'd', editing: true })).toBeNull();
    expect(resolveKey({ key: 'e' })).toBe('export');
    expect(resolveKey({ key: 'Delete' })).toBe('delete');
    expect(resolveKey({ key: 'n' })).toBe('nextMatch');
    expect(resolveKey({ key: 'N', shiftKey: true })).toBe('previousMatch');
    expect(resolveKey({ key: '?' })).toBe('help');
    expect(resolveKey({ key: 'u' })).toBe('read');
    expect(resolveKey({ key: 'u', editing: true })).toBeNull();
    expect(resolveKey({ key: 'f', ctrlKey: true, editing: true })).toBe('find');
    expect(resolveKey({ key: 'f' })).toBeNull();
  });
  it('lets text fields have their letters, but Ctrl K and Escape still work', () => {
    expect(resolveKey({ key: 'j', editing: true })).toBeNull();
    expect(resolveKey({ key: 'Delete', editing: true })).toBeNull();
    expect(resolveKey({ key: 'k', ctrlKey: true, editing: true })).toBe('focusSearch');
    expect(resolveKey({ key: 'Escape', editing: true })).toBe('escape');
    expect(resolveKey({ key: 'e', ctrlKey: true })).toBeNull();
  });
  it('knows which elements take text', () => {
    const el = (tagName: string, extra: Record<string, unknown> = {}) => ({ tagName, ...extra }) as unknown as Element;
    expect(isEditable(el('INPUT', { type: 'text' }))).toBe(true);
    expect(isEditable(el('INPUT', { type: 'checkbox' }))).toBe(false);
    expect(isEditable(el('TEXTAREA'))).toBe(true);
    expect(isEditable(el('DIV', { isContentEditable: true }))).toBe(true);
    expect(isEditable(el('BUTTON'))).toBe(false);
    expect(isEditable(null)).toBe(false);
  });
});

describe('queries', () => {
  it('quotes filter values that are not one word', () => {
    expect(quoteValue('Ukraine')).toBe('Ukraine');
    expect(quoteValue('foreign policy')).toBe('"foreign policy"');
    expect(quoteValue('say "hi"')).toBe('"say hi"');
    expect(filter('outlet', 'The Times')).toBe('outlet:"The Times"');
  });
  it('composes scope, text and filters, keeping OR groups apart', () => {
    expect(composeQuery({ scope: '', text: '', filters: [] })).toBe('');
    expect(composeQuery({ scope: 'tag:Ukraine', text: 'Kuleba', filters: ['on:2021'] })).toBe('tag:Ukraine Kuleba on:2021');
    expect(composeQuery({ scope: 'Ukraine OR Kuleba', text: 'Truss', filters: [] })).toBe('(Ukraine OR Kuleba) Truss');
  });
  it('turns a chart bar into a period filter', () => {
    expect(periodFilter('month', '2021-12-01')).toBe('on:2021-12');
    expect(periodFilter('day', '2021-12-08')).toBe('on:2021-12-08');
    expect(periodFilter('week', '2021-12-06')).toBe('after:2021-12-05 before:2021-12-13');
    expect(periodFilter('week', '2021-12-27')).toBe('after:2021-12-26 before:2022-01-03');
    expect(periodLabel('month', '2021-12-01')).toBe('December 2021');
    expect(periodLabel('week', '2021-12-06')).toBe('Week of 6 Dec 2021');
  });
});

describe('coverage histogram', () => {
  it('buckets days into days, Monday weeks and months', () => {
    expect(bucketStart('2021-12-08', 'day')).toBe('2021-12-08');
    expect(bucketStart('2021-12-08', 'week')).toBe('2021-12-06');
    expect(bucketStart('2021-12-05', 'week')).toBe('2021-11-29');
    expect(bucketStart('2021-12-08', 'month')).toBe('2021-12-01');
    expect(nextStart('2021-12-01', 'month')).toBe('2022-01-01');
    expect(nextStart('2021-12-27', 'week')).toBe('2022-01-03');
  });
  it('fills gaps between the periods the core counted and folds small series into Other', () => {
    // The shape search.histogram answers with (counted by the core over every match).
    const byOutlet: Histogram = { buckets: [{ start: '2021-12-01', counts: { PA: 1, BBC: 1 } }, { start: '2022-02-01', counts: { 'Unknown outlet': 1 } }] };
    const filled = fillGaps(byOutlet, 'month');
    expect(filled.buckets.map((b) => b.start)).toEqual(['2021-12-01', '2022-01-01', '2022-02-01']);
    expect(filled.buckets[1]!.counts).toEqual({});
    expect(fillGaps({ buckets: [{ start: '2021-12-27', counts: { PA: 1 } }, { start: '2022-01-10', counts: { PA: 2 } }] }, 'week').buckets.map((b) => b.start)).toEqual([
      '2021-12-27',
      '2022-01-03',
      '2022-01-10',
    ]);
    expect(fillGaps(filled, 'month', 2).buckets.map((b) => b.start)).toEqual(['2022-01-01', '2022-02-01']);
    const byTag: Histogram = { buckets: [{ start: '2021-12-01', counts: { Ukraine: 1, Russia: 1, Untagged: 1 } }, { start: '2022-02-01', counts: { Ukraine: 1 } }] };
    const s = topSeries(byTag, 2);
    expect(s.keys).toEqual(['Ukraine', OTHER]);
    expect(s.buckets[0]).toEqual({ start: '2021-12-01', total: 3, parts: [['Ukraine', 1], [OTHER, 2]] });
    expect(s.buckets[1]).toEqual({ start: '2022-02-01', total: 1, parts: [['Ukraine', 1]] });
  });
});

describe('dates', () => {
  it('says how many whole days ago an instant was', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    expect(daysAgo('2026-03-10T01:00:00Z', now)).toBe('today');
    expect(daysAgo('2026-03-09T11:00:00Z', now)).toBe('1 day ago');
    expect(daysAgo('2026-02-28T12:00:00Z', now)).toBe('10 days ago');
    expect(daysAgo('2026-03-11T00:00:00Z', now)).toBe('today'); // a clock a little behind
  });
  it('shows dates as written, without shifting day-only or floating times', () => {
    expect(formatDate('2021-12-08')).toBe('8 Dec 2021');
    expect(formatDate('2021-12-08T23:30:00-05:00')).toBe('8 Dec 2021');
    expect(formatDateTime('2021-12-08T15:51')).toBe('8 Dec 2021, 15:51');
    expect(formatDate('2021-12')).toBe('Dec 2021');
    expect(formatDate(null)).toBe('');
    expect(dayOf('2021-12-08T15:51')).toBe('2021-12-08');
  });
});

describe('files', () => {
  it('keeps captures and skips page resources and other files', () => {
    const f = (name: string) => ({ name, file: {} as File });
    const { captures, skipped } = partitionCaptures([f('a/page.html'), f('a/page_files/x.css'), f('a/page_files/inner.html'), f('b/copy.TXT'), f('c/photo.jpg'), f('d/mail.eml'), f('e/old.html.gz')]);
    expect(captures.map((c) => c.name)).toEqual(['a/page.html', 'b/copy.TXT', 'd/mail.eml', 'e/old.html.gz']);
    expect(skipped).toHaveLength(3);
    expect(isPageResource('x/Article_files/img.png')).toBe(true);
  });
  it('puts a picked folder in the order the core walks it', () => {
    const dir = tempDir();
    const names = ['Press/b.txt', 'Press/a/z.txt', 'Press/a.txt', 'Press/B.txt', 'Press/a/b/c.txt', 'Press/ab.txt', 'Press/a-b.txt', 'Press/é.txt'];
    for (const n of names) {
      mkdirSync(path.dirname(path.join(dir, n)), { recursive: true });
      writeFileSync(path.join(dir, n), 'x');
    }
    const core = collectCaptureFiles([path.join(dir, 'Press')]).files.map((f) => path.relative(dir, f).split(path.sep).join('/'));
    expect(core).toHaveLength(names.length);
    const picked = (list: string[]) => inWalkOrder(list.map((name) => ({ name, file: {} as File }))).map((f) => f.name);
    expect(picked(names)).toEqual(core);
    // Files picked one by one keep their order; a folder's files go where the folder first appears.
    expect(picked(['z.txt', 'Press/b.txt', 'a.txt', 'Press/a.txt', 'Old/x.txt'])).toEqual(['z.txt', 'Press/a.txt', 'Press/b.txt', 'a.txt', 'Old/x.txt']);
  });
  it('encodes bytes as base64 in chunks', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => i % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});

describe('stored settings', () => {
  it('reads each value it knows, and falls back to the default for a missing, unknown or damaged one', () => {
    expect(readSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(readSettings('{not json')).toEqual(DEFAULT_SETTINGS);
    expect(readSettings(JSON.stringify({ theme: 'dark', markReadOnOpen: false, textSize: 22, width: 'wide' }))).toEqual({ theme: 'dark', markReadOnOpen: false, textSize: 22, width: 'wide' });
    expect(readSettings(JSON.stringify({ theme: 'neon', markReadOnOpen: 'no', textSize: 99, width: 'toString' }))).toEqual(DEFAULT_SETTINGS);
  });
});

describe('find in the clipping', () => {
  it('finds every place, case-insensitive, without overlaps; nothing for blank words', () => {
    expect(findAll('Tide and tide, TIDE', 'tide')).toEqual([[0, 4], [9, 13], [15, 19]]);
    expect(findAll('aaaa', 'aa')).toEqual([[0, 2], [2, 4]]);
    expect(findAll('anything', '  ')).toEqual([]);
  });
});

describe('word diff', () => {
  it('marks the words removed and added, keeping the spaces of the newer text', () => {
    expect(wordDiff('Blaze at plant', 'Blaze at plant brought under control')).toEqual([
      { kind: 'same', text: 'Blaze at plant ' },
      { kind: 'added', text: 'brought under control' },
    ]);
    expect(wordDiff('More than 60 firefighters came', 'Over 70 firefighters came')).toEqual([
      { kind: 'removed', text: 'More than 60 ' },
      { kind: 'added', text: 'Over 70 ' },
      { kind: 'same', text: 'firefighters came' },
    ]);
    expect(wordDiff('same text', 'same text')).toEqual([{ kind: 'same', text: 'same text' }]);
  });
});
