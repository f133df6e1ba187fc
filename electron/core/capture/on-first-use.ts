/**
 * Packages of the extractors that a capture worker loads when one of its captures first
 * needs them, not when it starts: loading chrono-node, linkedom and sanitize-html took
 * two thirds of a worker's start-up (~0.6 s of CPU under load before its first capture),
 * which a bulk import of text captures, needing none of them for most captures, waited for
 * and paid for.
 * Synchronous (`require`), so that the code using them stays synchronous.
 */
import { createRequire } from 'node:module';

/** `load()` on the first call, its result kept for the later ones. */
export function onFirstUse<T>(load: () => T): () => T {
  let loaded: { value: T } | null = null;
  return () => (loaded ??= { value: load() }).value;
}

/**
 * A package's CommonJS entry, resolved from this module (in the CommonJS bundles
 * `import.meta.url` is the bundle's own URL: build/build.mjs). Not esbuild's `require` shim,
 * which throws in an ES module bundle.
 */
export function requirePackage(name: string): unknown {
  return createRequire(import.meta.url)(name);
}
