/**
 * The user's own edits of the open clipping that a later edit made elsewhere replaced in
 * a team sync (`team.conflicts`): each says what was replaced and when, shows the user's
 * value, and offers it back (Restore: a new edit of the user's, which wins and syncs to
 * everyone) or lets it go (Dismiss).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FieldGroup, OverriddenEdit } from '../../electron/contract/shapes.ts';
import { errorMessage } from '../api.ts';
import { useApi, useNotify, useTeam } from '../context.ts';
import { formatDateTime } from '../lib/dates.ts';

const NAMES: Record<FieldGroup, string> = {
  title: 'title',
  byline: 'byline',
  outlet: 'outlet',
  url: 'address',
  dates: 'date',
  body: 'text',
  note: 'note',
  starred: 'star',
  press: 'press details',
  trash: 'trash state',
};

interface Props {
  clippingId: number;
  /** Changes when the clipping or the archive may have changed (an edit, a sync): asked again then. */
  version: string;
  /** New overridden edits were found: the clipping shown is reloaded (it holds the winning values). */
  onFound: () => void;
  /** A value was restored: the clipping shown and its list row follow. */
  onRestored: () => void;
}

export function OverriddenEdits({ clippingId, version, onFound, onRestored }: Props) {
  const api = useApi();
  const notify = useNotify();
  const [edits, setEdits] = useState<OverriddenEdit[]>([]);
  const [busy, setBusy] = useState(false);
  /** What was found last (field and when recorded), to tell new ones. */
  const known = useRef(new Set<string>());

  // Asked only while the archive keeps any (team.status counts them): opening a clipping stays one request.
  const any = (useTeam().status?.overridden ?? 0) > 0;
  const load = useCallback(() => api['team.conflicts']({ clippingId }), [api, clippingId]);
  useEffect(() => {
    if (!any) {
      setEdits([]);
      known.current = new Set();
      return;
    }
    let cancelled = false;
    load()
      .then((found) => {
        if (cancelled) return;
        const keys = found.map((f) => `${f.field}|${f.recordedAt}`);
        const fresh = keys.some((k) => !known.current.has(k));
        known.current = new Set(keys);
        setEdits(found);
        if (fresh) onFound();
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- asked again when the clipping or the version changes
  }, [load, version, any]);
  // Another clipping: what the last one had is not shown meanwhile.
  useEffect(() => {
    setEdits([]);
    known.current = new Set();
  }, [clippingId]);

  if (edits.length === 0) return null;

  const act = async (edit: OverriddenEdit, restore: boolean) => {
    setBusy(true);
    try {
      if (restore) await api['team.restoreConflict']({ clippingId, field: edit.field });
      else await api['team.dismissConflict']({ clippingId, field: edit.field });
      setEdits(await load());
      if (restore) {
        onRestored();
        notify(`Your ${NAMES[edit.field]} is back; it goes to the team at the next sync.`);
      }
    } catch (err) {
      notify(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="overridden-panel" aria-label="Edits of yours replaced in a sync">
      {edits.map((e) => (
        <div key={e.field} className="overridden" role="status">
          {e.field === 'trash' ? (
            <p className="overridden-what">
              You {e.yours === 'in the trash' ? 'put this clipping in the trash' : 'took this clipping out of the trash'}; a later edit{' '}
              {e.replacedBy ? `of ${e.replacedBy}'s` : 'made elsewhere'} on{' '}
              <time dateTime={e.replacedAt}>{formatDateTime(e.replacedAt)}</time> {e.yours === 'in the trash' ? 'took it out' : 'put it back'}.
            </p>
          ) : (
            <>
              <p className="overridden-what">
                Your {NAMES[e.field]} was replaced by a later edit {e.replacedBy ? `of ${e.replacedBy}'s` : 'made elsewhere'} on{' '}
                <time dateTime={e.replacedAt}>{formatDateTime(e.replacedAt)}</time>.
              </p>
              <p className={`overridden-value${e.field === 'body' ? ' long' : ''}`}>
                <span className="overridden-label">Yours:</span> {e.yours ?? <em>(empty)</em>}
              </p>
            </>
          )}
          <div className="overridden-actions">
            <button type="button" className="btn small" disabled={busy} onClick={() => void act(e, true)}>
              Restore
            </button>
            <button type="button" className="btn small quiet" disabled={busy} onClick={() => void act(e, false)}>
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
