import type { Handlers } from '../contract/methods.ts';

/** The lasting grants of the calling door (the app's; browser mode and the CLI have none). */
export function placeHandlers(): Pick<Handlers, 'places.list' | 'places.revoke'> {
  return {
    'places.list': (_args, ctx) => ctx.places?.list() ?? [],
    'places.revoke': ({ grant }, ctx) => ({ grant, revoked: ctx.places?.revoke(grant) ?? false }),
  };
}
