import type { Handlers } from '../../contract/methods.ts';
import type { TagCount } from '../../contract/shapes.ts';
import { ApiError } from '../../contract/errors.ts';
import type { Core } from '../context.ts';

type Area = Pick<Handlers, 'tags.add' | 'tags.remove' | 'tags.list' | 'tags.apply' | 'tags.rename' | 'tags.merge' | 'tags.delete' | 'tags.setColor'>;

/** Tags: names trimmed and unique regardless of case. */
export function tagHandlers(core: Core): Area {
  const mustFind = (name: string) => {
    const t = core.tags.find(name);
    if (!t) throw new ApiError('not_found', `no tag named "${name}"`);
    return t;
  };
  const countOf = (name: string): TagCount => core.tags.list().find((t) => t.name.toLowerCase() === name.toLowerCase())!;

  return {
    'tags.add': ({ id, tags }) => {
      core.live(id);
      core.write(() => core.tags.addToClipping(id, tags, core.now()));
      return { id, tags: core.tags.forClipping(id) };
    },

    'tags.remove': ({ id, tags }) => {
      core.live(id);
      core.write(() => core.tags.removeFromClipping(id, tags));
      return { id, tags: core.tags.forClipping(id) };
    },

    'tags.list': () => core.tags.list(),

    'tags.apply': ({ selection, add, remove }) => {
      if (add.length === 0 && remove.length === 0) throw new ApiError('invalid_args', 'tags.apply: nothing to add or remove');
      const ids = core.select(selection);
      let added = 0;
      let removed = 0;
      core.write(() => {
        if (add.length) added = core.tags.addToClippings(ids, add, core.now());
        if (remove.length) removed = core.tags.removeFromClippings(ids, remove);
      });
      return { clippings: ids.length, added, removed };
    },

    'tags.rename': ({ from, to }) => {
      const t = mustFind(from);
      const clash = core.tags.find(to);
      if (clash && clash.id !== t.id) throw new ApiError('conflict', `a tag named "${clash.name}" already exists: merge "${t.name}" into it instead`);
      core.write(() => core.tags.rename(t.id, to));
      return countOf(to);
    },

    'tags.merge': ({ from, into }) => {
      const a = mustFind(from);
      const b = mustFind(into);
      if (a.id === b.id) throw new ApiError('invalid_args', `"${from}" and "${into}" are the same tag`);
      core.write(() => core.tags.merge(a.id, b.id, core.now()));
      return countOf(b.name);
    },

    'tags.delete': ({ name }) => {
      const t = mustFind(name);
      core.write(() => core.tags.delete(t.id));
      return { name: t.name, deleted: true };
    },

    'tags.setColor': ({ name, color }) => {
      const t = mustFind(name);
      core.write(() => core.tags.setColor(t.id, color));
      return countOf(t.name);
    },
  };
}
