import * as fs from 'fs';
import { CliCommand, parseArgs, stringOption, UsageError } from './command';
import * as path from 'path';
import { GraphClient, graphOrigin } from './graph-client';
import { writeProgram } from './program-writer';
import { readTenant } from './tenant';
import { graphToken } from './token';

/** The options of `entra-private-access import`. */
export interface ImportOptions {
  readonly out: string;
  readonly stack: string;
  readonly graphEndpoint: string;
  readonly force: boolean;
  readonly library: string;
}

/**
 * `entra-private-access import`: reads the tenant's Private Access apps and writes a cdktf program
 * that adopts them. The file is written only once everything was read, and never over an existing
 * file without `--force`; a tenant without Private Access apps writes nothing and says so.
 */
export async function runImport(options: ImportOptions, log: (message: string) => void): Promise<void> {
  const out = path.resolve(options.out);
  if (fs.existsSync(out) && !options.force) {
    throw new Error(`${options.out} exists; choose another --out, or pass --force to overwrite it`);
  }
  const origin = graphOrigin(options.graphEndpoint);
  const graph = new GraphClient({ endpoint: origin, token: graphToken(), progress: log });
  log(`reading Private Access from ${origin}`);
  const snapshot = await readTenant(graph, log);
  if (snapshot.apps.length === 0) {
    throw new Error(
      `found no Private Access app (tag PrivateAccessNonWebApplication) and no Quick Access app (tag NetworkAccessQuickAccessApplication) in the tenant at ${origin}, so there is nothing to adopt and no file was written. ` +
        'Check that you are signed in to the right tenant (`az account show`), or declare new apps with the constructs instead',
    );
  }
  const program = writeProgram(snapshot, { stackName: options.stack, endpoint: options.graphEndpoint, library: options.library });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, program.text, { flag: options.force ? 'w' : 'wx' });
  for (const warning of program.warnings) {
    log(`warning: ${warning}`);
  }
  log(`wrote ${options.out}: ${program.summary}`);
}

/** `entra-private-access import`. */
export const IMPORT_COMMAND: CliCommand = {
  name: 'import',
  usage: `import --out <file.ts> [--stack <name>] [--graph-endpoint <url>] [--force] [--library <module>]
    Reads the tenant's Private Access apps, their segments, connector groups, assignments and
    the Conditional Access policies that target them, and writes a cdktf program that adopts
    them (import blocks). Token: ENTRA_PRIVATE_ACCESS_TOKEN, else \`az account get-access-token\`.
    --stack           the stack's name (default: adopted)
    --graph-endpoint  Microsoft Graph's host root, without /v1.0 or /beta
                      (default: https://graph.microsoft.com)
    --force           overwrite --out if it exists
    --library         the module the program imports the constructs from
                      (default: cdktf-entra-private-access)`,
  run: async (args, io) => {
    const parsed = parseArgs(args, ['force'], ['out', 'stack', 'graph-endpoint', 'library']);
    const out = stringOption(parsed, 'out');
    if (out === undefined) {
      throw new UsageError('import needs --out <file.ts>');
    }
    if (parsed.positional.length > 0) {
      throw new UsageError(`unknown argument ${JSON.stringify(parsed.positional[0])}`);
    }
    await runImport(
      {
        out,
        stack: stringOption(parsed, 'stack', 'adopted'),
        graphEndpoint: stringOption(parsed, 'graph-endpoint', 'https://graph.microsoft.com'),
        force: parsed.options.force === true,
        library: stringOption(parsed, 'library', 'cdktf-entra-private-access'),
      },
      io.log,
    );
    return 0;
  },
};
