/**
 * The reader's and the window's preferences (theme, whether opening a clipping marks it
 * read, text size and width), kept in the page's localStorage: they survive reloads in
 * the app (its page always has the same origin) and in a browser for as long as the
 * served address stays the same. The archive itself holds no preference.
 */
import { useCallback, useEffect, useState } from 'react';
import { loadStored, saveStored, storedFields } from '../state/local.ts';

export type Theme = 'system' | 'light' | 'dark';
export const TEXT_SIZES = [16, 19, 22, 25] as const;
export const WIDTHS = { narrow: 560, medium: 680, wide: 860 } as const;
export type Width = keyof typeof WIDTHS;

export interface Settings {
  theme: Theme;
  markReadOnOpen: boolean;
  /** The reader's body text in px (one of TEXT_SIZES). */
  textSize: number;
  width: Width;
}

export const DEFAULT_SETTINGS: Settings = { theme: 'system', markReadOnOpen: true, textSize: 19, width: 'medium' };
const KEY = 'cuttings.settings';

/** The stored settings, each value checked (an unknown or damaged value falls back to its default). */
export function readSettings(raw: string | null): Settings {
  const v = storedFields<keyof Settings>(raw);
  const d = DEFAULT_SETTINGS;
  return {
    theme: v.theme === 'light' || v.theme === 'dark' || v.theme === 'system' ? v.theme : d.theme,
    markReadOnOpen: typeof v.markReadOnOpen === 'boolean' ? v.markReadOnOpen : d.markReadOnOpen,
    textSize: (TEXT_SIZES as readonly unknown[]).includes(v.textSize) ? (v.textSize as number) : d.textSize,
    width: typeof v.width === 'string' && Object.hasOwn(WIDTHS, v.width) ? (v.width as Width) : d.width,
  };
}

export function useSettings() {
  const [settings, setSettings] = useState<Settings>(() => loadStored(KEY, readSettings, DEFAULT_SETTINGS));
  const change = useCallback((patch: Partial<Settings>) => {
    setSettings((s) => {
      const next = { ...s, ...patch };
      saveStored(KEY, next);
      return next;
    });
  }, []);
  // The theme: "system" leaves the page to prefers-color-scheme; light and dark override it.
  useEffect(() => {
    const root = document.documentElement;
    if (settings.theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = settings.theme;
  }, [settings.theme]);
  return { settings, change };
}

export type SettingsState = ReturnType<typeof useSettings>;
