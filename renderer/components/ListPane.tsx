/** The middle pane: the list's head, the coverage chart, the rows (or why there are none) and the selection bar. */
import type { Mode } from '../api.ts';
import type { TagCount } from '../../electron/contract/shapes.ts';
import type { useCoverageSettings } from '../hooks/useCoverageSettings.ts';
import type { ListApi } from '../hooks/useList.ts';
import type { SearchState } from '../hooks/useSearchState.ts';
import type { SelectionState } from '../hooks/useSelection.ts';
import type { BulkActions } from '../hooks/useBulkActions.ts';
import { ClippingList } from './ClippingList.tsx';
import { Coverage } from './Coverage.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { Icon } from './Icon.tsx';
import { ListHead } from './ListHead.tsx';
import { EmptyArchive, NoMatches } from './ListEmpty.tsx';
import { SelectionBar } from './SelectionBar.tsx';

interface Props {
  list: ListApi;
  search: SearchState;
  sel: SelectionState;
  coverage: ReturnType<typeof useCoverageSettings>;
  tags: TagCount[];
  mode: Mode;
  emptyArchive: boolean;
  onImport: () => void;
  onExport: () => void;
  bulk: BulkActions;
  onBulkTag: () => void;
  onBulkEdit: () => void;
  onSaveSearch: () => void;
  onSearchAll: () => void;
}

export function ListPane({ list, search, sel, coverage, tags, mode, emptyArchive, onImport, onExport, bulk, onBulkTag, onBulkEdit, onSaveSearch, onSearchAll }: Props) {
  const { state } = list;
  return (
    // Busy while the search asked for is still coming in (its first hits shown, the rest on the way).
    <section className="list-pane" aria-label="Clippings" tabIndex={-1} aria-busy={state.loading || state.partial || state.query !== search.query}>
      <ErrorBoundary where="The list">
        <ListHead state={state} search={search} showCoverage={coverage.show} onToggleCoverage={coverage.toggle} onSaveSearch={onSaveSearch} />
        {coverage.show && !emptyArchive && state.total > 0 && (
          <Coverage
            ready={!state.loading && !state.partial && state.query === search.query}
            query={search.query}
            total={state.total}
            closeMatches={state.closeMatches}
            version={state.refreshes}
            fromList={state.histogram}
            bucket={coverage.bucket}
            stackBy={coverage.stackBy}
            onBucket={coverage.setBucket}
            onStackBy={coverage.setStackBy}
            onPick={search.pickPeriod}
          />
        )}
        {state.error ? (
          <div className="list-empty" role="alert">
            <Icon name="alert" size={28} />
            <p>{state.error}</p>
          </div>
        ) : emptyArchive ? (
          <EmptyArchive onImport={onImport} mode={mode} />
        ) : !state.loading && state.total === 0 ? (
          <NoMatches
            text={search.searchText}
            didYouMean={state.didYouMean}
            hasFilters={search.chips.length > 0 || search.scope.key !== 'all'}
            onTry={(q) => {
              search.setTyped(q);
              search.runSearch(q);
            }}
            onClear={onSearchAll}
          />
        ) : (
          <ClippingList list={list} openId={sel.open?.id ?? null} selection={sel.selection} allSelected={sel.allResults} tags={tags} onOpen={sel.openRow} onSelect={sel.onSelect} onSelectAll={sel.selectAll} onClearSelection={sel.clearSelection} scrollToIndex={sel.scrollTo} />
        )}
        {sel.selectedCount > 1 && (
          <SelectionBar bulk={bulk} allResults={sel.allResults} total={state.total} onSelectAll={sel.selectAll} onClear={sel.clearSelection} onTag={onBulkTag} onEdit={onBulkEdit} onExport={onExport} />
        )}
      </ErrorBoundary>
    </section>
  );
}
