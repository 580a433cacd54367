/**
 * Regenerates the committed cdktf bindings of the microsoft/msgraph provider.
 *
 * There is no prebuilt cdktf package for microsoft/msgraph, and `cdktf get` needs network access
 * to download the provider. Instead the provider's schema is committed as
 * `providers/msgraph.schema.json` (the output of `terraform providers schema -json`, plus the
 * `provider_versions` entry that `cdktf get` adds from `terraform version -json`), and this script
 * turns it into TypeScript with the same generator that `cdktf get` uses.
 *
 * Usage: `npm run gen:providers [-- <output folder>]` (default `lib/gen`).
 */
import * as path from 'path';
import { generateMsgraphBindings } from './msgraph-bindings';

const outdir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'lib', 'gen'));

generateMsgraphBindings(outdir)
  .then(() => process.stdout.write(`msgraph bindings written to ${path.relative(process.cwd(), outdir) || '.'}\n`))
  .catch((err: unknown) => {
    process.stderr.write(`gen:providers failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
