/** Files dropped anywhere on the window are imported; a paste outside any field adds the pasted article. */
import { useEffect, useState } from 'react';
import { errorMessage } from '../api.ts';
import type { Notify } from '../context.ts';
import { filesFromDrop, type PickedFile } from '../lib/files.ts';
import { isEditable } from '../lib/keys.ts';

interface Deps {
  importFiles: (files: PickedFile[]) => Promise<void>;
  addContent: (capture: { name: string; mediaType: string; text: string }) => Promise<void>;
  notify: Notify;
  closeDialog: () => void;
  /** The app: a dropped folder goes to the core whole, by its grant (a browser walks it and uploads each file). */
  wholeFolders: boolean;
}

/** Returns whether files are being dragged over the window. */
export function useDropAndPaste({ importFiles, addContent, notify, closeDialog, wholeFolders }: Deps): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!e.dataTransfer || !hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      closeDialog();
      filesFromDrop(e.dataTransfer, wholeFolders)
        .then((files) => importFiles(files))
        .catch((err: unknown) => notify(errorMessage(err), { tone: 'error' }));
    };
    const paste = (e: ClipboardEvent) => {
      if (isEditable(document.activeElement) || document.querySelector('dialog[open]')) return;
      const html = e.clipboardData?.getData('text/html') ?? '';
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (!html.trim() && !text.trim()) return;
      e.preventDefault();
      void addContent(html.trim() ? { name: 'Pasted page.html', mediaType: 'text/html', text: html } : { name: 'Pasted text.txt', mediaType: 'text/plain', text });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    window.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      window.removeEventListener('paste', paste);
    };
  }, [importFiles, addContent, notify, closeDialog, wholeFolders]);
  return dragging;
}
