/**
 * The first run's second half (the list pane has the first: how to import): how to
 * search, in one glance, and an example clipping to try things on and delete.
 */
import { EXAMPLE_TAG } from '../lib/example.ts';
import { Icon } from './Icon.tsx';

const QUERIES: [string, string][] = [
  ['harbour ferry', 'both words'],
  ['"winter timetable"', 'the exact phrase'],
  ['ferry OR boat', 'either word'],
  ['ferry -cancelled', 'without a word'],
  ['diplom*', 'words starting with “diplom”'],
  ['outlet:"The Gazette"', 'from one outlet (also author:, title:)'],
  ['tag:briefing', 'with a tag'],
  ['after:2024-01 before:2024-07', 'published in a period (also on:2024-03-05)'],
  ['is:starred  is:unread', 'starred, or not yet read'],
  ['has:note', 'with a note (also has:annotation)'],
  ['by:alice', 'added, edited or highlighted by a team member'],
];

export function WelcomeGuide({ onExample, adding }: { onExample: () => void; adding: boolean }) {
  return (
    <div className="welcome-guide">
      <h2>Searching</h2>
      <p>Type in the search box (press <kbd>/</kbd>) and press Enter. Combine any of these:</p>
      <table className="query-guide">
        <tbody>
          {QUERIES.map(([q, what]) => (
            <tr key={q}>
              <th scope="row">
                <code>{q}</code>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Clipping from the browser</h2>
      <p>
        The Cuttings browser clipper saves the article you are reading, as you see it (behind a subscription too), in one click: install it in Chromium or
        Firefox (“The browser clipper” in the guide, README.md), then allow it when Cuttings asks. Paired browsers are listed in Settings.
      </p>
      <h2>Try it on an example</h2>
      <p>
        Add a made-up article, tagged “{EXAMPLE_TAG}”, to try searching, highlighting and tagging. Delete it with the trash button when you are done.
      </p>
      <button type="button" className="btn" onClick={onExample} disabled={adding}>
        <Icon name="plus" /> Add an example clipping
      </button>
    </div>
  );
}
