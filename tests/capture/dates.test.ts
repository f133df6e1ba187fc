import { describe, expect, it } from 'vitest';
import { looksLikeDateLine, normalizeIsoDate, parseVisibleDate } from '../../electron/core/capture/dates.ts';

const REF = new Date('2024-05-01T12:00:00Z');

describe('parseVisibleDate', () => {
  it.each([
    // time without zone → floating
    ['December 8 2021, 3.51pm', '2021-12-08T15:51'],
    ['December 8 2021, 3:51pm', '2021-12-08T15:51'],
    ['8 December 2021 15:51', '2021-12-08T15:51'],
    ['2021-12-08 15:51', '2021-12-08T15:51'],
    ['08.12.2021 15:51', '2021-12-08T15:51'],
    // zone given → offset
    ['Wed 8 Dec 2021 10.30 GMT', '2021-12-08T10:30:00+00:00'],
    ['Last modified on Wed 8 Dec 2021 15.51 GMT', '2021-12-08T15:51:00+00:00'],
    ['Updated: Dec. 8, 2021 at 3:51 p.m. ET', '2021-12-08T15:51:00-05:00'],
    ['Dec 8, 2021 3:51 PM EST', '2021-12-08T15:51:00-05:00'],
    ['Tuesday 14 June 2022 08:00 BST', '2022-06-14T08:00:00+01:00'],
    ['Mon, 14 Jun 2021 17:02:11 +0100', '2021-06-14T17:02:11+01:00'],
    // day only
    ['2021-12-08', '2021-12-08'],
    ['Published 8 December 2021', '2021-12-08'],
    ['8th December 2021', '2021-12-08'],
    ['08.12.2021', '2021-12-08'],
    ['14/06/2021', '2021-06-14'],
    ['06/14/2021', '2021-06-14'],
    ['8 December 2021 • 3 min read', '2021-12-08'],
  ])('%s → %s', (raw, expected) => {
    expect(parseVisibleDate(raw, REF)).toBe(expected);
  });

  it.each([
    ['nonsense'],
    [''],
    ['December 8'], // no year: never invented
    ['Wed 8 Dec'],
    ['December 2021'], // no day
    ['15:51'],
    ['today'],
    ['yesterday at 3pm'],
    ['Published 1 day ago'],
    ['3 hours ago'],
    ['06/07/2021'], // day-first and month-first both possible
    ['31 February 2021'],
    ['31.02.2021'],
  ])('%s → null', (raw) => {
    expect(parseVisibleDate(raw, REF)).toBeNull();
  });
});

describe('looksLikeDateLine', () => {
  it.each([
    'December 8 2021, 3.51pm',
    'Published 8 December 2021',
    'Updated: Dec. 8, 2021 at 3:51 p.m. ET',
    'Last modified on Wed 8 Dec 2021 15.51 GMT',
    '8 December 2021 | 3 min read',
    '2021-12-08',
    '08.12.2021',
    'December 8',
  ])('%s is a date line', (line) => {
    expect(looksLikeDateLine(line)).toBe(true);
  });

  it.each([
    'It was 8 December 2021 when he arrived at the station.',
    'By Press Association',
    'December 2021',
    'Chapter 12',
    '10.30',
    '',
  ])('%s is not a date line', (line) => {
    expect(looksLikeDateLine(line)).toBe(false);
  });
});

describe('normalizeIsoDate', () => {
  it.each([
    ['2021-06-14T17:02:11+01:00', '2021-06-14T17:02:11+01:00'],
    ['2021-06-14T17:02:11.123Z', '2021-06-14T17:02:11Z'],
    ['2021-06-14T17:02:11z', '2021-06-14T17:02:11Z'],
    ['2021-06-14T17:02+0100', '2021-06-14T17:02:00+01:00'],
    ['2021-06-14 17:02:11+01', '2021-06-14T17:02:11+01:00'],
    ['2021-06-14T17:02:11-05:00', '2021-06-14T17:02:11-05:00'],
    ['2021-06-14T17:02:11', '2021-06-14T17:02:11'],
    ['2021-06-14T17:02', '2021-06-14T17:02'],
    ['2021-06-14', '2021-06-14'],
    ['  2021-06-14  ', '2021-06-14'],
    ['20210614', '2021-06-14'],
    ['20210614T170211Z', '2021-06-14T17:02:11Z'],
    // not ISO-like: read as a visible date
    ['June 14, 2021', '2021-06-14'],
    ['Mon, 14 Jun 2021 17:02:11 GMT', '2021-06-14T17:02:11+00:00'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeIsoDate(raw)).toBe(expected);
  });

  it.each([
    ['garbage'],
    [''],
    ['2021-13-01'],
    ['2021-02-30'],
    ['2021-06'],
    ['2021-06-14T25:00:00Z'],
    ['2021-06-14T17:02:11+25:00'],
    ['1623686531'],
    ['June 14'],
  ])('%s → null', (raw) => {
    expect(normalizeIsoDate(raw)).toBeNull();
  });
});
