/** Which dialog is up (one at a time). */
import { useCallback, useState } from 'react';

export type DialogName = 'import' | 'export' | 'help' | 'save' | 'archive' | 'trash' | 'tags' | 'bulkTag' | 'bulkEdit' | 'settings' | 'saved';

export function useDialog() {
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const closeDialog = useCallback(() => setDialog(null), []);
  return { dialog, setDialog, closeDialog };
}
