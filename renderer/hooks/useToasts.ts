/** The toasts at the bottom of the window: `notify` shows one (at most four at a time) and dismisses it later. */
import { useCallback, useRef, useState } from 'react';
import type { Toast } from '../components/Toasts.tsx';
import type { Notify } from '../context.ts';

export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const toastSeq = useRef(0);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const notify = useCallback<Notify>(
    (message, opts) => {
      const id = ++toastSeq.current;
      setToasts((ts) => [...ts.slice(-3), { id, message, tone: opts?.tone ?? 'info', action: opts?.action }]);
      window.setTimeout(() => dismiss(id), opts?.ms ?? (opts?.action ? 9000 : opts?.tone === 'error' ? 9000 : 4000));
    },
    [dismiss],
  );
  return { toasts, notify, dismiss };
}
