/**
 * The contract over Electron IPC: one channel, every call checked before it reaches
 * the archive — the sender must be the top frame of our window showing our own page
 * (`app://cuttings/`); `dispatch` then checks the method name and validates the
 * arguments against the contract's zod schemas.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Archive } from '../core/archive.ts';
import type { Envelope } from '../contract/errors.ts';
import { dispatch } from '../core/dispatch.ts';
import { IPC_CHANNEL } from '../contract/methods.ts';
import { isAppUrl } from './protocol.ts';

export { IPC_CHANNEL };

export interface IpcOptions {
  /** True when the event comes from a frame we created and trust (our own page). */
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;
type OurWindow = Pick<BrowserWindow, 'isDestroyed' | 'webContents'>;

/**
 * The sender check for our window: the call must come from its webContents, from the
 * top frame (not an iframe, whatever its origin), and that frame must be showing our
 * app (its URL is on `app://cuttings/`), not a page it was somehow navigated to.
 */
export function isOurWindowFrame(event: SenderEvent, win: OurWindow | null | undefined): boolean {
  if (!win || win.isDestroyed()) return false;
  const wc = win.webContents;
  if (event.sender !== wc) return false;
  const frame = event.senderFrame;
  const main = wc.mainFrame;
  if (!frame || !main) return false;
  if (frame.parent !== null) return false;
  if (frame !== main && (frame.processId !== main.processId || frame.frameToken !== main.frameToken)) return false;
  return isAppUrl(frame.url);
}

export function registerIpc(ipcMain: IpcMain, archive: Archive, opts: IpcOptions): () => void {
  ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, args: unknown): Promise<Envelope> => {
    if (!opts.isTrustedSender(event)) return { ok: false, error: { code: 'invalid_args', message: 'call refused: unknown sender' } };
    return await dispatch(archive, method, args);
  });
  return () => ipcMain.removeHandler(IPC_CHANNEL);
}
