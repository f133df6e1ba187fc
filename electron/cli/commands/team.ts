/**
 * The team archive (docs/team-archive.md): `team init|serve|user` run the server side
 * with the PostgreSQL URL (--database-url, else $DATABASE_URL); `team join|status|leave`
 * and `sync` are this archive's side, through the contract.
 */
import { readFileSync } from 'node:fs';
import { FIELD_GROUPS, type FieldGroup } from '../../contract/enums.ts';
import type { TeamStatus } from '../../contract/shapes.ts';
import { call, intOpt, JSON_OPT, jsonOr, UsageError, type Command, type RunContext } from '../args.ts';

const USAGE = 'team init | serve [--port N] [--host H] [--cert F --key F] | user add NAME --role R | user list | user revoke NAME  [--database-url URL];  team join URL --token T | status [--json] | leave | conflicts [--json] | conflicts restore|dismiss ID FIELD';

function databaseUrl({ values, io }: RunContext): string {
  const url = (values['database-url'] as string | undefined) ?? io.env.DATABASE_URL;
  if (!url) throw new UsageError('team: give --database-url URL (or set DATABASE_URL)');
  return url;
}

function describe(s: TeamStatus): string {
  if (!s.joined) return 'Not in a team.';
  const overridden = s.overridden ? ` ${s.overridden} edit${s.overridden === 1 ? '' : 's'} of yours replaced by later ones: "cuttings team conflicts".` : '';
  return `In the team at ${s.server} as ${s.user} (${s.role}); ${s.pending} change${s.pending === 1 ? '' : 's'} waiting; pulled up to change ${s.cursor}; ${s.lastSync ? `last sync ${s.lastSync}` : 'never synced'}.${overridden}`;
}

