import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Cuttings';
export const DB_FILE_NAME = 'cuttings.db';

/**
 * Electron's `userData` folder for the app name "Cuttings", computed the way Electron
 * does (appData + name), so the CLI finds the app's own archive without Electron.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  let appData: string;
  if (platform === 'darwin') appData = path.join(home, 'Library', 'Application Support');
  else if (platform === 'win32') appData = env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  else appData = env.XDG_CONFIG_HOME || path.join(home, '.config');
  return path.join(appData, APP_NAME);
}

/** `--db PATH`, else `CUTTINGS_DB`, else the app's own database. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.CUTTINGS_DB || path.join(userDataDir(env), DB_FILE_NAME);
}
