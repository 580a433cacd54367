#!/usr/bin/env node
/**
 * `entra-private-access`: the package's command line. Each subcommand lives in its own
 * `*-command.ts` file and is listed in `commands.ts`; `entra-private-access --help` lists them,
 * `entra-private-access <command> --help` shows one, `--version` prints the package's version.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './command';
import { COMMANDS } from './commands';

const PROGRAM = 'entra-private-access';

function usage(): string {
  return [
    `usage: ${PROGRAM} <command> [options]`,
    `       ${PROGRAM} <command> --help`,
    `       ${PROGRAM} --version`,
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.usage.replace(/\n/g, '\n  ')}\n`),
  ].join('\n');
}

/** The package's version, read from its package.json (two folders up from dist/cli or lib/cli). */
function version(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** Runs the command line; returns the exit code. */
export async function main(
  argv: string[],
  log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
  write: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    write(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    log(`${PROGRAM}: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  // `--help` anywhere before a `--` asks for the command's usage.
  const ownArgs = args.indexOf('--') === -1 ? args : args.slice(0, args.indexOf('--'));
  if (ownArgs.includes('--help') || ownArgs.includes('-h')) {
    write(`usage: ${PROGRAM} ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, { log, write });
  } catch (err) {
    if (err instanceof UsageError) {
      log(`${PROGRAM} ${command.name}: ${err.message}\n\nusage: ${PROGRAM} ${command.usage}`);
      return 2;
    }
    log(`${PROGRAM} ${command.name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
