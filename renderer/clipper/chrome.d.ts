/**
 * The few WebExtension APIs the clipper uses, typed by hand (no @types/chrome in the
 * project). Firefox offers the same `chrome.*` namespace with promises.
 */
declare namespace chrome {
  namespace runtime {
    const id: string;
    const lastError: { message?: string } | undefined;
    function getURL(path: string): string;
    function sendMessage<T = unknown>(message: unknown): Promise<T>;
    function getManifest(): { version: string; name: string };
    const onMessage: {
      addListener(cb: (message: any, sender: { tab?: tabs.Tab; id?: string }, sendResponse: (r: unknown) => void) => boolean | void): void;
    };
    const onInstalled: { addListener(cb: () => void): void };
    const onStartup: { addListener(cb: () => void): void };
  }
  namespace tabs {
    interface Tab {
      id?: number;
      url?: string;
      title?: string;
      active: boolean;
    }
    function query(q: { active?: boolean; currentWindow?: boolean; lastFocusedWindow?: boolean; url?: string | string[] }): Promise<Tab[]>;
    function get(id: number): Promise<Tab>;
    function create(p: { url: string; active?: boolean }): Promise<Tab>;
  }
  namespace scripting {
    function executeScript<A extends unknown[], R>(p: { target: { tabId: number }; func: (...args: A) => R; args?: A; world?: 'ISOLATED' | 'MAIN' }): Promise<{ result?: Awaited<R> }[]>;
  }
  namespace storage {
    const local: {
      get(keys: string | string[] | null): Promise<Record<string, any>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(keys: string | string[]): Promise<void>;
    };
  }
  namespace action {
    function setBadgeText(p: { text: string }): Promise<void>;
    function getBadgeText(p: Record<string, never>): Promise<string>;
    function setBadgeBackgroundColor(p: { color: string }): Promise<void>;
    function setTitle(p: { title: string }): Promise<void>;
  }
  namespace contextMenus {
    interface OnClickData {
      menuItemId: string | number;
      selectionText?: string;
      pageUrl?: string;
    }
    function create(p: { id: string; title: string; contexts: string[] }): void;
    function removeAll(): Promise<void>;
    const onClicked: { addListener(cb: (info: OnClickData, tab?: tabs.Tab) => void): void };
  }
  namespace commands {
    const onCommand: { addListener(cb: (command: string, tab?: tabs.Tab) => void): void };
  }
}
