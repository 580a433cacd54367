/**
 * API.md is the API reference jsii-docgen generates from the doc comments (what Construct Hub
 * shows): it must be what the current doc comments generate. `npm run docgen` rewrites it.
 */
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateApiReference } = require('../scripts/api-reference') as { generateApiReference: () => { text?: string; error?: string } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ON_CDKTN = require('cdktf/package.json').name === 'cdktn';

describe('API.md', () => {
  // jsii builds the assembly against cdktf 0.21; on CDK Terrain it cannot resolve cdktf's assembly.
  (ON_CDKTN ? test.skip : test)('is the reference the doc comments generate (npm run docgen rewrites it)', () => {
    const { text, error } = generateApiReference();
    expect(error).toBeUndefined();
    const committed = fs.readFileSync(path.join(__dirname, '..', 'API.md'), 'utf8');
    // One comparison, with the advice, instead of a megabyte-long diff.
    expect(committed === text ? 'up to date' : 'API.md is out of date: run npm run docgen and commit API.md').toBe('up to date');
    expect(text).toContain('### SshAdminAccess <a name="SshAdminAccess" id="cdktf-entra-private-access.SshAdminAccess"></a>');
  });
});
