/**
 * The public API must stay usable from Python, C#, Java and Go: jsii compiles it into an assembly
 * without errors, and warns about nothing in the library's own code. The check is
 * `scripts/jsii-check.js`, which `npm run jsii` runs too.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { jsiiCheck } = require('../scripts/jsii-check') as {
  jsiiCheck: () => {
    status: number | null;
    problems: string[];
    assembly?: { types?: Record<string, unknown>; dependencies?: Record<string, string> };
    targets: string[];
    generated: string[];
  };
};

/** Under `npm run test:cdktn`, `cdktf` is CDK Terrain, whose jsii assembly has another name. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ON_CDKTN = require('cdktf/package.json').name === 'cdktn';

describe('jsii', () => {
  // The assembly is built against cdktf 0.21, as the package declares it; with CDK Terrain in
  // cdktf's place the dependency's assembly is named cdktn and jsii cannot resolve it.
  (ON_CDKTN ? test.skip : test)('compiles the public API without errors or warnings outside the generated bindings, and generates every target', () => {
    const { status, problems, assembly, targets, generated } = jsiiCheck();
    expect(problems).toEqual([]);
    expect(status).toBe(0);
    expect(Object.keys(assembly?.types ?? {})).toEqual(
      expect.arrayContaining(['cdktf-entra-private-access.PrivateAccessApplication', 'cdktf-entra-private-access.PrivateAccessErrors']),
    );
    // jsii-pacmak generated the code of every target package.json configures.
    expect(targets).toEqual(['dotnet', 'go', 'java', 'python']);
    expect(generated).toEqual(targets);
    // The optional peer @cdktf/provider-azurerm is no dependency of the assembly (the other languages
    // have no optional dependencies), and cdktf's is the line it is compiled against: see
    // scripts/jsii-assembly.js.
    expect(assembly?.dependencies).toEqual({ '@cdktf/provider-azuread': '^14.3.1', cdktf: '^0.21.0', constructs: '^10.4.2' });
  });
});
