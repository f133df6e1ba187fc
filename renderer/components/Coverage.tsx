/**
 * Coverage at a glance: clippings over time, stacked by outlet or tag (share of voice).
 * Plain SVG. A bar is a button: it narrows the list to its period.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../api.ts';
import { useApi } from '../context.ts';
import { useRoving } from '../hooks/useRoving.ts';
import { formatCount } from '../lib/dates.ts';
import type { ListHistogram } from '../hooks/useList.ts';
import { fillGaps, OTHER, topSeries, type Histogram, type StackBy } from '../lib/histogram.ts';
import { periodLabel, type Bucket } from '../lib/query.ts';

const HEIGHT = 150;
const AXIS = 22;
/** The hover tip's widest (styles.css .chart-tip max-width). */
const TIP_WIDTH = 200;

interface Props {
  /** False while the list's own page for this query is loading (the core answers one call at a time; a search's answer brings the chart). */
  ready: boolean;
  /** The list's query ('' = every clipping). */
  query: string;
  total: number;
  /** Close matches in the list: the chart, like the facets, counts exact matches only. */
  closeMatches: number;
  /** Changes when the archive changed (the chart is fetched again). */
  version: number;
  /** The chart that came with the list's search, used when it is the one wanted (nothing fetched). */
  fromList: ListHistogram | null;
  bucket: Bucket;
  stackBy: StackBy;
  onBucket: (b: Bucket) => void;
  onStackBy: (s: StackBy) => void;
  onPick: (bucket: Bucket, start: string) => void;
}

