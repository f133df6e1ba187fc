import type { OverriddenRow } from '../../../db/sync.ts';
import { SyncRepo } from '../../../db/sync.ts';
import type { ArgsOut } from '../../contract/methods.ts';
import type { ClippingDetail, FieldGroup, OverriddenEdit } from '../../contract/shapes.ts';
import { ApiError } from '../../contract/errors.ts';
import type { Core } from '../context.ts';

/**
 * The user's own edits that a later edit made elsewhere overrode in a sync (db/sync.ts
 * keeps them, migration 022): listed for the details panel and the CLI, restored as a
 * new edit of one's own, or dismissed.
 */

/** How long a kept text is shown: its first paragraphs up to this many characters. */
const TEXT_SHOWN = 600;

/** The hybrid logical clock's time (docs/team-archive.md: ms × 1024 + counter). */
const clockTime = (hlc: number): string => new Date(Math.floor(hlc / 1024)).toISOString();

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The value of a field group as the panel shows it. */
function shown(field: FieldGroup, v: Record<string, unknown>): string | null {
  switch (field) {
    case 'url':
      return str(v.canonical_url) ?? str(v.source_url);
    case 'dates':
      return str(v.published_at);
    case 'body': {
      const text = str(v.text);
      return text && text.length > TEXT_SHOWN ? `${text.slice(0, TEXT_SHOWN).trimEnd()}…` : text;
    }
    case 'starred':
      return v.starred ? 'starred' : 'not starred';
    case 'press': {
      const parts = [v.media_type, v.section, v.page === null || v.page === undefined ? null : `page ${String(v.page)}`, v.tone].map(str).filter((p) => p !== null);
      return parts.length ? parts.join(' · ') : null;
    }
    case 'trash':
      return v.deleted_at ? 'in the trash' : 'not in the trash';
    default:
      return str(v[field]);
  }
}

function edit(r: OverriddenRow): OverriddenEdit {
  const field = r.field as FieldGroup;
  return { clippingId: r.clippingId, clippingTitle: r.clippingTitle, field, yours: shown(field, r.value), replacedAt: clockTime(r.byHlc), replacedBy: r.byUser, recordedAt: r.recordedAt };
}

export function listConflicts(core: Core, { clippingId }: ArgsOut<'team.conflicts'>): OverriddenEdit[] {
  return new SyncRepo(core.db).overridden(clippingId).map(edit);
}

/** Writes the user's value back as a new edit (a text re-anchors the clipping's highlights, as a hand edit does). */
export function restoreConflict(core: Core, { clippingId, field }: ArgsOut<'team.restoreConflict'>): ClippingDetail {
  const repo = new SyncRepo(core.db);
  core.write(() => {
    const value = repo.restoreOverridden(clippingId, field, core.now());
    if (!value) throw new ApiError('not_found', `clipping ${clippingId} has no overridden ${field} of yours to restore`);
    if (field === 'body') core.reanchorAll(clippingId, String(value.text));
  });
  return core.detail(clippingId);
}

export function dismissConflict(core: Core, { clippingId, field }: ArgsOut<'team.dismissConflict'>): { dismissed: boolean } {
  const repo = new SyncRepo(core.db);
  return { dismissed: core.write(() => repo.dismissOverridden(clippingId, field)) };
}
