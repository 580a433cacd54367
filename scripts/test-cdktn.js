'use strict';
// `npm run test:cdktn`: the whole test suite with CDK Terrain (cdktn), the community fork that
// carries CDKTF on, in place of cdktf, as a user gets it with the documented npm override.
//
// The project is copied (tracked files and untracked ones git does not ignore, as they are in the
// working tree) into a temporary folder, its package.json gets the override, dependencies are
// installed there, and jest runs the suite. The copy is removed afterwards.
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { quietMissingTerraformCliConfig } = require('./terraform-cli-config');

// In scripts/runtimes.json, with the CDK Terrain CLI's; cdktn 0.24 wants constructs >=10.6 <10.8.
const { cdktn: CDKTN, constructs: CONSTRUCTS } = require('./runtimes.json').cdktn;

const root = path.join(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktn-'));
let status = 1;
try {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && fs.existsSync(path.join(root, f)));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(work, f)), { recursive: true });
    fs.copyFileSync(path.join(root, f), path.join(work, f));
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(work, 'package.json'), 'utf8'));
  manifest.devDependencies.cdktf = `npm:cdktn@${CDKTN}`;
  manifest.devDependencies.constructs = CONSTRUCTS;
  manifest.overrides = { ...(manifest.overrides || {}), cdktf: '$cdktf', constructs: '$constructs' };
  fs.writeFileSync(path.join(work, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.rmSync(path.join(work, 'package-lock.json'), { force: true });

  process.stdout.write(`Installing the project with cdktn ${CDKTN} in place of cdktf (constructs ${CONSTRUCTS}) in ${work} …\n`);
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: work, stdio: 'inherit' });
  const installed = JSON.parse(fs.readFileSync(path.join(work, 'node_modules', 'cdktf', 'package.json'), 'utf8'));
  if (installed.name !== 'cdktn') {
    throw new Error(`expected cdktn in node_modules/cdktf, found ${installed.name}@${installed.version}`);
  }
  process.stdout.write(`Running the test suite on CDK Terrain: ${installed.name}@${installed.version} as cdktf\n`);
  const env = quietMissingTerraformCliConfig({ ...process.env, CHECKPOINT_DISABLE: '1' });
  const jest = spawnSync(process.execPath, [path.join(work, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci'], {
    cwd: work,
    env,
    stdio: 'inherit',
  });
  status = jest.status ?? 1;
  process.stdout.write(`The suite ran on CDK Terrain (cdktn ${installed.version}): ${status === 0 ? 'passed' : 'failed'}\n`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(status);
