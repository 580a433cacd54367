import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..');
const PACKAGE = 'cdktf-entra-private-access';

/** The ```ts blocks of the README, each as a module of its own. */
function readmeExamples(): { name: string; code: string }[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({
    name: path.join(ROOT, '.readme-examples', `example-${i + 1}.ts`),
    code: `${m[1]}\nexport {};\n`,
  }));
}

function format(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => '\n',
  });
}

describe('type check', () => {
  const examples = readmeExamples();
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(format([d]));
    },
  })!;
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    baseUrl: ROOT,
    // README examples import the package by name, as a user would; here it is the source.
    paths: { [PACKAGE]: ['lib/index.ts'], [`${PACKAGE}/testing`]: ['lib/testing.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const virtual = new Map(examples.map((e) => [e.name, e.code]));
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (f) => virtual.get(f) ?? readFile(f);
  host.fileExists = (f) => virtual.has(f) || fileExists(f);
  const program = ts.createProgram([...config.fileNames, ...examples.map((e) => e.name)], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program);

  test('the README has code examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  test('the library, the examples, the tests and every README example compile (strict)', () => {
    expect(format(diagnostics)).toBe('');
  });
});
