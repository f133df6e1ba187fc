/**
 * The open clipping's data and the edits that change it: loaded (and marked read, unless
 * the settings say otherwise) when the clipping changes; star, read, tags and the clip
 * note, each saved to the core.
 *
 * Asked for ahead (`fetchAhead`): a press on a list row asks for its clipping at once,
 * before the button comes up and the click opens it, so the text is on its way (or there)
 * when the reader mounts, which then shows it in its first render instead of the head alone.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { ClippingDetail } from '../../electron/contract/shapes.ts';
import { ApiError } from '../../electron/contract/errors.ts';
import { errorMessage, type Api } from '../api.ts';
import { useApi, useNotify } from '../context.ts';
import type { Row } from './useList.ts';

interface Options {
  onChanged: (id: number, patch: Partial<Row>) => void;
  /** Opening it marked it read (the setting): the list and the unread count follow, nothing is reloaded. */
  onOpenedRead: (id: number) => void;
  onTagsChanged: () => void;
  /** Called as a clipping starts loading (the reader resets what it shows). */
  onReset: () => void;
  scroller: RefObject<HTMLDivElement | null>;
  /** Opening the clipping marks it read (the setting). */
  markRead: boolean;
}

/** A clipping asked for ahead of its opening: the one latest press's, taken once. */
interface Ahead {
  api: Api;
  id: number;
  at: number;
  answer: Promise<ClippingDetail>;
  /** The answer, once in. */
  detail?: ClippingDetail;
}
let ahead: Ahead | null = null;
/** An answer asked for longer ago than this is not used (a press that was no click; the clipping may have changed since). */
const AHEAD_MS = 1500;

/** Asks for a clipping about to be opened (a press on its row): the reader that opens it next takes the answer. */
export function fetchAhead(api: Api, id: number): void {
  if (ahead && ahead.api === api && ahead.id === id && performance.now() - ahead.at < AHEAD_MS) return;
  const entry: Ahead = { api, id, at: performance.now(), answer: api['clippings.get']({ id }) };
  entry.answer.then(
    (d) => (entry.detail = d),
    () => {},
  );
  ahead = entry;
}

/** The answer asked for ahead for this clipping, if there is a fresh one (taken: a later opening asks again). */
function takeAhead(api: Api, id: number): Ahead | null {
  const a = ahead;
  if (!a || a.api !== api || a.id !== id) return null;
  ahead = null;
  return performance.now() - a.at < AHEAD_MS ? a : null;
}

export function useClipping(id: number, { onChanged, onOpenedRead, onTagsChanged, onReset, scroller, markRead }: Options) {
  const api = useApi();
  const notify = useNotify();
  /** What was asked for ahead of this opening (taken in the first render), until the load below uses it. */
  const [first] = useState(() => takeAhead(api, id));
  const unused = useRef(first);
  // Its answer already in: shown in the first render (one in the trash is told below).
  const [detail, setDetail] = useState<ClippingDetail | null>(first?.detail && !first.detail.deletedAt ? first.detail : null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState(first?.detail?.note ?? '');
  const [noteState, setNoteState] = useState<'idle' | 'saving' | 'saved'>('idle');
  /** The note as last loaded or saved: a note shown that differs from it is being typed. */
  const storedNote = useRef(first?.detail?.note ?? '');

  useEffect(() => {
    let cancelled = false;
    const a = unused.current;
    unused.current = null;
    const asked = a && a.api === api && a.id === id ? a : null;
    if (!asked?.detail || asked.detail.deletedAt) setDetail(null);
    setError(null);
    onReset();
    (asked?.answer ?? api['clippings.get']({ id }))
      .then((d) => {
        if (cancelled) return;
        // A link (the address, Back) may name a clipping since put in the trash.
        if (d.deletedAt) {
          setError(`“${d.title || `Clipping ${id}`}” is in the trash. Restore it from the Trash to read it.`);
          return;
        }
        setDetail(d);
        setNote(d.note);
        storedNote.current = d.note;
        setNoteState('idle');
        // (Shown in the first render, it is at its top already, and may be scrolling to its first match.)
        if (d !== asked?.detail) scroller.current?.scrollTo({ top: 0 });
        if (!d.read && markRead) {
          api['clippings.setFlags']({ selection: { ids: [id] }, read: true })
            .then(() => {
              if (cancelled) return;
              setDetail((x) => (x && x.id === id ? { ...x, read: true } : x));
              onOpenedRead(id);
            })
            .catch(() => {});
        }
      })
      .catch((err: unknown) => !cancelled && setError(err instanceof ApiError && err.code === 'not_found' ? `Clipping ${id} is no longer in the archive: it was deleted for good, or the link is wrong.` : errorMessage(err)));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload only when the clipping changes
  }, [api, id]);

  const reload = useCallback(async () => {
    const d = await api['clippings.get']({ id });
    setDetail(d);
    // Taken out of the trash (a restored edit): it can be read again.
    if (!d.deletedAt) setError(null);
    // A note changed meanwhile (a sync, a restored edit) is shown, unless another is being typed.
    const was = storedNote.current;
    setNote((shown) => (shown === was ? d.note : shown));
    storedNote.current = d.note;
    return d;
  }, [api, id]);

  /** Flips the star or the read state, at once on screen, put back if the core refuses. */
  const toggleFlag = async (flag: 'starred' | 'read') => {
    if (!detail) return;
    const value = !detail[flag];
    setDetail({ ...detail, [flag]: value });
    try {
      await api['clippings.setFlags']({ selection: { ids: [detail.id] }, [flag]: value });
      onChanged(detail.id, { [flag]: value });
    } catch (err) {
      setDetail({ ...detail });
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  const changeTags = async (how: 'tags.add' | 'tags.remove', name: string) => {
    if (!detail) return;
    try {
      const r = await api[how]({ id: detail.id, tags: [name] });
      setDetail((d) => (d ? { ...d, tags: r.tags } : d));
      onChanged(detail.id, { tags: r.tags });
      onTagsChanged();
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  const editNote = (text: string) => {
    setNote(text);
    setNoteState('idle');
  };

  const saveNote = async () => {
    if (!detail || note === detail.note) return;
    setNoteState('saving');
    try {
      const d = await api['clippings.setNote']({ id: detail.id, note });
      setDetail(d);
      storedNote.current = d.note;
      setNoteState('saved');
    } catch (err) {
      setNoteState('idle');
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  return {
    detail,
    error,
    reload,
    toggleStar: () => toggleFlag('starred'),
    toggleRead: () => toggleFlag('read'),
    addTag: (name: string) => changeTags('tags.add', name),
    removeTag: (name: string) => changeTags('tags.remove', name),
    note,
    noteState,
    editNote,
    saveNote,
  };
}

export type ClippingState = ReturnType<typeof useClipping>;
