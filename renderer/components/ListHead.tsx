/** The list's head: its title and count, sort, facet pickers, save search, the coverage toggle and the filter chips. */
import type { Facets } from '../../electron/contract/shapes.ts';
import type { ListState, Sort } from '../hooks/useList.ts';
import type { SearchState } from '../hooks/useSearchState.ts';
import { formatCount } from '../lib/dates.ts';
import { dateRangeLabel, filter } from '../lib/query.ts';
import { Icon } from './Icon.tsx';

interface Props {
  state: ListState;
  search: SearchState;
  showCoverage: boolean;
  onToggleCoverage: () => void;
  onSaveSearch: () => void;
}

export function ListHead({ state, search, showCoverage, onToggleCoverage, onSaveSearch }: Props) {
  const { query, chips, searching } = search;
  // What a date filter stands for ("after:2019-11" = from 1 Dec 2019), beside the results.
  const dates = dateRangeLabel(state.dates);
  return (
    <div className="list-head">
      <div className="list-title-row">
        <h1 className="list-title">{search.listTitle}</h1>
        <span className="list-count" aria-live="polite">
          {state.loading ? 'Searching…' : countLabel(state)}
          {!state.loading && state.tookMs !== null && query ? <span className="muted"> · {state.tookMs < 1 ? '<1' : Math.round(state.tookMs)} ms</span> : null}
        </span>
      </div>
      {dates && <p className="list-dates">{dates}</p>}
      <div className="list-tools">
        <label className="sort">
          <span className="visually-hidden">Sort</span>
          <select className="field compact" value={search.effectiveSort} onChange={(e) => search.setSort(e.target.value as Sort)} aria-label="Sort">
            {searching && <option value="relevance">Best match</option>}
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </label>
        {state.facets && <FacetPickers facets={state.facets} search={search} />}
        <span className="spacer" />
        {query && searching && (
          <button type="button" className="btn small quiet" onClick={onSaveSearch}>
            <Icon name="bookmark" size={14} /> Save search
          </button>
        )}
        <button type="button" className={`btn small quiet${showCoverage ? ' on' : ''}`} aria-pressed={showCoverage} onClick={onToggleCoverage}>
          <Icon name="chart" size={14} /> Coverage
        </button>
      </div>
      {chips.length > 0 && (
        <ul className="chips" aria-label="Filters">
          {chips.map((c) => (
            <li key={c.query} className="filter-chip">
              {c.label}
              <button type="button" className="chip-x" aria-label={`Remove filter ${c.label}`} onClick={() => search.removeChip(c.query)}>
                <Icon name="close" size={11} />
              </button>
            </li>
          ))}
          <li>
            <button type="button" className="linklike small" onClick={search.clearChips}>
              Clear all
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}

function FacetPickers({ facets, search }: { facets: Facets; search: SearchState }) {
  return (
    <>
      <FacetSelect label="Tag" values={facets.tags.map((t) => ({ name: t.name, count: t.count }))} onPick={(v) => search.addChip({ label: `Tag: ${v}`, query: filter('tag', v) })} />
      <FacetSelect label="Outlet" values={facets.outlets} onPick={(v) => search.addChip({ label: v, query: filter('outlet', v) })} />
      <FacetSelect label="Year" values={facets.years.map((y) => ({ name: y.year, count: y.count }))} onPick={(v) => search.addChip({ label: v, query: `on:${v}` })} />
    </>
  );
}

function FacetSelect({ label, values, onPick }: { label: string; values: { name: string; count: number }[]; onPick: (v: string) => void }) {
  if (values.length === 0) return null;
  return (
    <select
      className="field compact facet"
      aria-label={`Narrow by ${label.toLowerCase()}`}
      value=""
      onChange={(e) => {
        if (e.target.value) onPick(e.target.value);
      }}
    >
      <option value="">{label}</option>
      {values.slice(0, 40).map((v) => (
        <option key={v.name} value={v.name}>
          {v.name} ({formatCount(v.count)})
        </option>
      ))}
    </select>
  );
}

/** "12 clippings", and apart from them the close matches the list adds ("2 clippings · 1 close match", "No exact match · 3 close matches"). */
function countLabel(state: ListState): string {
  const exact = state.total - state.closeMatches;
  const head = exact === 0 && state.closeMatches > 0 ? 'No exact match' : `${formatCount(exact)}${state.totalExact ? '' : '+'} ${exact === 1 ? 'clipping' : 'clippings'}`;
  if (state.closeMatches === 0) return head;
  return `${head} · ${formatCount(state.closeMatches)} ${state.closeMatches === 1 ? 'close match' : 'close matches'}`;
}
