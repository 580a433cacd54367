import * as fs from 'fs';
import * as path from 'path';
import { GraphClient } from './graph-client';
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
 * file without `--force`.
 */
export async function runImport(options: ImportOptions, log: (message: string) => void): Promise<void> {
  const out = path.resolve(options.out);
  if (fs.existsSync(out) && !options.force) {
    throw new Error(`${options.out} exists; choose another --out, or pass --force to overwrite it`);
  }
  const graph = new GraphClient({ endpoint: options.graphEndpoint, token: graphToken(), progress: log });
  log(`reading Private Access from ${options.graphEndpoint}`);
  const snapshot = await readTenant(graph, log);
  const program = writeProgram(snapshot, { stackName: options.stack, endpoint: options.graphEndpoint, library: options.library });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, program.text, { flag: options.force ? 'w' : 'wx' });
  for (const warning of program.warnings) {
    log(`warning: ${warning}`);
  }
  log(`wrote ${options.out}: ${program.summary}`);
}
