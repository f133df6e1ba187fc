import { describe, expect, it } from 'vitest';
import { digestModel } from '../../electron/core/export/model.ts';
import { clipping, others } from './fixtures.ts';

const now = new Date('2026-12-06T12:00:00Z');

describe('press review date range', () => {
  it('spans publication dates only: an undated clipping captured today does not stretch it', () => {
    const undated = clipping({ id: 9, title: 'Undated note', publishedAt: null, capturedAt: '2026-12-06T08:00:00.000Z' });
    expect(digestModel([...others(), undated], { now }).dateRange).toBe('6 December 2021 – 10 December 2021');
  });

  it('falls back to capture dates when no clipping has a publication date, and says so', () => {
    const a = clipping({ id: 9, title: 'A', publishedAt: null, capturedAt: '2026-11-20T08:00:00.000Z' });
    const b = clipping({ id: 10, title: 'B', publishedAt: null, capturedAt: '2026-12-06T08:00:00.000Z' });
    expect(digestModel([a, b], { now }).dateRange).toBe('Captured 20 November 2026 – 6 December 2026');
  });
});