export function Coverage({ ready, query, total, closeMatches, version, fromList, bucket, stackBy, onBucket: setBucket, onStackBy: setStackBy, onPick }: Props) {
  const api = useApi();
  const given = fromList && fromList.query === query && fromList.bucket === bucket && fromList.stackBy === stackBy ? fromList.buckets : null;
  const [fetched, setData] = useState<Histogram | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [width, setWidth] = useState(600);
  const [hover, setHover] = useState<number | null>(null);
  const box = useRef<HTMLDivElement>(null);
  // The bars are one Tab stop; Left, Right, Home and End move between those with clippings.
  const bars = useRoving<SVGSVGElement>({ items: '.bar:not(.empty)', axis: 'horizontal' });

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(240, el.clientWidth)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (given || !ready) return;
    let cancelled = false;
    setError(null);
    // Counted by the core over every match (an empty query counts the whole archive).
    api['search.histogram']({ query, bucket, stackBy })
      .then((d) => !cancelled && setData(d))
      .catch((err: unknown) => !cancelled && setError(errorMessage(err)));
    return () => {
      cancelled = true;
    };
  }, [api, ready, query, bucket, stackBy, version, given]);
  const data = useMemo<Histogram | null>(() => (given ? { buckets: given } : fetched), [given, fetched]);

  const series = useMemo(() => (data ? topSeries(fillGaps(data, bucket, Math.floor(width / 4)), 7) : null), [data, bucket, width]);
  const max = series ? Math.max(1, ...series.buckets.map((b) => b.total)) : 1;
  const n = series?.buckets.length ?? 0;
  const plotW = width - 36;
  const slot = n ? plotW / n : plotW;
  const barW = Math.max(1, Math.min(36, slot * 0.72));
  const colorOf = (k: string) => (k === OTHER ? 'var(--series-other)' : `var(--series-${(series?.keys.indexOf(k) ?? 0) % 7})`);
  const ticks = [0, Math.ceil(max / 2), max];
  const labelEvery = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotW / 70))));

  const onBarKey = (e: KeyboardEvent, start: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onPick(bucket, start);
    }
  };

  const hovered = hover !== null ? series?.buckets[hover] : undefined;
  // Beside the bar, not over it (its focus ring stays in sight): right of it, else left.
  const tipLeft = (i: number) => {
    const right = 34 + (i + 1) * slot + 6;
    return right + TIP_WIDTH <= width ? right : Math.max(0, 34 + i * slot - 6 - TIP_WIDTH);
  };

  return (
    <section className="coverage" aria-label="Coverage over time">
      <div className="coverage-head">
        <h2>Coverage</h2>
        <div className="segmented" role="group" aria-label="Period">
          {(['day', 'week', 'month'] as const).map((b) => (
            <button key={b} type="button" aria-pressed={bucket === b} className={bucket === b ? 'on' : ''} onClick={() => setBucket(b)}>
              {b[0]!.toUpperCase() + b.slice(1)}
            </button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Stack by">
          {(['outlet', 'tag'] as const).map((s) => (
            <button key={s} type="button" aria-pressed={stackBy === s} className={stackBy === s ? 'on' : ''} onClick={() => setStackBy(s)}>
              By {s}
            </button>
          ))}
        </div>
      </div>
      <div className="coverage-plot" ref={box}>
        {error && !given ? (
          <p className="muted small" role="alert">
            The chart could not be drawn: {error}
          </p>
        ) : !series ? (
          <div className="chart-loading" aria-hidden="true" />
        ) : n === 0 ? (
          <p className="muted small">
            {closeMatches > 0
              ? `No exact match to chart: the chart counts exact matches only, not the ${closeMatches === 1 ? 'close match' : `${formatCount(closeMatches)} close matches`} in the list.`
              : `No dated clippings to chart${total ? '' : ' yet'}.`}
          </p>
        ) : (
          <svg width={width} height={HEIGHT + AXIS} role="group" aria-label={`Clippings per ${bucket}`} {...bars}>
            {ticks.map((t) => {
              const y = HEIGHT - (t / max) * (HEIGHT - 12);
              return (
                <g key={t} aria-hidden="true">
                  <line x1={30} x2={width} y1={y} y2={y} className="gridline" />
                  <text x={24} y={y + 4} className="axis-label" textAnchor="end">
                    {t}
                  </text>
                </g>
              );
            })}
            {series.buckets.map((b, i) => {
              const x = 34 + i * slot + (slot - barW) / 2;
              let y = HEIGHT;
              const label = `${periodLabel(bucket, b.start)}: ${formatCount(b.total)} clipping${b.total === 1 ? '' : 's'}${b.parts.length ? ` (${b.parts.map(([k, c]) => `${k} ${c}`).join(', ')})` : ''}`;
              return (
                <g
                  key={b.start}
                  className={`bar${hover === i ? ' hover' : ''}${b.total ? '' : ' empty'}`}
                  role="button"
                  aria-label={label}
                  onClick={() => b.total && onPick(bucket, b.start)}
                  onKeyDown={(e) => onBarKey(e, b.start)}
                  onMouseEnter={() => setHover(i)}
                  onMouseLeave={() => setHover(null)}
                  onFocus={() => setHover(i)}
                  onBlur={() => setHover(null)}
                >
                  <rect x={34 + i * slot} y={0} width={slot} height={HEIGHT} className="bar-hit" />
                  {b.parts.map(([k, c]) => {
                    const h = (c / max) * (HEIGHT - 12);
                    y -= h;
                    return <rect key={k} x={x} y={y} width={barW} height={Math.max(h, 0.5)} rx={barW > 6 ? 1.5 : 0} style={{ fill: colorOf(k) }} />;
                  })}
                </g>
              );
            })}
            <g aria-hidden="true">
              {series.buckets.map((b, i) =>
                (bucket === 'month' && n > 18 ? b.start.endsWith('-01-01') && (Number(b.start.slice(0, 4)) % Math.max(1, Math.round(labelEvery / 12)) === 0) : i % labelEvery === 0) ? (
                  <text key={b.start} x={34 + i * slot + slot / 2} y={HEIGHT + 15} className="axis-label" textAnchor="middle">
                    {bucket === 'month' && n > 18 ? b.start.slice(0, 4) : shortLabel(bucket, b.start)}
                  </text>
                ) : null,
              )}
            </g>
          </svg>
        )}
        {hovered && (
          <div className="chart-tip" role="presentation" style={{ left: tipLeft(hover ?? 0) }}>
            <strong>{periodLabel(bucket, hovered.start)}</strong> · {formatCount(hovered.total)}
            {hovered.parts.slice(0, 4).map(([k, c]) => (
              <div key={k}>
                <span className="swatch" style={{ background: colorOf(k) }} /> {k} {c}
              </div>
            ))}
          </div>
        )}
      </div>
      {series && series.keys.length > 0 && (
        <ul className="legend" aria-label="Legend">
          {series.keys.map((k) => (
            <li key={k}>
              <span className="swatch" style={{ background: colorOf(k) }} aria-hidden="true" />
              {k}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function shortLabel(bucket: Bucket, start: string): string {
  const [y, m, d] = start.split('-');
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m) - 1] ?? '';
  if (bucket === 'month') return m === '01' ? `${mon} ${y}` : mon;
  return `${Number(d)} ${mon}`;
}