export const TEAM_COMMANDS: Record<string, Command> = {
  team: {
    usage: USAGE,
    summary: 'A shared team archive on PostgreSQL: set up and run its server, manage its users; join, leave, status here.',
    options: {
      ...JSON_OPT,
      'database-url': { type: 'string' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      role: { type: 'string' },
      token: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
    },
    arity: [1, 4],
    run: async (ctx) => {
      const { args, values, io, archive } = ctx;
      const [verb, a, b, c] = args;
      const exact = (n: number) => {
        if (args.length !== n) throw new UsageError(`team ${verb}: expected ${n - 1} argument${n === 2 ? '' : 's'}\nUsage: cuttings ${USAGE}`);
      };
      switch (verb) {
        case 'init': {
          exact(1);
          const { initTeam } = await import('../../team/admin.ts');
          const r = await initTeam(databaseUrl(ctx));
          io.out(r.applied.length ? `Team schema at version ${r.applied[r.applied.length - 1]} (applied ${r.applied.join(', ')}).` : 'Team schema up to date.');
          if (r.admin) io.out(`First admin "${r.admin.name}", token (shown once):\n${r.admin.token}`);
          return 0;
        }
        case 'serve': {
          exact(1);
          const { startTeamServer, DEFAULT_TEAM_PORT } = await import('../../team/server.ts');
          const [cert, key] = [values.cert, values.key] as Array<string | undefined>;
          if ((cert === undefined) !== (key === undefined)) throw new UsageError('team serve: give both --cert FILE and --key FILE (PEM), or neither');
          let tls: { cert: Buffer; key: Buffer } | undefined;
          try {
            tls = cert && key ? { cert: readFileSync(cert), key: readFileSync(key) } : undefined;
          } catch (err) {
            io.err(`cuttings team serve: ${(err as Error).message}`);
            return 1;
          }
          const running = await startTeamServer({ databaseUrl: databaseUrl(ctx), port: intOpt(values.port, 'port', DEFAULT_TEAM_PORT), host: (values.host as string | undefined) ?? '127.0.0.1', tls });
          io.out(`Team server at ${running.url}`);
          await new Promise<void>((resolve) => {
            for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
          });
          await running.close();
          return 0;
        }
        case 'user': {
          const { addTeamUser, listTeamUsers, revokeTeamUser, ROLES } = await import('../../team/admin.ts');
          if (a === 'add') {
            exact(3);
            const role = values.role as string | undefined;
            if (!role || !(ROLES as readonly string[]).includes(role)) throw new UsageError(`team user add: --role ${ROLES.join('|')}`);
            const r = await addTeamUser(databaseUrl(ctx), b!, role as (typeof ROLES)[number]);
            return jsonOr(values, io, { name: r.user.name, role: r.user.role, token: r.token }, () => io.out(`User "${r.user.name}" (${r.user.role}), token (shown once):\n${r.token}`));
          }
          if (a === 'list') {
            exact(2);
            const users = await listTeamUsers(databaseUrl(ctx));
            return jsonOr(values, io, users, () => {
              for (const u of users) io.out(`${u.name}\t${u.role}${u.revoked ? '\trevoked' : ''}`);
            });
          }
          if (a === 'revoke') {
            exact(3);
            if (!(await revokeTeamUser(databaseUrl(ctx), b!))) {
              io.err(`cuttings team user revoke: no user named "${b}"`);
              return 1;
            }
            io.out(`User "${b}" revoked: every token of theirs is refused from now on.`);
            return 0;
          }
          throw new UsageError(`team user: add, list or revoke\nUsage: cuttings ${USAGE}`);
        }
        case 'join': {
          exact(2);
          const token = values.token as string | undefined;
          if (!token) throw new UsageError('team join: --token T (the token "team user add" printed)');
          const s = await call(archive(), 'team.join', { server: a, token });
          return jsonOr(values, io, s, () => io.out(`${describe(s)} Run "cuttings sync" to send what this archive holds.`));
        }
        case 'status': {
          exact(1);
          const s = await call(archive(), 'team.status', {});
          return jsonOr(values, io, s, () => io.out(describe(s)));
        }
        case 'leave': {
          exact(1);
          const s = await call(archive(), 'team.leave', {});
          return jsonOr(values, io, s, () => io.out('Left the team; the archive keeps everything it holds.'));
        }
        case 'conflicts': {
          if (a === undefined) {
            const edits = await call(archive(), 'team.conflicts', {});
            return jsonOr(values, io, edits, () => {
              if (edits.length === 0) io.out('No edit of yours was replaced by a later one.');
              for (const e of edits) io.out(`clipping ${e.clippingId} "${e.clippingTitle}": your ${e.field} was replaced by a later edit${e.replacedBy ? ` of ${e.replacedBy}` : ''} made on ${e.replacedAt}; yours: ${JSON.stringify(e.yours)} (team conflicts restore|dismiss ${e.clippingId} ${e.field})`);
            });
          }
          exact(4);
          if (a !== 'restore' && a !== 'dismiss') throw new UsageError(`team conflicts: restore or dismiss ID FIELD\nUsage: cuttings ${USAGE}`);
          if (!/^\d+$/.test(b!)) throw new UsageError(`team conflicts ${a}: ID is a clipping's number, got "${b}"`);
          if (!(FIELD_GROUPS as readonly string[]).includes(c!)) throw new UsageError(`team conflicts ${a}: FIELD is one of ${FIELD_GROUPS.join(', ')}`);
          const clippingId = Number(b);
          const field = c as FieldGroup;
          if (a === 'restore') {
            const d = await call(archive(), 'team.restoreConflict', { clippingId, field });
            return jsonOr(values, io, d, () => io.out(`Your ${field} of clipping ${clippingId} is back; it goes to the team at the next sync.`));
          }
          const r = await call(archive(), 'team.dismissConflict', { clippingId, field });
          return jsonOr(values, io, r, () => io.out(r.dismissed ? `Dismissed: clipping ${clippingId} keeps the later ${field}.` : `Clipping ${clippingId} had no replaced ${field} of yours.`));
        }
        default:
          throw new UsageError(`team: unknown "${verb}"\nUsage: cuttings ${USAGE}`);
      }
    },
  },
  sync: {
    usage: 'sync [--json]',
    summary: 'Push this archive’s changes to its team server and pull everyone else’s.',
    options: JSON_OPT,
    arity: [0, 0],
    run: async ({ archive, values, io }) => {
      const r = await call(archive(), 'team.sync', {});
      return jsonOr(values, io, r, () =>
        io.out(
          `Pushed ${r.pushed}, pulled ${r.pulled}, ${r.conflicts} conflict${r.conflicts === 1 ? '' : 's'} resolved (last writer wins); at change ${r.cursor}.` +
            (r.notShared ? ` ${r.notShared} change${r.notShared === 1 ? '' : 's'} kept in this archive only: a reader cannot change the team's archive.` : ''),
        ),
      );
    },
  },
};
