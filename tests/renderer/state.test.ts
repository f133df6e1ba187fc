import { describe, expect, it } from 'vitest';
import { filter, periodFilter, periodLabel } from '../../renderer/lib/query.ts';
import { chartShown, DEFAULT_CHART, readChartPrefs } from '../../renderer/state/local.ts';
import { ALL, chipFor, historyStep, HOME, placeFromHash, placeToHash, scopeFor, type Place } from '../../renderer/state/url.ts';

const place = (p: Partial<Place>): Place => ({ ...HOME, ...p });

describe('the address (state/url.ts)', () => {
  it('writes nothing for the plain list and reads nothing as the plain list', () => {
    expect(placeToHash(HOME)).toBe('');
    expect(placeFromHash('')).toEqual(HOME);
    expect(placeFromHash('#')).toEqual(HOME);
  });

  it('round-trips every part of a place', () => {
    const places: Place[] = [
      place({ text: 'election', open: 12 }),
      place({ text: '"climate change" OR flood -draft & co=1#?', sort: 'oldest', chips: [chipFor(filter('outlet', 'BBC News')), chipFor('on:2021')] }),
      place({ scope: scopeFor('tag:Press & media', null)!, sort: 'newest', view: 'trash' }),
      place({ scope: scopeFor('outlet:Le Monde', null)!, text: 'Mugabe', view: 'tags', open: 9007199254740991 }),
      place({ scope: scopeFor('saved:Elections watch', 'election after:2020')!, text: 'count' }),
      place({ scope: scopeFor('starred', null)! }),
      place({ scope: scopeFor('unread', null)!, text: 'Łódź ß ü 日本' }),
    ];
    for (const p of places) {
      const hash = placeToHash(p);
      expect(hash.startsWith('#')).toBe(true);
      // Safe to put in an address as it is: no spaces, no second '#', nothing outside ASCII.
      expect(hash.slice(1)).toMatch(/^[\x21-\x7e]+$/);
      expect(hash.slice(1)).not.toContain('#');
      expect(placeFromHash(hash)).toEqual(p);
    }
  });

  it('labels filter chips as the facet pickers and the chart do', () => {
    expect(chipFor(filter('tag', 'Press office'))).toEqual({ label: 'Tag: Press office', query: 'tag:"Press office"' });
    expect(chipFor(filter('tag', 'budget'))).toEqual({ label: 'Tag: budget', query: 'tag:budget' });
    expect(chipFor(filter('outlet', 'BBC News'))).toEqual({ label: 'BBC News', query: 'outlet:"BBC News"' });
    expect(chipFor('on:2021').label).toBe('2021');
    for (const bucket of ['day', 'week', 'month'] as const) {
      expect(chipFor(periodFilter(bucket, '2021-03-01')).label).toBe(periodLabel(bucket, '2021-03-01'));
    }
    // Anything else shows as written.
    expect(chipFor('after:2020-01-01 before:2020-03-01')).toEqual({ label: 'after:2020-01-01 before:2020-03-01', query: 'after:2020-01-01 before:2020-03-01' });
  });

  it('builds the sidebar’s scopes as the sidebar does', () => {
    expect(scopeFor('all', null)).toBe(ALL);
    expect(scopeFor('tag:budget', null)).toEqual({ key: 'tag:budget', label: 'budget', query: 'tag:budget' });
    expect(scopeFor('outlet:BBC News', null)).toEqual({ key: 'outlet:BBC News', label: 'BBC News', query: 'outlet:"BBC News"' });
    expect(scopeFor('saved:Watch', 'election')).toEqual({ key: 'saved:Watch', label: 'Watch', query: 'election' });
    // A saved search without its query, or a kind the sidebar has not: no scope.
    expect(scopeFor('saved:Watch', null)).toBeNull();
    expect(scopeFor('saved:Watch', '  ')).toBeNull();
    expect(scopeFor('folder:x', null)).toBeNull();
    expect(scopeFor('tag:', null)).toBeNull();
  });

  it('ignores damaged and unknown parts, keeping the rest', () => {
    const p = placeFromHash('#q=%E0%A4%A&open=abc&sort=sideways&scope=nonsense:x&view=everything&f=&f=%20');
    expect(p).toEqual(HOME);
    expect(placeFromHash('#q=police&open=0').open).toBeNull();
    expect(placeFromHash('#open=-3').open).toBeNull();
    expect(placeFromHash('#open=1e3').open).toBeNull();
    expect(placeFromHash('#open=99999999999999999').open).toBeNull();
    expect(placeFromHash('#open=42&q=police')).toEqual(place({ open: 42, text: 'police' }));
    expect(placeFromHash(`#q=${'a'.repeat(5000)}`).text).toBe('');
    expect(placeFromHash('#view=import').view).toBeNull();
    expect(placeFromHash('#scope=saved:Watch').scope).toBe(ALL);
    // A repeated filter counts once; at most 20 are read.
    expect(placeFromHash('#f=on:2021&f=on:2021').chips).toHaveLength(1);
    expect(placeFromHash(`#${Array.from({ length: 50 }, (_, i) => `f=on:${1950 + i}`).join('&')}`).chips).toHaveLength(20);
    // Not a query string at all.
    expect(placeFromHash('#%%%&&&===')).toEqual(HOME);
  });

  it('makes a history entry for a new list or an opened clipping, and rewrites the entry otherwise', () => {
    const a = place({ text: 'police' });
    expect(historyStep(a, a)).toBeNull();
    expect(historyStep(a, { ...a })).toBeNull();
    expect(historyStep(a, place({ text: 'Mugabe' }))).toBe('push');
    expect(historyStep(a, { ...a, sort: 'oldest' })).toBe('push');
    expect(historyStep(a, { ...a, chips: [chipFor('on:2021')] })).toBe('push');
    expect(historyStep(a, { ...a, scope: scopeFor('starred', null)! })).toBe('push');
    expect(historyStep(a, { ...a, open: 3 })).toBe('push');
    expect(historyStep({ ...a, open: 3 }, { ...a, open: 4 })).toBe('push');
    // Closing the clipping, or the trash coming and going, is not a step of its own.
    expect(historyStep({ ...a, open: 3 }, a)).toBe('replace');
    expect(historyStep(a, { ...a, view: 'trash' })).toBe('replace');
    expect(historyStep({ ...a, view: 'trash' }, a)).toBe('replace');
  });
});

