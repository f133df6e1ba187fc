import { describe, expect, it } from 'vitest';
import { isGenericOutlet, knownOutlet } from '../../electron/core/capture/outlets.ts';

describe('isGenericOutlet (the stoplist)', () => {
  it.each(['Hosted', 'Home', 'News', 'U.S.', 'The News', 'Startseite', 'Accueil', 'Noticias', 'Nieuws', 'Wiadomości', ' home page ', ''])(
    '%j is no outlet',
    (name) => {
      expect(isGenericOutlet(name)).toBe(true);
    },
  );
  it.each(['AP News', 'The Guardian', 'Daily Ledger', 'Kreisblatt Nordheide', 'Newsweek'])('%j is an outlet', (name) => {
    expect(isGenericOutlet(name)).toBe(false);
  });
});

describe('knownOutlet (well-known news domains)', () => {
  it('names a listed domain and its sub-domains', () => {
    expect(knownOutlet('www.nytimes.com')).toBe('The New York Times');
    expect(knownOutlet('edition.cnn.com')).toBe('CNN');
    expect(knownOutlet('www.bbc.co.uk')).toBe('BBC');
  });
  it('says nothing about other domains', () => {
    expect(knownOutlet('co.uk')).toBeNull();
    expect(knownOutlet('daily-ledger.example')).toBeNull();
    expect(knownOutlet(null)).toBeNull();
  });
});
