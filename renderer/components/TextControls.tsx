/** The reader's text size and width (kept in the settings), and Print. */
import { TEXT_SIZES, WIDTHS, type SettingsState, type Width } from '../hooks/useSettings.ts';
import { Icon } from './Icon.tsx';

export function TextControls({ prefs }: { prefs: SettingsState }) {
  const { settings, change } = prefs;
  const at = TEXT_SIZES.indexOf(settings.textSize as (typeof TEXT_SIZES)[number]);
  return (
    <div className="text-controls" role="group" aria-label="Text">
      <button type="button" className="icon-btn text-size" title="Smaller text" disabled={at <= 0} onClick={() => change({ textSize: TEXT_SIZES[at - 1]! })}>
        <span aria-hidden="true">A−</span>
        <span className="visually-hidden">Smaller text</span>
      </button>
      <button type="button" className="icon-btn text-size" title="Larger text" disabled={at >= TEXT_SIZES.length - 1} onClick={() => change({ textSize: TEXT_SIZES[at + 1]! })}>
        <span aria-hidden="true">A+</span>
        <span className="visually-hidden">Larger text</span>
      </button>
      <select className="width-select" aria-label="Text width" title="Text width" value={settings.width} onChange={(e) => change({ width: e.target.value as Width })}>
        {(Object.keys(WIDTHS) as Width[]).map((w) => (
          <option key={w} value={w}>
            {w[0]!.toUpperCase() + w.slice(1)}
          </option>
        ))}
      </select>
      <button type="button" className="icon-btn" aria-label="Print" title="Print" onClick={() => window.print()}>
        <Icon name="print" />
      </button>
    </div>
  );
}
