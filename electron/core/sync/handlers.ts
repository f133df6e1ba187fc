import type { Handlers } from '../../contract/methods.ts';
import type { Core } from '../context.ts';
import { joinTeam, leaveTeam, syncTeam, teamStatus } from './client.ts';

type Area = Pick<Handlers, 'team.join' | 'team.sync' | 'team.status' | 'team.leave'>;

/** The team archive's client side (docs/team-archive.md). */
export function syncHandlers(core: Core): Area {
  return {
    'team.join': ({ server, token }) => joinTeam(core, server, token),
    'team.sync': () => syncTeam(core),
    'team.status': () => teamStatus(core),
    'team.leave': () => leaveTeam(core),
  };
}
