/** Setting the same details (outlet, type, tone…) on every selected clipping; empty fields are left as they are. */
import type { MetadataPatch } from '../hooks/useMetadataEdit.ts';
import { formatCount } from '../lib/dates.ts';
import { Dialog } from './Dialog.tsx';
import { DetailsForm } from './DetailsForm.tsx';

interface Props {
  count: number;
  onSave: (patch: MetadataPatch) => Promise<string | null>;
  onClose: () => void;
}

export function BulkEditDialog({ count, onSave, onClose }: Props) {
  return (
    <Dialog title={`Details of ${formatCount(count)} ${count === 1 ? 'clipping' : 'clippings'}`} wide onClose={onClose}>
      <p className="muted small">Fill in only what should change; empty fields are left as they are.</p>
      <DetailsForm
        values={null}
        onSave={async (patch) => {
          const refused = await onSave(patch);
          if (!refused) onClose();
          return refused;
        }}
        onCancel={onClose}
        saveLabel={`Save on ${formatCount(count)}`}
      />
    </Dialog>
  );
}
