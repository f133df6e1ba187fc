/** `serve`: the app in a browser, over the same archive. */
import { intOpt, type Command } from '../args.ts';

export const SERVE_COMMANDS: Record<string, Command> = {
  serve: {
    usage: 'serve [--port N]',
    summary: 'Run the app in a browser: serve the archive on 127.0.0.1 with an access token.',
    options: { port: { type: 'string', short: 'p' } },
    arity: [0, 0],
    run: async ({ archive, values, io, rendererDir }) => {
      const { startServer } = await import('../../server.ts');
      const running = await startServer({ archive: archive(), port: intOpt(values.port, 'port', 0), staticDir: rendererDir });
      io.out(`Cuttings is running at ${running.url}`);
      await new Promise<void>((resolve) => {
        for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
      });
      await running.close();
      return 0;
    },
  },
};
