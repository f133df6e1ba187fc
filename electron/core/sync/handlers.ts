import type { Handlers } from '../../contract/methods.ts';
import type { TeamStatus } from '../../contract/shapes.ts';
import type { Core } from '../context.ts';
import type { BackgroundSync } from './background.ts';
import { dismissConflict, listConflicts, restoreConflict } from './conflicts.ts';
import { clippingAuthors, joinTeam, leaveTeam, syncTeam, teamStatus } from './client.ts';

type Area = Pick<
  Handlers,
  'team.join' | 'team.sync' | 'team.status' | 'team.leave' | 'team.authors' | 'team.conflicts' | 'team.restoreConflict' | 'team.dismissConflict'
>;

/**
 * The team archive's client side (docs/team-archive.md). Where the archive syncs in the
 * background, a sync asked for waits for the one running, and the status says how the
 * background sync goes.
 */
export function syncHandlers(core: Core, background: () => BackgroundSync | null): Area {
  const withState = (s: TeamStatus): TeamStatus => {
    const bg = background();
    return bg ? { ...s, background: bg.state() } : s;
  };
  return {
    'team.join': async ({ server, token }) => withState(await joinTeam(core, server, token)),
    'team.sync': () => background()?.syncNow() ?? syncTeam(core),
    'team.status': () => withState(teamStatus(core)),
    'team.leave': () => withState(leaveTeam(core)),
    'team.authors': ({ id }) => clippingAuthors(core, id),
    'team.conflicts': (args) => listConflicts(core, args),
    'team.restoreConflict': (args) => restoreConflict(core, args),
    'team.dismissConflict': (args) => dismissConflict(core, args),
  };
}
