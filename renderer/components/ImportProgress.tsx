/**
 * Progress of a bulk import: count, rate (files a minute), time left, cancel; then the
 * per-file report, filtered by outcome and sorted by outcome or name. A report with nothing to read (all added) closes itself after a few
 * seconds unless the pointer or focus is on it; Escape closes any finished report.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { formatCount } from '../lib/dates.ts';
import { Icon } from './Icon.tsx';

export type Outcome = 'added' | 'duplicate' | 'failed' | 'cancelled' | 'not tried';
export const OUTCOMES: readonly Outcome[] = ['added', 'duplicate', 'failed', 'cancelled', 'not tried'];

/** One file of the import and what became of it. */
export interface FileOutcome {
  name: string;
  outcome: Outcome;
  /** Why it failed; empty for the other outcomes. */
  reason: string;
  /** The clipping it added, or the one it duplicates (null when that is in the trash). */
  id: number | null;
  inTrash: boolean;
}

export interface ImportJob {
  total: number;
  done: number;
  skipped: number;
  /** Every file tried so far, in order; once finished also those not tried. */
  files: FileOutcome[];
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

type Sort = 'order' | 'outcome' | 'name';

export function ImportProgress({ job, onCancel, onClose, onOpen }: Props) {
  const [, tick] = useState(0);
  const running = job.finishedAt === null;
  useEffect(() => {
    if (!running) return;
    const t = window.setInterval(() => tick((n) => n + 1), 500);
    return () => window.clearInterval(t);
  }, [running]);
  const elapsed = ((job.finishedAt ?? performance.now()) - job.startedAt) / 1000;
  const perMinute = elapsed > 0 ? (job.done / elapsed) * 60 : 0;
  const counts = countOutcomes(job.files);
  const [showDetails, setShowDetails] = useState(false);
  const [filter, setFilter] = useState<Outcome | 'all'>('all');
  const [sort, setSort] = useState<Sort>('order');
  const title = running ? 'Importing…' : job.stopped ? 'Import stopped' : job.cancelled ? 'Import cancelled' : 'Import finished';
  const notTried = running ? 0 : job.total - job.done;
  const clean = !running && !job.stopped && !job.cancelled && notTried === 0 && counts.failed === 0 && counts.duplicate === 0 && job.skipped === 0;
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
  const rows = sortRows(
    job.files.filter((f) => filter === 'all' || f.outcome === filter),
    sort,
  );

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
        {formatCount(job.done)} of {formatCount(job.total)} · {formatCount(Math.round(perMinute))} files/min
        {running && <span> · {timeLeft(job.total - job.done, perMinute, job.done)}</span>}
        {running && job.current ? <span className="muted ellipsis"> · {job.current}</span> : null}
      </p>
      <p className="progress-summary">
        <span className="ok">{formatCount(counts.added)} added</span>
        {counts.duplicate > 0 && <span> · {formatCount(counts.duplicate)} duplicate{counts.duplicate === 1 ? '' : 's'}</span>}
        {counts.failed > 0 && (
          <span className="bad">
            {' '}
            · {formatCount(counts.failed)} failed
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
        {job.files.length > 0 && (
          <button type="button" className="btn small quiet" aria-expanded={showDetails} onClick={() => setShowDetails((s) => !s)}>
            {showDetails ? 'Hide details' : 'Show details'}
          </button>
        )}
      </div>
      {showDetails && (
        <>
          <div className="progress-filters">
            <label>
              Show{' '}
              <select className="field compact" value={filter} aria-label="Show files" onChange={(e) => setFilter(e.target.value as Outcome | 'all')}>
                <option value="all">all ({formatCount(job.files.length)})</option>
                {OUTCOMES.filter((o) => counts[outcomeKey(o)] > 0).map((o) => (
                  <option key={o} value={o}>
                    {o} ({formatCount(counts[outcomeKey(o)])})
                  </option>
                ))}
              </select>
            </label>
            <label>
              Sort{' '}
              <select className="field compact" value={sort} aria-label="Sort files" onChange={(e) => setSort(e.target.value as Sort)}>
                <option value="order">as imported</option>
                <option value="outcome">by outcome</option>
                <option value="name">by name</option>
              </select>
            </label>
          </div>
          <ul className="progress-details" aria-label="Files of the import">
            {rows.map((f, i) => (
              <li key={`${f.name}-${i}`} className={f.outcome === 'failed' ? 'bad' : undefined} data-outcome={f.outcome}>
                <strong>{f.name}</strong>: {lineFor(f)}
                {f.id !== null && !f.inTrash && (f.outcome === 'added' || f.outcome === 'duplicate') && (
                  <>
                    {' '}
                    (
                    <button type="button" className="linklike" onClick={() => onOpen(f.id!)}>
                      open it
                    </button>
                    )
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** How long a clean report stays (it says only "n added"). */
const AUTO_CLOSE_MS = 6000;

type Counts = Record<'added' | 'duplicate' | 'failed' | 'cancelled' | 'notTried', number>;
const outcomeKey = (o: Outcome): keyof Counts => (o === 'not tried' ? 'notTried' : o);

function countOutcomes(files: readonly FileOutcome[]): Counts {
  const c: Counts = { added: 0, duplicate: 0, failed: 0, cancelled: 0, notTried: 0 };
  for (const f of files) c[outcomeKey(f.outcome)]++;
  return c;
}

function sortRows(rows: FileOutcome[], sort: Sort): FileOutcome[] {
  if (sort === 'order') return rows;
  const byName = (a: FileOutcome, b: FileOutcome) => a.name.localeCompare(b.name, undefined, { numeric: true });
  if (sort === 'name') return [...rows].sort(byName);
  return [...rows].sort((a, b) => OUTCOMES.indexOf(a.outcome) - OUTCOMES.indexOf(b.outcome) || byName(a, b));
}

function lineFor(f: FileOutcome): string {
  if (f.outcome === 'failed') return f.reason;
  if (f.outcome === 'duplicate') return f.inTrash ? 'already in the archive (in the trash)' : 'already in the archive';
  if (f.outcome === 'cancelled') return 'cancelled, not stored';
  return f.outcome;
}

/** "about 3 min left" from the rate so far; nothing to go on before the first file is done. */
export function timeLeft(remaining: number, perMinute: number, done: number): string {
  if (done === 0 || perMinute <= 0) return 'estimating time left…';
  const seconds = (remaining / perMinute) * 60;
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} min left`;
  return `about ${Math.round(minutes / 6) / 10} h left`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
