/** Which dialog is up (one at a time). */
import { useCallback, useState } from 'react';

export type DialogName = 'import' | 'export' | 'help' | 'save' | 'archive' | 'trash' | 'tags' | 'bulkTag' | 'bulkEdit' | 'settings' | 'saved';

/** `start`: the dialog the page's address opens (the trash or the tag manager). */
export function useDialog(start: DialogName | null = null) {
  const [dialog, setDialog] = useState<DialogName | null>(start);
  const closeDialog = useCallback(() => setDialog(null), []);
  return { dialog, setDialog, closeDialog };
}
