import { useEffect, useState } from 'react';
import type { Figure as FigureDto } from '../../electron/contract/shapes.ts';
import { useApi } from '../context.ts';

const IMAGE_PREFIX = 'cuttings-image:';

/**
 * A figure with its caption. Images stored with the capture are loaded through the
 * contract and shown as data: URLs; remote images are never fetched.
 */
export function Figure({ figure }: { figure: FigureDto }) {
  const api = useApi();
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const raw = figure.src ?? '';

  useEffect(() => {
    let cancelled = false;
    setSrc(null);
    setFailed(false);
    if (raw.startsWith(IMAGE_PREFIX)) {
      const sha256 = raw.slice(IMAGE_PREFIX.length);
      api['images.get']({ sha256 })
        .then((img) => {
          if (!cancelled && /^image\/(png|jpeg|gif|webp|avif|bmp)$/i.test(img.mediaType)) setSrc(`data:${img.mediaType};base64,${img.base64}`);
          else if (!cancelled) setFailed(true);
        })
        .catch(() => !cancelled && setFailed(true));
    } else if (/^data:image\/(png|jpeg|gif|webp|avif|bmp);/i.test(raw)) setSrc(raw);
    return () => {
      cancelled = true;
    };
  }, [api, raw]);

  const remote = /^https?:/i.test(raw);
  const stored = raw.startsWith(IMAGE_PREFIX) || raw.startsWith('data:');
  if (!src && !figure.caption && !remote && !failed) return null;
  if (!raw) {
    // The capture kept the caption but not the picture (a text copy, say).
    return figure.caption || figure.credit ? (
      <figure className="figure caption-only">
        <figcaption>
          <span className="caption-label">Picture</span> {figure.caption}
          {figure.credit && <span className="credit"> {figure.credit}</span>}
        </figcaption>
      </figure>
    ) : null;
  }
  return (
    <figure className="figure">
      {src ? (
        <img src={src} alt={figure.alt ?? ''} loading="lazy" decoding="async" />
      ) : (
        <div className="figure-missing" role="img" aria-label={figure.alt ? `Image not shown: ${figure.alt}` : 'Image not shown'}>
          {remote ? 'Remote image — not loaded, Cuttings stays offline' : failed || !stored ? 'Image not available' : 'Loading image…'}
        </div>
      )}
      {(figure.caption || figure.credit) && (
        <figcaption>
          {figure.caption}
          {figure.credit && <span className="credit"> {figure.credit}</span>}
        </figcaption>
      )}
    </figure>
  );
}
