/** The bar under the list while several clippings are selected: what can be done to all of them at once. */
import type { BulkActions } from '../hooks/useBulkActions.ts';
import { formatCount } from '../lib/dates.ts';

interface Props {
  bulk: BulkActions;
  /** Every result is selected (not only picked rows). */
  allResults: boolean;
  total: number;
  onSelectAll: () => void;
  onClear: () => void;
  onTag: () => void;
  onEdit: () => void;
  onExport: () => void;
}

export function SelectionBar({ bulk, allResults, total, onSelectAll, onClear, onTag, onEdit, onExport }: Props) {
  return (
    <div className="selection-bar" role="region" aria-label="Selection">
      <span className="selection-count" aria-live="polite">
        {formatCount(bulk.count)} selected
      </span>
      {!allResults && total > bulk.count && (
        <button type="button" className="linklike small" onClick={onSelectAll}>
          Select all {formatCount(total)}
        </button>
      )}
      <button type="button" className="btn small quiet" onClick={onClear}>
        Clear
      </button>
      <div className="selection-actions" role="toolbar" aria-label="Actions on the selection">
        <button type="button" className="btn small" onClick={() => void bulk.star(true)}>
          Star
        </button>
        <button type="button" className="btn small" onClick={() => void bulk.star(false)}>
          Unstar
        </button>
        <button type="button" className="btn small" onClick={() => void bulk.markRead(true)}>
          Mark read
        </button>
        <button type="button" className="btn small" onClick={() => void bulk.markRead(false)}>
          Mark unread
        </button>
        <button type="button" className="btn small" onClick={onTag}>
          Tags…
        </button>
        <button type="button" className="btn small" onClick={onEdit}>
          Edit details…
        </button>
        <button type="button" className="btn small" onClick={onExport}>
          Export…
        </button>
        <button type="button" className="btn small danger-quiet" onClick={() => void bulk.remove()}>
          Delete
        </button>
      </div>
    </div>
  );
}
