/**
 * The popup: pairs the browser if needed, shows what the clip will be saved as (the
 * endpoint's preview: title, outlet, date as extracted, and whether the page is already
 * in the archive), lets the user change them, add tags (autocomplete from the archive's
 * names) and a note, then says what became of the clip.
 *
 * Opened from the toolbar it clips the active tab; opened as a page with `?tab=<id>` it
 * clips that tab (the end-to-end test and the README's screenshot open it so).
 */
import type { ClipPreview } from '../../electron/contract/shapes.ts';
import type { ClipOutcome, Message, PageCapture, Reply, Wrapped } from './messages.ts';

class Unreachable extends Error {}

async function ask<M extends Message>(m: M): Promise<Reply<M['type']>> {
  const r = await chrome.runtime.sendMessage<Wrapped<Reply<M['type']>>>(m);
  if (!r.ok) throw r.unreachable ? new Unreachable(r.error) : new Error(r.error);
  return r.value;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const statusEl = $<HTMLParagraphElement>('status');
function say(text: string, kind: 'ok' | 'bad' | 'wait' | '' = ''): void {
  statusEl.textContent = text;
  statusEl.className = kind;
}

async function targetTab(): Promise<number> {
  const given = new URLSearchParams(location.search).get('tab');
  if (given) return Number(given);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) throw new Error('No tab to clip.');
  return tab.id;
}

async function showWaiting(): Promise<void> {
  const { waiting } = await ask({ type: 'status' });
  const el = $('waiting');
  el.hidden = waiting === 0;
  el.textContent = `${waiting} clip${waiting === 1 ? '' : 's'} waiting to be delivered to Cuttings.`;
}

async function pairFirst(): Promise<void> {
  const section = $('pairing');
  section.hidden = false;
  await new Promise<void>((resolve) => {
    $('pair').addEventListener('click', async () => {
      try {
        const { code } = await ask({ type: 'pair' });
        $('code').textContent = `${code.slice(0, 3)} ${code.slice(3)}`;
        $('pair-code').hidden = false;
        say('Waiting for Cuttings…', 'wait');
        for (;;) {
          await new Promise((r) => setTimeout(r, 1000));
          const { state } = await ask({ type: 'pairStatus' });
          if (state === 'approved') break;
          if (state !== 'pending') {
            say(state === 'denied' ? 'Cuttings refused this browser.' : 'The request expired: try again.', 'bad');
            return;
          }
        }
        section.hidden = true;
        say('');
        resolve();
      } catch (err) {
        say(err instanceof Unreachable ? 'Cuttings is not running: start it, then pair.' : (err as Error).message, 'bad');
      }
    });
  });
}

const tags: string[] = [];
function renderTags(): void {
  const box = $('tags');
  box.querySelectorAll('.tag').forEach((t) => t.remove());
  const input = $('tag-input');
  for (const name of tags) {
    const chip = document.createElement('span');
    chip.className = 'tag';
    chip.textContent = name;
    const x = document.createElement('button');
    x.type = 'button';
    x.textContent = '×';
    x.setAttribute('aria-label', `Remove tag ${name}`);
    x.addEventListener('click', () => {
      tags.splice(tags.indexOf(name), 1);
      renderTags();
    });
    chip.appendChild(x);
    box.insertBefore(chip, input);
  }
}
function addTag(raw: string): void {
  const name = raw.trim().replace(/,$/, '').trim();
  if (name && !tags.some((t) => t.toLowerCase() === name.toLowerCase())) tags.push(name);
  renderTags();
}

function fillList(id: string, names: string[]): void {
  const list = $(id);
  list.replaceChildren(...names.map((n) => Object.assign(document.createElement('option'), { value: n })));
}

const SAID: Record<string, string> = { added: 'Saved', duplicate: 'Already in the archive', updated: 'Saved as a new version' };

/** "Open it in Cuttings": the app shows that clipping (its window picks the request up). */
function offerOpen(id: number): void {
  const button = $<HTMLButtonElement>('open');
  button.hidden = false;
  button.onclick = () =>
    ask({ type: 'open', id }).then(
      () => say('Opened in Cuttings.', 'ok'),
      (err: unknown) => say((err as Error).message, 'bad'),
    );
}

