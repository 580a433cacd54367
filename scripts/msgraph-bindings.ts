import * as fs from 'fs';
import * as path from 'path';
import { quietMissingTerraformCliConfig } from './terraform-cli-config';

/** The committed provider schema the bindings are generated from. */
export const MSGRAPH_SCHEMA_FILE = path.join(__dirname, '..', 'providers', 'msgraph.schema.json');

/**
 * Generates the msgraph provider bindings into `outdir` (its `providers/msgraph` folder is
 * replaced), exactly as `npm run gen:providers` does.
 */
export async function generateMsgraphBindings(outdir: string): Promise<void> {
  // @cdktf/commons runs terraform when it loads; see terraform-cli-config.js.
  quietMissingTerraformCliConfig();
  const { generateProviderBindingsFromSchema } = await import('@cdktf/provider-generator');
  const schema = JSON.parse(fs.readFileSync(MSGRAPH_SCHEMA_FILE, 'utf8'));
  fs.rmSync(path.join(outdir, 'providers', 'msgraph'), { recursive: true, force: true });
  await generateProviderBindingsFromSchema(outdir, schema);
}
