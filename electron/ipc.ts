/**
 * The contract over Electron IPC: one channel, every call checked before it reaches
 * the archive (the sender must be one of our windows and the method known; `dispatch`
 * validates the arguments against the contract's schemas).
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Archive } from './archive.ts';
import { dispatch, type Envelope } from './dispatch.ts';
import { IPC_CHANNEL, isMethodName } from './api.ts';

export { IPC_CHANNEL };

export interface IpcOptions {
  /** True when the event comes from a frame we created and trust (our own page). */
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
}

export function registerIpc(ipcMain: IpcMain, archive: Archive, opts: IpcOptions): () => void {
  ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, args: unknown): Promise<Envelope> => {
    if (!opts.isTrustedSender(event)) return { ok: false, error: { code: 'invalid_args', message: 'call refused: unknown sender' } };
    if (!isMethodName(method)) return { ok: false, error: { code: 'unknown_method', message: `unknown method "${String(method).slice(0, 100)}"` } };
    return await dispatch(archive, method, args);
  });
  return () => ipcMain.removeHandler(IPC_CHANNEL);
}
