import type { CliCommand } from './command';
import { DISCOVER_COMMAND } from './discover-command';
import { EMULATE_COMMAND } from './emulate-command';
import { IMPORT_COMMAND } from './import-command';
import { PR_COMMENT_COMMAND } from './pr-comment-command';
import { REVIEW_COMMAND } from './review-command';
import { REVIEW_DIFF_COMMAND } from './review-diff-command';
import { VERIFY_COMMAND } from './verify-command';

/** Every subcommand of `entra-private-access`, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [IMPORT_COMMAND, REVIEW_DIFF_COMMAND, REVIEW_COMMAND, PR_COMMENT_COMMAND, VERIFY_COMMAND, DISCOVER_COMMAND, EMULATE_COMMAND];
