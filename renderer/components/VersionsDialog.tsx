/** The versions of a clipping (the article captured again with changed text): any two compared word by word. */
import { useVersionDiff } from '../hooks/useVersionDiff.ts';
import type { DiffRun } from '../lib/diff.ts';
import { formatDateTime } from '../lib/dates.ts';
import { Dialog } from './Dialog.tsx';

function Runs({ runs }: { runs: DiffRun[] }) {
  return (
    <>
      {runs.map((r, i) =>
        r.kind === 'same' ? (
          <span key={i}>{r.text}</span>
        ) : r.kind === 'removed' ? (
          <del key={i} className="diff-removed">
            {r.text}
          </del>
        ) : (
          <ins key={i} className="diff-added">
            {r.text}
          </ins>
        ),
      )}
    </>
  );
}

export function VersionsDialog({ id, onClose }: { id: number; onClose: () => void }) {
  const v = useVersionDiff(id);
  const label = (n: number) => {
    const info = v.versions?.find((x) => x.version === n);
    return info ? `Version ${n}${info.current ? ' (current)' : ''}, captured ${formatDateTime(info.capturedAt)}` : `Version ${n}`;
  };
  const changed = v.diff ? v.diff.text.filter((r) => r.kind !== 'same').reduce((n, r) => n + (r.text.match(/\S+/g)?.length ?? 0), 0) : 0;
  return (
    <Dialog title={v.versions ? `${v.versions.length} versions` : 'Versions'} wide onClose={onClose}>
      {v.error && <p role="alert">{v.error}</p>}
      {v.versions && (
        <div className="versions-pick">
          <label htmlFor="version-from">Compare</label>
          <select id="version-from" className="field" value={v.from} onChange={(e) => v.setFrom(Number(e.target.value))}>
            {v.versions.map((x) => (
              <option key={x.version} value={x.version}>
                {label(x.version)}
              </option>
            ))}
          </select>
          <label htmlFor="version-to">with</label>
          <select id="version-to" className="field" value={v.to} onChange={(e) => v.setTo(Number(e.target.value))}>
            {v.versions.map((x) => (
              <option key={x.version} value={x.version}>
                {label(x.version)}
              </option>
            ))}
          </select>
        </div>
      )}
      {v.diff ? (
        <>
          <p className="muted small" aria-live="polite">
            {changed === 0 ? 'The two texts are the same.' : `${changed} ${changed === 1 ? 'word differs' : 'words differ'}: `}
            {changed > 0 && (
              <>
                <del className="diff-removed">removed</del> <ins className="diff-added">added</ins>
              </>
            )}
          </p>
          <div className="diff" tabIndex={0} aria-label="The differences">
            <h3 className="diff-title">
              <Runs runs={v.diff.title} />
            </h3>
            <Runs runs={v.diff.text} />
          </div>
        </>
      ) : (
        !v.error && <p className="muted small">Loading…</p>
      )}
    </Dialog>
  );
}
