import type { CliCommand } from './command';
import { EMULATE_COMMAND } from './emulate-command';
import { IMPORT_COMMAND } from './import-command';
import { REVIEW_DIFF_COMMAND } from './review-diff-command';

/** Every subcommand of `entra-private-access`, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [IMPORT_COMMAND, REVIEW_DIFF_COMMAND, EMULATE_COMMAND];
