/**
 * The browser clipper's requests to the app (electron/core/clipper/pairing.ts), looked
 * for every few seconds: "Allow this browser to add clippings?" when a browser asks to be
 * paired (shown with the code the browser shows, allowed or refused here), and "open it"
 * from the popup, which opens that clipping here.
 */
import { useEffect, useRef, useState } from 'react';
import type { PairRequest } from '../../electron/contract/shapes.ts';
import { errorMessage } from '../api.ts';
import { useApi, useNotify } from '../context.ts';
import { Dialog } from './Dialog.tsx';

/** How often pending requests are looked for. */
const POLL_MS = 2000;

export function PairingPrompt({ onOpen }: { onOpen: (id: number) => void }) {
  const api = useApi();
  const notify = useNotify();
  const [request, setRequest] = useState<PairRequest | null>(null);
  const openRef = useRef(onOpen);
  openRef.current = onOpen;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = () => {
      Promise.all([api['clipper.pairRequests']({}), api['clipper.takeOpenRequest']({})]).then(
        ([list, open]) => {
          if (stopped) return;
          setRequest((cur) => (cur && list.some((r) => r.id === cur.id) ? cur : (list[0] ?? null)));
          if (open.id !== null) openRef.current(open.id);
          timer = setTimeout(look, POLL_MS);
        },
        // A core without the clipper (an older one behind this page): stop asking.
        () => {},
      );
    };
    look();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api]);
  if (!request) return null;
  const answer = (allow: boolean) => {
    const r = request;
    setRequest(null);
    (allow ? api['clipper.approve']({ id: r.id }) : api['clipper.deny']({ id: r.id })).then(
      () => notify(allow ? `${r.name} can now add clippings. Revoke it in Settings, Connections.` : `${r.name} was not allowed.`),
      (e: unknown) => notify(errorMessage(e), { tone: 'error' }),
    );
  };
  const code = `${request.code.slice(0, 3)} ${request.code.slice(3)}`;
  return (
    <Dialog
      title="Allow this browser to add clippings?"
      onClose={() => answer(false)}
      footer={
        <>
          <button type="button" className="btn" onClick={() => answer(false)}>
            Don’t allow
          </button>
          <button type="button" className="btn primary" onClick={() => answer(true)}>
            Allow
          </button>
        </>
      }
    >
      <p>
        The Cuttings clipper in <strong>{request.name}</strong> asks to add clippings to this archive. It will be able to save pages, highlights and notes, and to
        see the names of your tags and outlets; nothing else.
      </p>
      <p>
        Allow it only if the browser shows the same code: <strong className="pair-code">{code}</strong>
      </p>
    </Dialog>
  );
}
