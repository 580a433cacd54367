#!/usr/bin/env node
/**
 * `entra-private-access`: the package's command line.
 *
 *   entra-private-access import --out <file.ts> [--stack <name>] [--graph-endpoint <url>] [--force]
 *   entra-private-access review-diff <base access-review.json> <head access-review.json> [--format json]
 */
import { GraphError } from './graph-client';
import { runImport } from './import-command';
import { runReviewDiff } from './review-diff-command';

const USAGE = `usage: entra-private-access <command> [options]

commands:
  import --out <file.ts> [--stack <name>] [--graph-endpoint <url>] [--force] [--library <module>]
      Reads the tenant's Private Access apps, their segments, connector groups, assignments and
      the Conditional Access policies that target them, and writes a cdktf program that adopts
      them (import blocks). Token: ENTRA_PRIVATE_ACCESS_TOKEN, else \`az account get-access-token\`.
      --stack           the stack's name (default: adopted)
      --graph-endpoint  Microsoft Graph (default: https://graph.microsoft.com)
      --force           overwrite --out if it exists
      --library         the module the program imports the constructs from
                        (default: cdktf-entra-private-access)

  review-diff <base access-review.json> <head access-review.json> [--format markdown|json]
      Prints who gains and who loses which access between two access reviews of a stack, and
      what changes in the Conditional Access that guards the apps: Markdown for a pull request
      comment (one line when nothing changed), or JSON for tools.
`;

/** Parses `--name value` and `--flag` options; anything else is an error. */
function parseOptions(args: string[], flags: string[], values: string[]): Record<string, string | boolean> {
  const options: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const name = args[i].replace(/^--/, '');
    if (!args[i].startsWith('--') || (!flags.includes(name) && !values.includes(name))) {
      throw new UsageError(`unknown argument ${JSON.stringify(args[i])}`);
    }
    if (flags.includes(name)) {
      options[name] = true;
    } else {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError(`--${name} needs a value`);
      }
      options[name] = value;
    }
  }
  return options;
}

class UsageError extends Error {}

/** Runs the command line; returns the exit code. */
export async function main(
  argv: string[],
  log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
  write: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      write(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === 'import') {
      const o = parseOptions(args, ['force'], ['out', 'stack', 'graph-endpoint', 'library']);
      if (typeof o.out !== 'string') {
        throw new UsageError('import needs --out <file.ts>');
      }
      await runImport(
        {
          out: o.out,
          stack: typeof o.stack === 'string' ? o.stack : 'adopted',
          graphEndpoint: typeof o['graph-endpoint'] === 'string' ? o['graph-endpoint'] : 'https://graph.microsoft.com',
          force: o.force === true,
          library: typeof o.library === 'string' ? o.library : 'cdktf-entra-private-access',
        },
        log,
      );
      return 0;
    }
    if (command === 'review-diff') {
      const files = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--format');
      const o = parseOptions(
        args.filter((a) => !files.includes(a)),
        [],
        ['format'],
      );
      if (files.length !== 2) {
        throw new UsageError('review-diff needs two files: <base access-review.json> <head access-review.json>');
      }
      const format = typeof o.format === 'string' ? o.format : 'markdown';
      if (format !== 'markdown' && format !== 'json') {
        throw new UsageError(`--format ${JSON.stringify(format)} is neither markdown nor json`);
      }
      write(runReviewDiff(files[0], files[1], format));
      return 0;
    }
    throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  } catch (err) {
    if (err instanceof UsageError) {
      log(`entra-private-access: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    log(`entra-private-access: ${err instanceof GraphError || err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
