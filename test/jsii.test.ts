import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/**
 * The public API must stay usable from Python, C#, Java and Go: jsii compiles it into an assembly
 * without errors, and warns about nothing in the library's own code (the generated msgraph
 * bindings are cdktf's output and keep their `delete` members).
 *
 * jsii compiles a copy of `lib/` in a temporary folder, with the package's own manifest. It wants
 * publishing metadata (`repository`, `author`) that this check does not need; the copy gets
 * neutral values, and the assembly is thrown away.
 */
/** Under `npm run test:cdktn`, `cdktf` is CDK Terrain, whose jsii assembly has another name. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ON_CDKTN = require('cdktf/package.json').name === 'cdktn';

describe('jsii', () => {
  // The assembly is built against cdktf 0.21, as the package declares it; with CDK Terrain in
  // cdktf's place the dependency's assembly is named cdktn and jsii cannot resolve it.
  (ON_CDKTN ? test.skip : test)('compiles the public API without errors, and without warnings outside the generated bindings', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jsii-'));
    try {
      fs.cpSync(path.join(ROOT, 'lib'), path.join(work, 'lib'), { recursive: true });
      fs.copyFileSync(path.join(ROOT, 'README.md'), path.join(work, 'README.md'));
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
      const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
      const { exports: _exports, typesVersions: _typesVersions, ...rest } = manifest;
      void _exports;
      void _typesVersions;
      fs.writeFileSync(
        path.join(work, 'package.json'),
        JSON.stringify({
          ...rest,
          main: 'lib/index.js',
          types: 'lib/index.d.ts',
          author: manifest.author ?? { name: 'jsii compile check', organization: true },
          repository: manifest.repository ?? { type: 'git', url: 'file:///jsii-compile-check' },
          bundleDependencies: Object.keys(manifest.dependencies ?? {}),
          jsii: { outdir: 'dist-jsii', targets: {} },
        }),
      );
      const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'jsii', 'bin', 'jsii')], { cwd: work, encoding: 'utf8' });
      const output = `${run.stdout}\n${run.stderr}`;
      const problems = output
        .split('\n')
        .filter((l) => /\b(error|warning) JSII\d+/.test(l))
        .filter((l) => !/^lib\/gen\/.* warning JSII5018: "delete" is a reserved word/.test(l));
      expect(problems).toEqual([]);
      expect(run.status).toBe(0);
      expect(fs.existsSync(path.join(work, '.jsii'))).toBe(true);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
