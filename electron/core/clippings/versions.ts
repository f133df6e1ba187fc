import type { VersionInfo } from '../../contract/shapes.ts';
import type { Core } from '../context.ts';

/** `clippings.versions`: every earlier state of a live clipping, and the current one. */
export function versionsOf(core: Core, id: number): VersionInfo[] {
  core.live(id);
  return core.versions.list(id).map((v) => ({
    version: v.version,
    title: v.title,
    byline: v.byline,
    publishedAt: v.publishedAt,
    modifiedAt: v.modifiedAt,
    wordCount: v.wordCount,
    capturedAt: v.capturedAt,
    replacedAt: v.replacedAt,
    current: v.replacedAt === null,
  }));
}
