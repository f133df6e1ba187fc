/** The import progress's time left (renderer/components/ImportProgress.tsx), from the rate so far. */
import { describe, expect, it } from 'vitest';
import { timeLeft } from '../../renderer/components/ImportProgress.tsx';

describe('timeLeft', () => {
  it('says it is estimating until a file is done', () => {
    expect(timeLeft(40, 0, 0)).toBe('estimating time left…');
    expect(timeLeft(40, 120, 0)).toBe('estimating time left…');
  });

  it('seconds under a minute, minutes under an hour and a half, then hours', () => {
    expect(timeLeft(30, 60, 10)).toBe('30 s left');
    expect(timeLeft(1, 6000, 10)).toBe('1 s left');
    expect(timeLeft(600, 60, 10)).toBe('about 10 min left');
    expect(timeLeft(6000, 60, 10)).toBe('about 1.7 h left');
  });
});