describe('the chart’s local settings (state/local.ts)', () => {
  it('reads what was stored, each damaged value at its default', () => {
    expect(readChartPrefs(null)).toEqual(DEFAULT_CHART);
    expect(readChartPrefs('{not json')).toEqual(DEFAULT_CHART);
    expect(readChartPrefs('"a string"')).toEqual(DEFAULT_CHART);
    expect(readChartPrefs('{"show":false,"bucket":"week","stackBy":"tag"}')).toEqual({ show: false, bucket: 'week', stackBy: 'tag' });
    expect(readChartPrefs('{"show":"yes","bucket":"year","stackBy":"colour"}')).toEqual(DEFAULT_CHART);
  });

  it('starts collapsed on a small window, open on a large one, and the user’s choice wins', () => {
    expect(chartShown(DEFAULT_CHART, { width: 1024, height: 700 })).toBe(false);
    expect(chartShown(DEFAULT_CHART, { width: 1920, height: 700 })).toBe(false);
    expect(chartShown(DEFAULT_CHART, { width: 1100, height: 1000 })).toBe(false);
    expect(chartShown(DEFAULT_CHART, { width: 1440, height: 900 })).toBe(true);
    expect(chartShown({ ...DEFAULT_CHART, show: true }, { width: 1024, height: 700 })).toBe(true);
    expect(chartShown({ ...DEFAULT_CHART, show: false }, { width: 1920, height: 1080 })).toBe(false);
  });
});
