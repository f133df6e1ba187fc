/** Whether the coverage chart shows, and how it is drawn (period, stacking): the list's search asks for that chart. */
import { useState } from 'react';
import type { StackBy } from '../lib/histogram.ts';
import type { Bucket } from '../lib/query.ts';

export function useCoverageSettings() {
  const [show, setShow] = useState(true);
  const [bucket, setBucket] = useState<Bucket>('month');
  const [stackBy, setStackBy] = useState<StackBy>('outlet');
  return { show, toggle: () => setShow((s) => !s), bucket, setBucket, stackBy, setStackBy };
}
