/**
 * The version of the sync protocol (docs/team-archive.md) this Cuttings speaks. The team
 * server says its own in its answer to `GET /v1/hello`; a client joins only a server of
 * the same version.
 */
export const PROTOCOL = 1;
