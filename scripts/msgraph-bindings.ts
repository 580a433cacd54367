import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The committed provider schema the bindings are generated from. */
export const MSGRAPH_SCHEMA_FILE = path.join(__dirname, '..', 'providers', 'msgraph.schema.json');

/**
 * Generates the msgraph provider bindings into `outdir` (its `providers/msgraph` folder is
 * replaced), exactly as `npm run gen:providers` does.
 */
export async function generateMsgraphBindings(outdir: string): Promise<void> {
  // @cdktf/commons runs `terraform version` when it loads, and logs terraform's complaint about a
  // missing CLI configuration file as an ERROR. The generator needs no CLI configuration: when the
  // configured file does not exist, point terraform at an empty one.
  const cliConfig = process.env.TF_CLI_CONFIG_FILE ?? path.join(os.homedir(), '.terraformrc');
  if (!fs.existsSync(cliConfig)) {
    process.env.TF_CLI_CONFIG_FILE = os.devNull;
  }
  const { generateProviderBindingsFromSchema } = await import('@cdktf/provider-generator');
  const schema = JSON.parse(fs.readFileSync(MSGRAPH_SCHEMA_FILE, 'utf8'));
  fs.rmSync(path.join(outdir, 'providers', 'msgraph'), { recursive: true, force: true });
  await generateProviderBindingsFromSchema(outdir, schema);
}
