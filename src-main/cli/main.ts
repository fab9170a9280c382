/** The `auditor` command: exit 0 ok, 1 user-facing error (one line on stderr), 2 bad usage. */
import { AppError } from '../../src-shared/errors';
import { activityCommand, commandContext, demoCommand, importCommand, initCommand, quarantineCommand, queryCommand, statsCommand, type Io } from './commands';
import { sourceCommand, syncCommand } from './syncCommands';
import { USAGE, UsageError } from './usage';

const COMMANDS: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  init: initCommand,
  import: importCommand,
  quarantine: quarantineCommand,
  stats: statsCommand,
  query: queryCommand,
  activity: activityCommand,
  demo: demoCommand,
  source: (argv, io) => sourceCommand(argv, commandContext(io)),
  sync: (argv, io) => syncCommand(argv, commandContext(io)),
};

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr).write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`auditor: unknown command ${JSON.stringify(name)}\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`auditor ${name}: ${error.message}\n(see auditor --help)\n`);
      return 2;
    }
    const message = error instanceof AppError ? error.message : `unexpected error: ${(error as Error).message}`;
    io.stderr.write(`auditor ${name}: ${message.replace(/\s+/g, ' ')}\n`);
    return 1;
  }
}

