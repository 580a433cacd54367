/**
 * What every subcommand of `entra-private-access` is: a name, its usage text and a `run`. Each
 * command lives in its own `*-command.ts` file and is listed once in `commands.ts`.
 */

/** Where a command writes: `write` is its output (stdout), `log` its messages (stderr). */
export interface CliIo {
  /** Writes output text as it is (stdout). */
  readonly write: (text: string) => void;
  /** Writes one message line (stderr). */
  readonly log: (message: string) => void;
}

/** One subcommand. */
export interface CliCommand {
  /** The word that selects it: `import`, `review-diff`. */
  readonly name: string;
  /** Its usage, as `entra-private-access --help` and `<command> --help` print it: the synopsis line, then indented lines. */
  readonly usage: string;
  /**
   * Runs it with the arguments after its name; returns the exit code (0 success, 1 error, 2
   * usage, or what the command documents).
   */
  readonly run: (args: string[], io: CliIo) => Promise<number>;
}

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** The parsed command line: options by name (`true` for a flag) and the positional arguments. */
export interface ParsedArgs {
  readonly options: Record<string, string | boolean>;
  readonly positional: string[];
}

/**
 * Parses `--name value`, `--name=value` and `--flag` options and positional arguments (`--` ends
 * the options: everything after it is positional). Anything unknown is a `UsageError`.
 */
export function parseArgs(args: string[], flags: string[], values: string[]): ParsedArgs {
  const options: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (flags.includes(name) && eq === -1) {
      options[name] = true;
    } else if (values.includes(name)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith('--'))) {
        throw new UsageError(`--${name} needs a value`);
      }
      options[name] = value;
    } else {
      throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return { options, positional };
}

/** The option's value when given as text, else `fallback`. */
export function stringOption(parsed: ParsedArgs, name: string, fallback: string): string;
export function stringOption(parsed: ParsedArgs, name: string): string | undefined;
export function stringOption(parsed: ParsedArgs, name: string, fallback?: string): string | undefined {
  const value = parsed.options[name];
  return typeof value === 'string' ? value : fallback;
}
