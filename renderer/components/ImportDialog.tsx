/** Import: pick files or a folder, paste an article, or add one from a URL. */
import { useRef, useState } from 'react';
import { filesFromInput, type PickedFile } from '../lib/files.ts';
import { Dialog } from './Dialog.tsx';
import { Icon } from './Icon.tsx';

interface Props {
  onClose: () => void;
  onFiles: (files: PickedFile[]) => void;
  onText: (text: string, name: string) => void;
  onUrl: (url: string) => void;
}

export function ImportDialog({ onClose, onFiles, onText, onUrl }: Props) {
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const [url, setUrl] = useState('');
  const [text, setText] = useState('');
  const urlOk = /^https?:\/\/\S+\.\S+/i.test(url.trim());
  return (
    <Dialog title="Import clippings" onClose={onClose} wide>
      <div className="import-grid">
        <section className="import-card">
          <Icon name="upload" size={22} />
          <h3>Files and folders</h3>
          <p className="muted small">Saved pages (.html, .mhtml), text copies (.txt), Markdown, e-mails (.eml) and PDFs. You can also drop them anywhere on the window.</p>
          <div className="row-buttons">
            <button type="button" className="btn primary" onClick={() => files.current?.click()}>
              Choose files…
            </button>
            <button type="button" className="btn" onClick={() => folder.current?.click()}>
              Choose a folder…
            </button>
          </div>
          <input
            ref={files}
            type="file"
            multiple
            className="visually-hidden"
            aria-label="Capture files to import"
            data-testid="import-files"
            onChange={(e) => {
              const picked = filesFromInput(e.target.files);
              e.target.value = '';
              if (picked.length) onFiles(picked);
            }}
          />
          <input
            ref={(el) => {
              folder.current = el;
              el?.setAttribute('webkitdirectory', '');
            }}
            type="file"
            multiple
            className="visually-hidden"
            aria-label="A folder to import"
            onChange={(e) => {
              const picked = filesFromInput(e.target.files);
              e.target.value = '';
              if (picked.length) onFiles(picked);
            }}
          />
        </section>
        <section className="import-card">
          <Icon name="link" size={22} />
          <h3>Add from URL</h3>
          <p className="muted small">Cuttings fetches the page once and keeps it. This is the only time it goes online.</p>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (urlOk) onUrl(url.trim());
            }}
          >
            <input type="url" className="field" placeholder="https://…" aria-label="Address of the article" value={url} onChange={(e) => setUrl(e.target.value)} />
            <button type="submit" className="btn" disabled={!urlOk}>
              Add
            </button>
          </form>
        </section>
        <section className="import-card span2">
          <Icon name="note" size={22} />
          <h3>Paste an article</h3>
          <p className="muted small">Select all on the article’s page, copy, and paste here — or press Ctrl V anywhere in Cuttings (formatted copies are read as HTML).</p>
          <textarea className="field" rows={5} aria-label="Pasted article text" placeholder="Paste the article’s text…" value={text} onChange={(e) => setText(e.target.value)} />
          <div className="row-buttons">
            <button type="button" className="btn" disabled={!text.trim()} onClick={() => onText(text, 'Pasted text.txt')}>
              Add pasted text
            </button>
          </div>
        </section>
      </div>
    </Dialog>
  );
}
