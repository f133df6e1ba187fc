/**
 * Progress of a bulk import: count, rate, cancel; every failure with its reason;
 * duplicates. A report with nothing to read (all added) closes itself after a few
 * seconds unless the pointer or focus is on it; Escape closes any finished report.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { formatCount } from '../lib/dates.ts';
import { Icon } from './Icon.tsx';

export interface ImportJob {
  total: number;
  done: number;
  added: number;
  skipped: number;
  duplicates: { name: string; of: number | null; inTrash: boolean }[];
  errors: { name: string; reason: string }[];
  current: string;
  startedAt: number;
  finishedAt: number | null;
  cancelled: boolean;
  /** Why the import stopped before the end (a full disk); the files after `done` were not tried. */
  stopped: string | null;
  lastAdded: { id: number; title: string } | null;
}

interface Props {
  job: ImportJob;
  onCancel: () => void;
  onClose: () => void;
  onOpen: (id: number) => void;
}

export function ImportProgress({ job, onCancel, onClose, onOpen }: Props) {
  const [, tick] = useState(0);
  const running = job.finishedAt === null;
  useEffect(() => {
    if (!running) return;
    const t = window.setInterval(() => tick((n) => n + 1), 500);
    return () => window.clearInterval(t);
  }, [running]);
  const elapsed = ((job.finishedAt ?? performance.now()) - job.startedAt) / 1000;
  const rate = elapsed > 0 ? job.done / elapsed : 0;
  const [showDetails, setShowDetails] = useState(job.errors.length > 0);
  const title = running ? 'Importing…' : job.stopped ? 'Import stopped' : job.cancelled ? 'Import cancelled' : 'Import finished';
  const notTried = running ? 0 : job.total - job.done;
  const clean = !running && !job.stopped && !job.cancelled && notTried === 0 && job.errors.length === 0 && job.duplicates.length === 0 && job.skipped === 0;
  const [held, setHeld] = useState(false);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    if (!clean || held) return;
    const t = window.setTimeout(() => closeRef.current(), AUTO_CLOSE_MS);
    return () => window.clearTimeout(t);
  }, [clean, held]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !running) {
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <section
      className="import-progress"
      aria-label="Import progress"
      onKeyDown={onKeyDown}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setHeld(false)}
    >
      <header>
        <strong>{title}</strong>
        {!running && (
          <button type="button" className="icon-btn small" aria-label="Close the import report" onClick={onClose}>
            <Icon name="close" size={12} />
          </button>
        )}
      </header>
      <progress max={Math.max(1, job.total)} value={job.done} aria-label="Files imported" />
      <p className="progress-line" aria-live="polite">
        {formatCount(job.done)} of {formatCount(job.total)} · {rate >= 10 ? Math.round(rate) : rate.toFixed(1)} files/s
        {running && job.current ? <span className="muted ellipsis"> · {job.current}</span> : null}
      </p>
      <p className="progress-summary">
        <span className="ok">{formatCount(job.added)} added</span>
        {job.duplicates.length > 0 && <span> · {formatCount(job.duplicates.length)} duplicate{job.duplicates.length === 1 ? '' : 's'}</span>}
        {job.errors.length > 0 && (
          <span className="bad">
            {' '}
            · {formatCount(job.errors.length)} failed
          </span>
        )}
        {job.skipped > 0 && <span className="muted"> · {formatCount(job.skipped)} skipped (not captures)</span>}
        {notTried > 0 && <span className="bad"> · {formatCount(notTried)} not tried</span>}
      </p>
      {job.stopped && (
        <p className="bad" role="alert">
          {job.stopped}
        </p>
      )}
      <div className="progress-actions">
        {running ? (
          <button type="button" className="btn small" onClick={onCancel}>
            Cancel
          </button>
        ) : (
          job.lastAdded && (
            <button type="button" className="btn small" onClick={() => onOpen(job.lastAdded!.id)}>
              Open “{truncate(job.lastAdded.title, 32)}”
            </button>
          )
        )}
        {(job.errors.length > 0 || job.duplicates.length > 0) && (
          <button type="button" className="btn small quiet" aria-expanded={showDetails} onClick={() => setShowDetails((s) => !s)}>
            {showDetails ? 'Hide details' : 'Show details'}
          </button>
        )}
      </div>
      {showDetails && (
        <ul className="progress-details">
          {job.errors.map((e, i) => (
            <li key={`e${i}`} className="bad">
              <strong>{e.name}</strong>: {e.reason}
            </li>
          ))}
          {job.duplicates.map((d, i) => (
            <li key={`d${i}`}>
              <strong>{d.name}</strong>: already in the archive
              {d.of !== null && !d.inTrash && (
                <>
                  {' '}
                  (
                  <button type="button" className="linklike" onClick={() => onOpen(d.of!)}>
                    open it
                  </button>
                  )
                </>
              )}
              {d.inTrash ? ' (in the trash)' : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** How long a clean report stays (it says only "n added"). */
const AUTO_CLOSE_MS = 6000;

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
