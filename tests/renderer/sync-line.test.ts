import { expect, it } from 'vitest';
import type { TeamStatus } from '../../electron/contract/shapes.ts';
import { ago, overriddenLine, syncLine } from '../../renderer/lib/sync-line.ts';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const base: TeamStatus = { joined: true, server: 'http://team/', user: 'alice', role: 'editor', replica: 'r', cursor: 4, pending: 0, lastSync: '2026-12-07T11:59:00Z' };
const bg = { syncing: false, offline: false, error: null, nextTry: null, received: 0 };

it('says when the archive last synced, what waits to be sent, and whether the server is out of reach or refused', () => {
  expect(syncLine({ ...base, joined: false }, NOW)).toBeNull();
  expect(syncLine(null, NOW)).toBeNull();
  expect(syncLine({ ...base, pending: 3, background: { ...bg, offline: true, error: 'the team server at http://team/ cannot be reached (ECONNREFUSED)' } }, NOW)).toEqual({
    text: 'Synced 1 min ago · 3 changes waiting · offline',
    trouble: 'offline',
    error: 'the team server at http://team/ cannot be reached (ECONNREFUSED)',
  });
  expect(syncLine({ ...base, pending: 1, background: bg }, NOW)?.text).toBe('Synced 1 min ago · 1 change waiting');
  expect(syncLine({ ...base, background: { ...bg, error: 'the team server refused the token: this token is unknown or revoked' } }, NOW)).toMatchObject({ text: 'Synced 1 min ago · sync failed', trouble: 'failed' });
  expect(syncLine({ ...base, lastSync: null, background: { ...bg, syncing: true } }, NOW)?.text).toBe('Syncing…');
  expect(syncLine({ ...base, lastSync: null }, NOW)?.text).toBe('Not synced yet');
  expect(['2026-12-07T11:59:30Z', '2026-12-07T11:15:00Z', '2026-12-07T09:00:00Z', '2026-12-06T11:00:00Z', '2026-12-01T12:00:00Z'].map((t) => ago(t, NOW))).toEqual([
    'just now',
    '45 min ago',
    '3 h ago',
    '1 day ago',
    '6 days ago',
  ]);
});

it('says how many edits of the user a sync replaced, when there are any', () => {
  expect([undefined, 0, 1, 3].map((overridden) => overriddenLine({ ...base, overridden }))).toEqual([null, null, '1 edit of yours replaced', '3 edits of yours replaced']);
  expect(overriddenLine(null)).toBeNull();
});
