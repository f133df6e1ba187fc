import { createContext, useContext } from 'react';
import type { Api, Files } from './api.ts';
import { DEFAULT_SETTINGS, type SettingsState } from './hooks/useSettings.ts';
import type { TeamState } from './hooks/useTeamStatus.ts';

export const ApiContext = createContext<Api | null>(null);
export const FilesContext = createContext<Files | null>(null);

export function useFiles(): Files {
  const files = useContext(FilesContext);
  if (!files) throw new Error('useFiles outside <FilesContext.Provider>');
  return files;
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}

export interface Notify {
  (message: string, opts?: { action?: { label: string; run: () => void }; tone?: 'info' | 'error'; ms?: number }): void;
}

export const NotifyContext = createContext<Notify>(() => {});
export const useNotify = (): Notify => useContext(NotifyContext);

export const SettingsContext = createContext<SettingsState>({ settings: DEFAULT_SETTINGS, change: () => {} });
export const usePrefs = (): SettingsState => useContext(SettingsContext);

/** The team archive's status (hooks/useTeamStatus.ts), kept current by the window. */
export const TeamContext = createContext<TeamState>({ status: null, refresh: async () => {} });
export const useTeam = (): TeamState => useContext(TeamContext);
