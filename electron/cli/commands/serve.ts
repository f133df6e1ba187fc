/** `serve`: the app in a browser, over the same archive, and the browser clipper's endpoint. */
import { READERS } from '../../core/readers/pool.ts';
import { SYNC_EVERY_MS } from '../../core/sync/background.ts';
import { intOpt, UsageError, type Command } from '../args.ts';

export const SERVE_COMMANDS: Record<string, Command> = {
  serve: {
    usage: 'serve [--port N] [--clipper-port N|off] [--readers N] [--sync-every SECONDS]',
    summary:
      'Run the app in a browser: serve the archive on 127.0.0.1 with an access token. The browser clipper endpoint listens on 127.0.0.1:27183 ' +
      '(else the first free of 27184–27187; --clipper-port picks one, "off" starts none). ' +
      `Searches and other reads are answered by ${READERS} worker threads (--readers N; 0: on the one thread that also writes). ` +
      `A team archive syncs by itself: after local changes, every ${SYNC_EVERY_MS / 1000} s (--sync-every SECONDS), and again after a failure.`,
    options: { port: { type: 'string', short: 'p' }, 'clipper-port': { type: 'string' }, readers: { type: 'string' }, 'sync-every': { type: 'string' } },
    arity: [0, 0],
    run: async ({ archive, values, io, rendererDir }) => {
      const { startServer } = await import('../../server.ts');
      const { CLIPPER_PORTS, startClipperServer } = await import('../../clipper-server.ts');
      const rawClipper = values['clipper-port'];
      const clipperOff = rawClipper === 'off';
      const clipperPorts = clipperOff || rawClipper === undefined ? CLIPPER_PORTS : [intOpt(rawClipper, 'clipper-port', 0)];
      if (clipperPorts[0] === 0) throw new UsageError('--clipper-port needs a port number or "off"');
      const readers = intOpt(values.readers, 'readers', READERS);
      if (readers > 0) archive().readInWorkers({ size: readers, onCrash: (message) => io.err(`Cuttings: ${message}; it was replaced.`) });
      // The ranking lists of broad words read ahead in the background (core/search/warmup.ts).
      archive().warmRankListsInBackground();
      const syncEvery = intOpt(values['sync-every'], 'sync-every', SYNC_EVERY_MS / 1000);
      if (syncEvery < 1) throw new UsageError('--sync-every needs at least 1 (second)');
      archive().syncInBackground({ everyMs: syncEvery * 1000 });
      const running = await startServer({ archive: archive(), port: intOpt(values.port, 'port', 0), staticDir: rendererDir });
      const clipper = clipperOff ? null : await startClipperServer({ archive: archive(), ports: clipperPorts });
      io.out(`Cuttings is running at ${running.url}`);
      if (clipper) io.out(`The browser clipper can reach it at http://127.0.0.1:${clipper.port}/`);
      else if (!clipperOff) io.err(`The browser clipper cannot reach this instance: port${clipperPorts.length > 1 ? `s ${clipperPorts[0]}–${clipperPorts.at(-1)} are` : ` ${clipperPorts[0]} is`} taken.`);
      await new Promise<void>((resolve) => {
        for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
      });
      await clipper?.close();
      await running.close();
      return 0;
    },
  },
};
