/**
 * The metadata form: every field a person can correct (title, byline, outlet, date, URL,
 * language, media type, section, page, tone). For one clipping it starts from its values
 * and marks the fields edited by hand; for a selection it starts empty and changes only
 * the fields filled in. The date is read by the core and shown back as it understood it.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { MEDIA_TYPES, TONES } from '../../electron/contract/enums.ts';
import type { MetadataValues } from '../../electron/contract/shapes.ts';
import type { MetadataPatch } from '../hooks/useMetadataEdit.ts';
import { formatDateTime } from '../lib/dates.ts';

type Key = keyof MetadataPatch;

const FIELDS: { key: Key; label: string; options?: readonly string[]; hint?: string }[] = [
  { key: 'title', label: 'Title' },
  { key: 'byline', label: 'Byline' },
  { key: 'outlet', label: 'Outlet' },
  { key: 'publishedAt', label: 'Date', hint: 'e.g. 2021-12-08, 8 December 2021, 08.12.2021 15:51' },
  { key: 'url', label: 'URL' },
  { key: 'lang', label: 'Language', hint: 'e.g. en, de, fr' },
  { key: 'mediaType', label: 'Media type', options: MEDIA_TYPES },
  { key: 'section', label: 'Section' },
  { key: 'page', label: 'Page' },
  { key: 'tone', label: 'Tone', options: TONES },
];

/** What a selection's form leaves out: one title or address for many clippings makes no sense. */
const ONE_CLIPPING_ONLY: readonly Key[] = ['title', 'url'];

/** Leave a field as it is (a selection's form). */
const KEEP = '';
/** Clear a choice field. */
const NONE = '\u0000none';

interface Props {
  /** One clipping's values; null for a selection. */
  values: Omit<MetadataValues, 'id'> | null;
  edited?: readonly string[];
  /** In a team archive: who last changed each field (a field not listed: nobody since the clipping was added). */
  editedBy?: Partial<Record<Key, string>>;
  onSave: (patch: MetadataPatch) => Promise<string | null>;
  onCancel: () => void;
  saveLabel?: string;
}

function start(values: Props['values']): Record<Key, string> {
  const out = {} as Record<Key, string>;
  for (const f of FIELDS) out[f.key] = values ? (values[f.key] ?? (f.options ? NONE : '')) : KEEP;
  return out;
}

export function DetailsForm({ values, edited = [], editedBy = {}, onSave, onCancel, saveLabel = 'Save' }: Props) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  // Opened (or shown again after a save): the first field has the focus.
  useEffect(() => formRef.current?.querySelector<HTMLElement>('input, select')?.focus(), []);
  const [form, setForm] = useState(() => start(values));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const initial = start(values);

  const patch = (): MetadataPatch => {
    const out: Record<string, string | null> = {};
    for (const f of FIELDS) {
      const v = form[f.key];
      if (values ? v === initial[f.key] : v === KEEP) continue;
      out[f.key] = v === NONE ? null : v.trim();
    }
    return out as MetadataPatch;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = patch();
    if (Object.keys(p).length === 0) return onCancel();
    if (p.title !== undefined && !p.title?.trim()) return setError('A clipping needs a title.');
    setSaving(true);
    const refused = await onSave(p);
    setSaving(false);
    setError(refused);
  };

  return (
    <form
      ref={formRef}
      className="details-form"
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <div className="details-grid">
        {FIELDS.filter((f) => values !== null || !ONE_CLIPPING_ONLY.includes(f.key)).map((f) => {
          const fid = `${id}-${f.key}`;
          const by = values !== null ? editedBy[f.key] : undefined;
          const isEdited = values !== null && (edited.includes(f.key) || by !== undefined);
          return (
            <div key={f.key} className={`details-field${f.key === 'title' ? ' wide' : ''}`}>
              <label htmlFor={fid} className="field-label">
                {f.label}
                {isEdited && (
                  <span className="edited-mark" title={by ? `Last changed by ${by}` : 'Corrected by hand: re-extraction leaves it alone'}>
                    {by ? `edited by ${by}` : 'edited'}
                  </span>
                )}
              </label>
              {f.options ? (
                <select id={fid} className="field" value={form[f.key]} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })}>
                  {values === null && <option value={KEEP}>Leave as is</option>}
                  <option value={NONE}>None</option>
                  {f.options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={fid}
                  className="field"
                  value={form[f.key]}
                  placeholder={values === null ? 'Leave as is' : f.hint}
                  aria-describedby={f.key === 'publishedAt' && values?.publishedAt ? `${fid}-read` : undefined}
                  onChange={(e) => setForm({ ...form, [f.key]: e.target.value })}
                />
              )}
              {f.key === 'publishedAt' && values?.publishedAt && (
                <span id={`${fid}-read`} className="muted small date-read">
                  Read as {formatDateTime(values.publishedAt)}
                </span>
              )}
            </div>
          );
        })}
      </div>
      {error && (
        <p id={`${id}-error`} className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="details-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn primary" disabled={saving}>
          {saveLabel}
        </button>
      </div>
    </form>
  );
}
