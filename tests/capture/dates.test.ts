import { describe, expect, it } from 'vitest';
import { captureTimeOf, chronoDateLine, chronoVisibleDate, looksLikeDateLine, normalizeIsoDate, parseCaptureTime, parseLocalDate, parseRelativeDate, parseVisibleDate, plainDateTime } from '../../electron/core/capture/dates.ts';

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
    ['2019-11-18 17:19:53 GMT', '2019-11-18T17:19:53Z'], // a zone name meaning UTC
    ['2019-11-18 17:19:53 UTC', '2019-11-18T17:19:53Z'],
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

describe('parseLocalDate (dates in the page\'s language)', () => {
  it.each([
    ['31. Mai 2012', 'de', '2012-05-31'],
    ['Veröffentlicht am 15. Juni 2021, 14:30 Uhr', 'de', '2021-06-15T14:30'],
    ['3 mars 2022', 'fr', '2022-03-03'],
    ['Publié le 1er mars 2022 à 14h30', 'fr', '2022-03-01T14:30'],
    ['12 de marzo de 2021', 'es', '2021-03-12'],
    ['25 ottobre 2020', 'it', '2020-10-25'],
    ['Gepubliceerd op 22 september 2021', 'nl', '2021-09-22'],
    ['wtorek, 7 lutego 2023', 'pl', '2023-02-07'],
    ['3 de novembro de 2019', 'pt', '2019-11-03'],
    ['Published: 3 March 2022 at 09:15 GMT', 'en', '2022-03-03T09:15:00+00:00'],
    ['Nov. 18, 2019 at 9:24 pm ET', 'en', '2019-11-18T21:24'], // ET changes with the season: floating
    ['2/26/2015 7:11 AM PST', 'en', '2015-02-26T07:11:00-08:00'], // 26 is no month
    ['2/6/2015', 'en-US', '2015-02-06'],
    ['2/6/2015', 'en-GB', '2015-06-02'],
    ['02.06.2015', 'de', '2015-06-02'],
    ['6/2/2015', 'fr', '2015-02-06'],
  ])('%s (%s) → %s', (raw, lang, expected) => {
    expect(parseLocalDate(raw, lang)).toBe(expected);
  });

  it.each([
    ['2/6/2015', 'en'], // an English page without a region: both readings possible
    ['2 hours ago', 'en'],
    ['vor 3 Stunden', 'de'],
    ['31. Mai', 'de'], // no year
    ['Mai 2012', 'de'], // no day
    ['31 février 2021', 'fr'],
    ['5 Schritte in 2021', 'de'],
  ])('%s (%s) → null', (raw, lang) => {
    expect(parseLocalDate(raw, lang)).toBeNull();
  });
});

describe('parseRelativeDate: only against the capture time, only to the day', () => {
  // Captured at 10:30 in a zone one hour east of UTC: 09:30Z.
  const at = { instant: Date.parse('2023-03-15T09:30:00Z'), offsetMinutes: 60 };
  it('reads minutes, hours, days and "yesterday" in eight languages', () => {
    const cases: [string, string][] = [
      ['2 hours ago', '2023-03-15'],
      ['Published 5 minutes ago', '2023-03-15'],
      ['11 hours ago', '2023-03-14'],
      ['3 days ago', '2023-03-12'],
      ['Yesterday', '2023-03-14'],
      ['yesterday at 9:15 pm', '2023-03-14'],
      ['vor 2 Stunden', '2023-03-15'],
      ['vor einem Tag', '2023-03-14'],
      ['gestern, 18:30 Uhr', '2023-03-14'],
      ['il y a 3 jours', '2023-03-12'],
      ['hier à 18h30', '2023-03-14'],
      ['hace 2 días', '2023-03-13'],
      ['ayer', '2023-03-14'],
      ['3 giorni fa', '2023-03-12'],
      ['ieri', '2023-03-14'],
      ['2 uur geleden', '2023-03-15'],
      ['gisteren', '2023-03-14'],
      ['2 dni temu', '2023-03-13'],
      ['wczoraj', '2023-03-14'],
      ['há 2 dias', '2023-03-13'],
      ['ontem', '2023-03-14'],
    ];
    for (const [text, day] of cases) expect(parseRelativeDate(text, at), text).toBe(day);
  });

  it('reads a relative date at the end of a header line only when asked (a byline before it)', () => {
    expect(parseRelativeDate('Von Lena Hoffmann vor 11 Stunden', at)).toBeNull();
    expect(parseRelativeDate('Von Lena Hoffmann vor 11 Stunden', at, { trailing: true })).toBe('2023-03-14');
    expect(parseRelativeDate('By Ana Souza · Updated 2 hours ago', at, { trailing: true })).toBeNull();
  });

  it('reads nothing without a capture time, nor vague or modification lines, nor sentences', () => {
    expect(parseRelativeDate('2 hours ago', null)).toBeNull();
    for (const text of ['3 months ago', '2 weeks ago', 'a while ago', 'Updated 2 hours ago', 'Aktualisiert vor 2 Stunden', 'Yesterday the council met to discuss the budget.', '40 days ago'])
      expect(parseRelativeDate(text, at), text).toBeNull();
  });
});

