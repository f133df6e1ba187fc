/**
 * Every command, by name. The areas keep their commands in their own files; the help
 * and the "unknown command" list show them in the order below (the order people meet
 * them in), so that order is stated once here and checked against the areas.
 */
import type { Command } from '../args.ts';
import { ANNOTATION_COMMANDS } from './annotations.ts';
import { ARCHIVE_COMMANDS } from './archive.ts';
import { CLIPPING_COMMANDS } from './clippings.ts';
import { IMPORT_COMMANDS } from './import.ts';
import { SEARCH_COMMANDS } from './search.ts';
import { SERVE_COMMANDS } from './serve.ts';
import { TAG_COMMANDS } from './tags.ts';
import { TEAM_COMMANDS } from './team.ts';
import { TRASH_COMMANDS } from './trash.ts';

const ORDER = [
  'import', 'show', 'list',
  'search', 'suggest', 'search-save', 'searches', 'search-delete',
  'tag', 'untag', 'tags', 'tag-rename', 'tag-merge', 'tag-delete', 'tag-color',
  'star', 'unstar', 'read', 'unread', 'edit', 'versions', 'edit-text',
  'annotate', 'annotations', 'annotation-edit', 'annotation-delete',
  'note', 'delete', 'trash', 'empty-trash', 'reextract', 'serve',
  'export', 'backup', 'restore', 'import-archive', 'stats',
  'team', 'sync',
];

function inOrder(areas: Record<string, Command>[]): Record<string, Command> {
  const all: Record<string, Command> = Object.assign({}, ...areas);
  const missing = ORDER.filter((name) => !all[name]);
  const unlisted = Object.keys(all).filter((name) => !ORDER.includes(name));
  if (missing.length || unlisted.length) throw new Error(`cli commands out of step with their order: missing ${missing.join(', ')}; unlisted ${unlisted.join(', ')}`);
  return Object.fromEntries(ORDER.map((name) => [name, all[name]!]));
}

export const COMMANDS = inOrder([IMPORT_COMMANDS, CLIPPING_COMMANDS, SEARCH_COMMANDS, TAG_COMMANDS, ANNOTATION_COMMANDS, TRASH_COMMANDS, ARCHIVE_COMMANDS, SERVE_COMMANDS, TEAM_COMMANDS]);
