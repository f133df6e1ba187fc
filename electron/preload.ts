/**
 * Runs in the sandboxed renderer before the page: exposes the contract, and nothing
 * else, as `window.cuttings`. The method list comes from `api.ts`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, METHOD_NAMES } from './api.ts';
import { createClient } from './client.ts';

contextBridge.exposeInMainWorld(
  'cuttings',
  createClient(METHOD_NAMES, (method, args) => ipcRenderer.invoke(IPC_CHANNEL, method, args)),
);
