/**
 * The settings a connection writes with while it imports in bulk (db/bulk.ts): set by the
 * first bulk writer on the connection, put back after the last.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { beginBulkWriting } from '../../db/bulk.ts';
import { openDatabase } from '../../db/open.ts';
import { tempDir } from '../helpers.ts';

const settings = (db: ReturnType<typeof openDatabase>) => ({
  cacheSize: db.pragma('cache_size', { simple: true }),
  checkpointPages: db.pragma('wal_autocheckpoint', { simple: true }),
});

describe('bulk writing settings', () => {
  it('a larger cache and a WAL checkpointed every 8,000 pages while any bulk writer runs; the settings before after the last', () => {
    const db = openDatabase(path.join(tempDir(), 'c.db'));
    db.pragma('cache_size = -1234');
    db.pragma('wal_autocheckpoint = 777');
    const before = settings(db);
    const bulk = { cacheSize: -65536, checkpointPages: 8000 };
    const first = beginBulkWriting(db);
    expect(settings(db)).toEqual(bulk);
    const second = beginBulkWriting(db);
    first();
    first(); // (ending twice counts once)
    expect(settings(db)).toEqual(bulk);
    second();
    expect(settings(db)).toEqual(before);
    db.close();
  });
});
