import { ApiError } from '../../contract/errors.ts';
import type { VersionInfo, VersionText } from '../../contract/shapes.ts';
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

/** `clippings.versionText`: one version's title and text (the last version is the clipping as it is now). */
export function versionText(core: Core, id: number, version: number): VersionText {
  const c = core.live(id);
  const info = core.versions.list(id).find((v) => v.version === version);
  if (!info) throw new ApiError('not_found', `Clipping ${id} has no version ${version}.`);
  if (info.replacedAt === null) return { version, title: c.title, text: c.text };
  return { version, title: info.title, text: core.versions.text(id, version) ?? '' };
}
