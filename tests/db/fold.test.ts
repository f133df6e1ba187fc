import { describe, expect, it } from 'vitest';
import { fold } from '../../db/fold.ts';
import { foldWord } from '../../db/instant/words.ts';

describe('fold', () => {
  it('folds case and diacritics as the FTS5 index does, keeping letters Unicode does not decompose', () => {
    expect(fold('Kyïv ZÜRICH Søren Łódź Straße ﬁsh')).toBe('kyiv zurich søren łodz straße ﬁsh');
  });

  it('with letters, also folds compatibility forms and undecomposable letters, as instant search does', () => {
    expect(fold('Kyïv ZÜRICH Søren Łódź Straße ﬁsh', { letters: true })).toBe('kyiv zurich soren lodz strasse fish');
    expect(['Kyïv', 'Łódź', 'Æsir'].map(foldWord)).toEqual(['kyiv', 'lodz', 'aesir']);
  });
});
