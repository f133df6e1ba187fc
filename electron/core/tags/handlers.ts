import type { ArgsOut, Handlers, Results } from '../../contract/methods.ts';
import type { TagCount } from '../../contract/shapes.ts';
import { ApiError } from '../../contract/errors.ts';
import type { Core } from '../context.ts';

type Area = Pick<Handlers, 'tags.add' | 'tags.remove' | 'tags.list' | 'tags.apply' | 'tags.rename' | 'tags.merge' | 'tags.delete' | 'tags.setColor'>;

/** Tags: names trimmed and unique regardless of case. */
export function tagHandlers(core: Core): Area {
  return {
    'tags.add': ({ id, tags }) => addTags(core, id, tags),
    'tags.remove': ({ id, tags }) => removeTags(core, id, tags),
    'tags.list': () => core.tags.list(),
    'tags.apply': (args) => applyTags(core, args),
    'tags.rename': ({ from, to }) => renameTag(core, from, to),
    'tags.merge': ({ from, into }) => mergeTags(core, from, into),
    'tags.delete': ({ name }) => deleteTag(core, name),
    'tags.setColor': ({ name, color }) => setTagColor(core, name, color),
  };
}

export function addTags(core: Core, id: number, tags: readonly string[]): Results['tags.add'] {
  core.live(id);
  core.write(() => core.tags.addToClipping(id, tags, core.now()));
  return { id, tags: core.tags.forClipping(id) };
}

export function removeTags(core: Core, id: number, tags: readonly string[]): Results['tags.remove'] {
  core.live(id);
  core.write(() => core.tags.removeFromClipping(id, tags));
  return { id, tags: core.tags.forClipping(id) };
}

/** Adds and removes tags on every clipping of a selection. */
export function applyTags(core: Core, { selection, add, remove }: ArgsOut<'tags.apply'>): Results['tags.apply'] {
  if (add.length === 0 && remove.length === 0) throw new ApiError('invalid_args', 'tags.apply: nothing to add or remove');
  const ids = core.select(selection);
  let added = 0;
  let removed = 0;
  core.write(() => {
    if (add.length) added = core.tags.addToClippings(ids, add, core.now());
    if (remove.length) removed = core.tags.removeFromClippings(ids, remove);
  });
  return { clippings: ids.length, added, removed };
}

export function renameTag(core: Core, from: string, to: string): TagCount {
  const t = mustFind(core, from);
  const clash = core.tags.find(to);
  if (clash && clash.id !== t.id) throw new ApiError('conflict', `a tag named "${clash.name}" already exists: merge "${t.name}" into it instead`);
  core.write(() => core.tags.rename(t.id, to));
  return countOf(core, to);
}

export function mergeTags(core: Core, from: string, into: string): TagCount {
  const a = mustFind(core, from);
  const b = mustFind(core, into);
  if (a.id === b.id) throw new ApiError('invalid_args', `"${from}" and "${into}" are the same tag`);
  core.write(() => core.tags.merge(a.id, b.id, core.now()));
  return countOf(core, b.name);
}

export function deleteTag(core: Core, name: string): Results['tags.delete'] {
  const t = mustFind(core, name);
  core.write(() => core.tags.delete(t.id));
  return { name: t.name, deleted: true };
}

export function setTagColor(core: Core, name: string, color: ArgsOut<'tags.setColor'>['color']): TagCount {
  const t = mustFind(core, name);
  core.write(() => core.tags.setColor(t.id, color));
  return countOf(core, t.name);
}

function mustFind(core: Core, name: string) {
  const t = core.tags.find(name);
  if (!t) throw new ApiError('not_found', `no tag named "${name}"`);
  return t;
}

function countOf(core: Core, name: string): TagCount {
  return core.tags.list().find((t) => t.name.toLowerCase() === name.toLowerCase())!;
}
