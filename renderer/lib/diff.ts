/**
 * A word-level diff of two texts: runs of words kept, removed or added (spaces and
 * paragraph breaks travel with the word before them). The common start and end are
 * trimmed first; the middle is compared by longest common subsequence when it is small
 * enough, else shown as removed then added, whole.
 */
export interface DiffRun {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** The longest middle (words × words) compared word by word. */
const MAX_CELLS = 4_000_000;

export function words(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

export function wordDiff(before: string, after: string): DiffRun[] {
  const a = words(before);
  const b = words(after);
  const key = (w: string) => w.trimEnd();
  let start = 0;
  while (start < a.length && start < b.length && key(a[start]!) === key(b[start]!)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && key(a[endA - 1]!) === key(b[endB - 1]!)) {
    endA--;
    endB--;
  }
  const out: DiffRun[] = [];
  const push = (kind: DiffRun['kind'], text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  };
  push('same', b.slice(0, start).join(''));
  const ma = a.slice(start, endA);
  const mb = b.slice(start, endB);
  if (ma.length * mb.length > MAX_CELLS) {
    push('removed', ma.join(''));
    push('added', mb.join(''));
  } else {
    // lcs[i][j]: the longest common run of ma[i..] and mb[j..], in one flat array.
    const w = mb.length + 1;
    const lcs = new Uint32Array((ma.length + 1) * w);
    for (let i = ma.length - 1; i >= 0; i--)
      for (let j = mb.length - 1; j >= 0; j--) lcs[i * w + j] = key(ma[i]!) === key(mb[j]!) ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    let i = 0;
    let j = 0;
    while (i < ma.length && j < mb.length) {
      if (key(ma[i]!) === key(mb[j]!)) {
        push('same', mb[j]!);
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) push('removed', ma[i++]!);
      else push('added', mb[j++]!);
    }
    push('removed', ma.slice(i).join(''));
    push('added', mb.slice(j).join(''));
  }
  push('same', b.slice(endB).join(''));
  return out;
}
