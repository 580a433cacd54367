import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateMsgraphBindings, MSGRAPH_SCHEMA_FILE } from '../scripts/msgraph-bindings';

const COMMITTED = path.join(__dirname, '..', 'lib', 'gen', 'providers', 'msgraph');

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

describe('msgraph provider bindings', () => {
  let outdir: string;

  beforeAll(async () => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgraph-gen-'));
    await generateMsgraphBindings(outdir);
  });

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('the committed bindings are exactly what the committed schema generates (run `npm run gen:providers`)', () => {
    const generated = path.join(outdir, 'providers', 'msgraph');
    const files = listFiles(generated);
    expect(listFiles(COMMITTED)).toEqual(files);
    for (const file of files) {
      expect({ file, text: fs.readFileSync(path.join(COMMITTED, file), 'utf8') }).toEqual({
        file,
        text: fs.readFileSync(path.join(generated, file), 'utf8'),
      });
    }
  });

  test('the schema declares the resources and data sources the library relies on, at a pinned version', () => {
    const schema = JSON.parse(fs.readFileSync(MSGRAPH_SCHEMA_FILE, 'utf8'));
    const fqpn = 'registry.terraform.io/microsoft/msgraph';
    const provider = schema.provider_schemas[fqpn];
    expect(Object.keys(provider.resource_schemas).sort()).toEqual([
      'msgraph_resource',
      'msgraph_resource_action',
      'msgraph_resource_collection',
      'msgraph_update_resource',
    ]);
    expect(Object.keys(provider.data_source_schemas).sort()).toEqual(['msgraph_resource', 'msgraph_resource_action']);
    expect(schema.provider_versions[fqpn]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(provider.resource_schemas.msgraph_resource_action.block.attributes.method.required).toBe(true);
    expect(provider.resource_schemas.msgraph_resource.block.attributes.retry.nested_type.attributes.error_message_regex.required).toBe(true);
  });

  test('cdktf.json asks `cdktf get` for the same provider into the same folder', () => {
    const cdktf = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdktf.json'), 'utf8'));
    expect(cdktf.terraformProviders).toEqual(['microsoft/msgraph@~> 0.5']);
    expect(cdktf.codeMakerOutput).toBe('lib/gen');
  });
});
