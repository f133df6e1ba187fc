/**
 * A callback whose identity never changes and that always calls the latest `fn`: passed to a
 * memoised component, it does not make it render again when the parent renders.
 */
import { useCallback, useLayoutEffect, useRef } from 'react';

export function useStable<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const latest = useRef(fn);
  useLayoutEffect(() => {
    latest.current = fn;
  });
  return useCallback((...args: A) => latest.current(...args), []);
}