describe('captureTimeOf / parseCaptureTime: when the capture says it was made', () => {
  it('reads SingleFile\'s "saved date" comment and an MHTML Date header, with their offsets', () => {
    const at = { instant: Date.parse('2023-03-15T09:30:00Z'), offsetMinutes: 60 };
    expect(captureTimeOf('<!--\n Page saved with SingleFile \n url: https://example.org/a \n saved date: Wed Mar 15 2023 10:30:00 GMT+0100 (Central European Standard Time)\n-->\n<html>')).toEqual(at);
    expect(parseCaptureTime('Wed, 15 Mar 2023 10:30:00 +0100')).toEqual(at);
    expect(parseCaptureTime('Wed, 15 Mar 2023 09:30:00 GMT')).toEqual({ instant: at.instant, offsetMinutes: 0 });
    expect(captureTimeOf('<html><body><p>saved date: yesterday</p></body></html>')).toBeNull();
    expect(parseCaptureTime('15 Mar 2023')).toBeNull();
  });
});

describe('a date line read twice with one reference date', () => {
  it('gives what each reading gives alone (looksLikeDateLine, then parseVisibleDate, and the other way round) on generated lines, one reference date for all', () => {
    const months = ['January', 'Feb', 'March', 'Sept.', 'december', 'Mai'];
    const days = ['1', '3', '12', '13', '29', '31', '1st', '23rd'];
    const years = ['2021', '1999', '24', ''];
    const labels = ['', 'Published ', 'Updated: ', 'Last modified on ', 'Posted by Jane Doe on ', 'Wed ', 'Friday, '];
    const tails = ['', ', 3.51pm', ' 10:30 GMT', ' · 4 min read', ' at 9am', ' and more words here', ' (AP)'];
    const shapes = [
      (m: string, d: string, y: string) => `${m} ${d} ${y}`,
      (m: string, d: string, y: string) => `${d} ${m} ${y}`,
      (m: string, d: string, y: string) => `${m} ${d}, ${y}`,
      (_: string, d: string, y: string) => `${parseInt(d)}/3/${y || '2020'}`,
      (_: string, d: string, y: string) => `3/${parseInt(d)}/${y || '2020'}`,
      (_: string, d: string, y: string) => `${parseInt(d)}.12.${y.length === 4 ? y : '2021'}`,
      () => 'today',
      () => '3 days ago',
      () => 'tomorrow at 10:00',
    ];
    let seed = 11;
    const pick = <T>(xs: T[]): T => xs[(seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % xs.length]!;
    const at = Date.parse('2024-05-01T12:00:00Z');
    const lines = Array.from({ length: 3000 }, () => pick(labels) + pick(shapes)(pick(months), pick(days), pick(years)) + pick(tails));
    const alone = lines.map((line) => JSON.stringify([looksLikeDateLine(line, new Date(at)), parseVisibleDate(line, new Date(at))]));
    // One reference date for all the lines, as for the lines of one capture.
    const ref = new Date(at);
    const shared = lines.map((line) => JSON.stringify([looksLikeDateLine(line, ref), parseVisibleDate(line, ref)]));
    const other = new Date(at);
    const reversed = lines.map((line) => JSON.stringify([parseVisibleDate(line, other), looksLikeDateLine(line, other)].reverse()));
    const differ = lines.flatMap((line, k) => (shared[k] !== alone[k] || reversed[k] !== alone[k] ? [`${line}: ${alone[k]} ${shared[k]} ${reversed[k]}`] : []));
    expect(new Set(alone).size).toBeGreaterThan(100);
    expect(differ).toEqual([]);
  });
});

describe('"December 8 2021, 3.51pm" read without chrono', () => {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const ref = new Date('2024-05-01T12:00:00Z');

  it('reads every day of every month of 1900-2099 as chrono does (a date line, the same date and time), and leaves invalid days to chrono', () => {
    let seed = 17;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const differ: string[] = [];
    let read = 0;
    for (let year = 1900; year <= 2099; year++)
      for (const month of months)
        for (let day = 1; day <= 31; day++) {
          const line = `${month} ${day} ${year}, ${1 + (next() % 12)}.${String(next() % 60).padStart(2, '0')}${next() % 2 ? 'am' : 'pm'}`;
          const plain = plainDateTime(line);
          const chrono = chronoVisibleDate(line, ref);
          if (plain !== null) read++;
          if (plain !== null ? plain !== chrono || !chronoDateLine(line, ref) : chrono !== null || chronoDateLine(line, ref)) differ.push(`${line}: ${plain} ${chrono}`);
        }
    expect(differ).toEqual([]);
    expect(read).toBe(200 * 365 + 49); // every valid day (49 leap days: 2000 is one, 1900 is not)
  });

  it('reads every time of a day as chrono does', () => {
    const differ: string[] = [];
    for (let hour = 1; hour <= 12; hour++)
      for (let minute = 0; minute < 60; minute++)
        for (const half of ['am', 'pm']) {
          const line = `October 3 2023, ${hour}.${String(minute).padStart(2, '0')}${half}`;
          const plain = plainDateTime(line);
          if (plain === null || plain !== chronoVisibleDate(line, ref) || !chronoDateLine(line, ref)) differ.push(`${line}: ${plain}`);
        }
    expect(differ).toEqual([]);
  });

  it('leaves every other shape to chrono', () => {
    for (const line of ['october 3 2023, 4.55am', 'October 03 2023, 4.55am', 'October 3 2023, 13.05pm', 'October 3 2023, 4.5am', 'October 3 2023 4.55am', 'October 3 1899, 4.55am', 'Oct 3 2023, 4.55am', 'October 3 2023, 4.55AM', 'Published October 3 2023, 4.55am', 'October 3 2023']) expect(plainDateTime(line)).toBeNull();
    expect(parseVisibleDate('Updated: October 3 2023, 4.55am', ref)).toBe('2023-10-03T04:55');
    expect(looksLikeDateLine('October  3 2023,\u00a04.55am', ref)).toBe(true);
  });
});
