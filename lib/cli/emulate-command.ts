import { spawn } from 'child_process';
import * as fs from 'fs';
import { CliCommand, parseArgs, stringOption, UsageError } from './command';
import { GraphEmulator } from '../emulator/emulator';
import { TenantSeed } from '../emulator/tenant';

/** Reads a seed file (the tenant's JSON, as `--state` writes it). */
function readSeed(file: string): TenantSeed {
  let seed: unknown;
  try {
    seed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the seed ${file}: ${(err as Error).message}`);
  }
  if (seed === null || typeof seed !== 'object' || Array.isArray(seed)) {
    throw new Error(`the seed ${file} is not a JSON object; give a tenant as --state writes it ({"applications": [...], "groups": [...], ...})`);
  }
  return seed as TenantSeed;
}

/**
 * Runs `command` with the emulator: starts it, runs the command with the emulator's environment
 * (proxy, CA, fake `az` first on PATH), relays its exit code, writes the requests and the final
 * tenant when asked, and stops it.
 */
export async function runEmulated(
  command: string[],
  options: { seed?: TenantSeed; identity?: 'user' | 'app'; record?: string; state?: string; log: (message: string) => void },
): Promise<number> {
  const emulator = await GraphEmulator.start({ seed: options.seed, identity: options.identity });
  try {
    options.log(`Graph emulator on ${emulator.proxyUrl} (tenant ${emulator.tenant.tenantId}, ${options.identity ?? 'user'} sign-in); running: ${command.map((c) => JSON.stringify(c)).join(' ')}`);
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: emulator.env() });
      child.on('error', (err) => reject(new Error(`cannot run ${JSON.stringify(command[0])}: ${err.message}`)));
      child.on('close', (status, signal) => resolve(status ?? (signal ? 128 + 15 : 1)));
    });
    if (options.record) {
      fs.writeFileSync(options.record, `${JSON.stringify(emulator.requests, null, 2)}\n`);
    }
    if (options.state) {
      fs.writeFileSync(options.state, `${JSON.stringify(emulator.snapshot(), null, 2)}\n`);
    }
    return code;
  } finally {
    await emulator.stop();
  }
}

/** `entra-private-access emulate`. */
export const EMULATE_COMMAND: CliCommand = {
  name: 'emulate',
  usage: `emulate [--seed <tenant.json>] [--record <requests.json>] [--state <tenant.json>] [--app-only] -- <command...>
    Runs a command (terraform apply, cdktf deploy, a test script) against an emulated Microsoft
    Graph tenant on 127.0.0.1 instead of a real one: the providers reach it through HTTPS_PROXY,
    trust its local CA (SSL_CERT_FILE, for that command only) and sign in with a fake az.
    --seed starts from a tenant (JSON, as --state writes it); --record writes every request,
    --state the tenant at the end; --app-only signs in as an app (a pipeline's identity)
    instead of a user. Exits with the command's exit code.`,
  run: async (args, io) => {
    const parsed = parseArgs(args, ['app-only'], ['seed', 'record', 'state']);
    if (!args.includes('--')) {
      throw new UsageError('give the command after --, such as: emulate -- terraform apply');
    }
    if (parsed.positional.length === 0) {
      throw new UsageError('no command after --');
    }
    const seedFile = stringOption(parsed, 'seed');
    return runEmulated(parsed.positional, {
      seed: seedFile === undefined ? undefined : readSeed(seedFile),
      identity: parsed.options['app-only'] === true ? 'app' : 'user',
      record: stringOption(parsed, 'record'),
      state: stringOption(parsed, 'state'),
      log: io.log,
    });
  },
};
