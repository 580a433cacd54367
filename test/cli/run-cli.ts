/** Runs the command line in the test's process, as the Graph tests need it. */
import { main } from '../../lib/cli';

/**
 * Runs `entra-private-access <args>` in this process with ENTRA_PRIVATE_ACCESS_TOKEN set to `token`
 * (unset when undefined), restoring the variable afterwards; returns the exit code, the output and
 * the log lines.
 */
export async function runCli(args: string[], token: string | undefined): Promise<{ code: number; out: string; log: string[] }> {
  const saved = process.env.ENTRA_PRIVATE_ACCESS_TOKEN;
  if (token === undefined) {
    delete process.env.ENTRA_PRIVATE_ACCESS_TOKEN;
  } else {
    process.env.ENTRA_PRIVATE_ACCESS_TOKEN = token;
  }
  let out = '';
  const log: string[] = [];
  try {
    const code = await main(args, (m) => log.push(m), (t) => (out += t));
    return { code, out, log };
  } finally {
    if (saved === undefined) {
      delete process.env.ENTRA_PRIVATE_ACCESS_TOKEN;
    } else {
      process.env.ENTRA_PRIVATE_ACCESS_TOKEN = saved;
    }
  }
}
