/**
 * The TypeScript program `discover --program` writes: a fixed cdktf program that reads the
 * proposal's CSV with `PrivateAccessInventory.fromMigrate2GsaCsv`. No data from the tenant is
 * written into it (it stays in the CSV, which the inventory reads and checks), so the program
 * needs no escaping; the three things it names (the CSV's path next to it, the stack's name and
 * the library's module) come from the command line and must be plain.
 */

/** What the program names. */
export interface DiscoveryProgramOptions {
  /** The CSV's path relative to the program, with `/` separators. */
  readonly csv: string;
  /** The stack's name. */
  readonly stack: string;
  /** The module the constructs are imported from. */
  readonly library: string;
}

const PLAIN_PATH = /^[A-Za-z0-9_@/][A-Za-z0-9._@/-]*$/;
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The program's text; throws when a name is not plain. */
export function discoveryProgram(options: DiscoveryProgramOptions): string {
  for (const [what, value, pattern, hint] of [
    ['the CSV path (relative to the program)', options.csv, PLAIN_PATH, 'write the program and the CSV side by side, with plain file names'],
    ['the module to import', options.library, PLAIN_PATH, 'a package name or a plain path'],
    ['the stack name', options.stack, PLAIN_NAME, 'letters, digits, "-" and "_", starting with a letter'],
  ] as const) {
    if (!pattern.test(value) || value.includes('..')) {
      throw new Error(`${what} ${JSON.stringify(value)} is not plain enough to write into a program; ${hint}`);
    }
  }
  return [
    '// Written by `entra-private-access discover`: the Private Access apps proposed from what people',
    `// reached, read from ${options.csv}. Review and edit the CSV first: connector groups left as`,
    '// Placeholder_Replace_Me, users to replace with groups, apps to merge, split or drop. Then add a',
    '// PrivateAccessConditionalAccessPolicy for the apps and the PrivateAccessChecks rule pack, and',
    '// synthesize: the access review shows who gets what.',
    "import * as path from 'path';",
    "import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';",
    "import { App, TerraformStack } from 'cdktf';",
    `import { AccessReview, MsgraphProvider, PrivateAccessInventory } from '${options.library}';`,
    '',
    "const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });",
    `const stack = new TerraformStack(app, '${options.stack}');`,
    "new AzureadProvider(stack, 'azuread');",
    "new MsgraphProvider(stack, 'msgraph');",
    '',
    `export const discovered = PrivateAccessInventory.fromMigrate2GsaCsv(stack, 'Discovered', { file: path.join(__dirname, '${options.csv}') });`,
    '',
    'AccessReview.of(stack);',
    'app.synth();',
    '',
  ].join('\n');
}
