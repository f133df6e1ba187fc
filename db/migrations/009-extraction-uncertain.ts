import type { Migration } from './index.ts';

/**
 * A clipping whose extraction the archive is not sure of (`extractionUncertain` in the
 * contract): the capture gave no title, so the title shown is the body's first words.
 * Set by import and re-extraction, cleared when the user corrects the title. Clippings
 * stored before this migration start as not uncertain; re-extraction sets the flag.
 */
export const migration009: Migration = {
  version: 9,
  name: 'extraction uncertain flag',
  up: `ALTER TABLE clippings ADD COLUMN extraction_uncertain INTEGER NOT NULL DEFAULT 0 CHECK (extraction_uncertain IN (0, 1));`,
};
