/** The open clipping's versions, and the word-level diff between the two chosen (an earlier one and the current one to begin with). */
import { useEffect, useMemo, useState } from 'react';
import type { VersionInfo, VersionText } from '../../electron/contract/shapes.ts';
import { errorMessage } from '../api.ts';
import { useApi } from '../context.ts';
import { wordDiff } from '../lib/diff.ts';

export function useVersionDiff(id: number) {
  const api = useApi();
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(0);
  const [texts, setTexts] = useState<Record<number, VersionText>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api['clippings.versions']({ id }).then(
      (vs) => {
        setVersions(vs);
        setTo(vs.length);
        setFrom(Math.max(1, vs.length - 1));
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [api, id]);

  useEffect(() => {
    for (const v of [from, to]) {
      if (v < 1 || texts[v]) continue;
      api['clippings.versionText']({ id, version: v }).then(
        (t) => setTexts((x) => ({ ...x, [v]: t })),
        (e: unknown) => setError(errorMessage(e)),
      );
    }
  }, [api, id, from, to, texts]);

  const a = texts[from];
  const b = texts[to];
  const diff = useMemo(() => (a && b ? { title: wordDiff(a.title, b.title), text: wordDiff(a.text, b.text) } : null), [a, b]);
  return { versions, from, setFrom, to, setTo, diff, error };
}