function outcomeText(out: ClipOutcome): [string, 'ok' | 'bad' | 'wait'] {
  if (out.state === 'delivered') return [SAID[out.result.status]!, 'ok'];
  if (out.state === 'queued') return [out.reason, 'wait'];
  return [out.message, 'bad'];
}

async function main(): Promise<void> {
  const tabId = await targetTab();
  const st = await ask({ type: 'status' });
  if (!st.paired) await pairFirst();
  void showWaiting();

  say('Reading the page…', 'wait');
  let page: PageCapture;
  try {
    page = await ask({ type: 'capture', tabId });
  } catch (err) {
    return say((err as Error).message, 'bad');
  }
  const form = $<HTMLFormElement>('clip');
  const title = $<HTMLInputElement>('title');
  const outlet = $<HTMLInputElement>('outlet');
  const date = $<HTMLInputElement>('date');
  title.value = page.title;
  if (page.selection) $('selection-options').hidden = false;
  form.hidden = false;

  let preview: ClipPreview | null = null;
  try {
    preview = await ask({ type: 'preview', capture: page, selectionOnly: false });
    title.value = preview.title;
    outlet.value = preview.outlet ?? '';
    date.value = preview.publishedAt?.slice(0, 10) ?? '';
    $('meta').textContent = [preview.byline, `${preview.words.toLocaleString('en')} words`].filter(Boolean).join(' · ');
    if (preview.existing) {
      const ex = $('existing');
      ex.hidden = false;
      ex.textContent = `Already in the archive: “${preview.existing.title}”, clipped ${preview.existing.capturedAt.slice(0, 10)}. Saving again keeps one clipping (a new version if the text changed).`;
      offerOpen(preview.existing.id);
    }
    say('');
  } catch (err) {
    say(err instanceof Unreachable ? 'Cuttings is not running: Save keeps the clip here and delivers it when the app is back.' : (err as Error).message, err instanceof Unreachable ? 'wait' : 'bad');
  }
  ask({ type: 'names' }).then(
    (n) => {
      fillList('tag-names', n.tags);
      fillList('outlets', n.outlets);
    },
    () => {},
  );

  const tagInput = $<HTMLInputElement>('tag-input');
  tagInput.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ',') && tagInput.value.trim()) {
      e.preventDefault();
      addTag(tagInput.value);
      tagInput.value = '';
    }
  });
  // Picking a suggestion from the list adds it at once.
  tagInput.addEventListener('input', () => {
    if ([...$<HTMLDataListElement>('tag-names').options].some((o) => o.value === tagInput.value)) {
      addTag(tagInput.value);
      tagInput.value = '';
    }
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (tagInput.value.trim()) {
      addTag(tagInput.value);
      tagInput.value = '';
    }
    const mode = (form.querySelector('input[name="sel"]:checked') as HTMLInputElement | null)?.value ?? 'page';
    const save = $<HTMLButtonElement>('save');
    save.disabled = true;
    say('Saving…', 'wait');
    // Only what the user changed is sent: it becomes a hand edit of the clipping.
    const changed = (now: string, was: string | null | undefined) => (now.trim() !== (was ?? '').trim() ? now.trim() || null : undefined);
    const wasDate = preview?.publishedAt?.slice(0, 10) ?? '';
    try {
      const out = await ask({
        type: 'clip',
        request: {
          capture: page,
          selectionOnly: mode === 'only',
          highlightSelection: mode === 'highlight',
          title: changed(title.value, preview?.title ?? page.title) ?? undefined,
          outlet: changed(outlet.value, preview?.outlet),
          publishedAt: changed(date.value, wasDate),
          tags: [...tags],
          note: $<HTMLTextAreaElement>('note').value,
        },
      });
      say(...outcomeText(out));
      if (out.state === 'delivered' && out.result.status === 'duplicate') offerOpen(out.result.id);
      if (out.state === 'error') save.disabled = false;
    } catch (err) {
      say((err as Error).message, 'bad');
      save.disabled = false;
    }
    void showWaiting();
  });
}

void main().catch((err: unknown) => say((err as Error).message, 'bad'));
