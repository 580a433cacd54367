/**
 * examples/starter as a pipeline owner uses it: copied into a repository of their own with the
 * packed library in vendor/, committed, and cloned by the runner into an empty folder, where
 * `npm ci` (with an empty npm cache), synth and the plan-review tests must work. The base branch's
 * checkout, which the pipelines synthesize for the access delta, installs the same way, and its
 * entra-private-access writes the pull request comment.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { requireTools } from './runner';
import { stateFromEnvironment } from '../../examples/starter/main';

const ROOT = path.join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** What the pipelines set: the state's location, and the connector group an admin made once. */
const STATE_ENV = { TFSTATE_RESOURCE_GROUP: 'rg-state-test', TFSTATE_STORAGE_ACCOUNT: 'stclonetest', TFSTATE_CONTAINER: 'tfstate', CONNECTOR_GROUP_ID: '0e8d3c2b-6a1f-4d2e-9b7c-1a2b3c4d5e6f' };

/** Runs a command; on failure the error holds its output. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

function git(cwd: string, ...args: string[]): string {
  return run('git', ['-c', 'user.name=Pipeline Owner', '-c', 'user.email=owner@example.com', '-c', 'init.defaultBranch=main', ...args], cwd);
}

/**
 * The starter's files as a user copies them: what git tracks (and untracked files it does not
 * ignore); outside a git work tree (npm run test:cdktn runs a copy), every file but what the
 * starter's .gitignore drops.
 */
function starterFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', 'examples/starter'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\0')
      .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
  } catch {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (['node_modules', 'cdktf.out', 'vendor', '.terraform'].includes(entry.name)) {
          continue;
        }
        if (entry.isDirectory()) {
          walk(rel);
        } else {
          found.push(rel);
        }
      }
    };
    walk('examples/starter');
    return found;
  }
}

describe('examples/starter', () => {
  test('without TFSTATE_* the stack refuses to guess a storage account, and names what to set', () => {
    expect(() => stateFromEnvironment({})).toThrow(
      /^TFSTATE_RESOURCE_GROUP, TFSTATE_STORAGE_ACCOUNT, TFSTATE_CONTAINER are not set: the stack keeps its Terraform state in your Azure storage account/,
    );
    expect(() => stateFromEnvironment({ ...STATE_ENV, TFSTATE_STORAGE_ACCOUNT: ' ' })).toThrow(/^TFSTATE_STORAGE_ACCOUNT is not set: .*export TFSTATE_RESOURCE_GROUP=/);
    expect(stateFromEnvironment({ ...STATE_ENV, TFSTATE_CONTAINER: ' tfstate ' })).toEqual({
      resourceGroupName: 'rg-state-test',
      storageAccountName: 'stclonetest',
      containerName: 'tfstate',
    });
  });

  test('a fresh clone of a repository made from it installs with npm ci and an empty npm cache, synthesizes and passes its tests; so does the base branch\'s checkout', () => {
    requireTools(['git']);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'starter-clone-'));
    try {
      // The owner: packs the library (or downloads the tarball), copies the starter, installs once
      // and commits, lock file and vendor/ included.
      const packed = JSON.parse(run(NPM, ['pack', '--json', '--pack-destination', work], ROOT));
      const tarball: string = packed[0].filename;
      const repo = path.join(work, 'owner');
      const files = starterFiles();
      for (const f of files) {
        const to = path.join(repo, path.relative('examples/starter', f));
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.copyFileSync(path.join(ROOT, f), to);
      }
      expect(JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).dependencies['cdktf-entra-private-access']).toBe(`file:vendor/${tarball}`);
      fs.mkdirSync(path.join(repo, 'vendor'));
      fs.copyFileSync(path.join(work, tarball), path.join(repo, 'vendor', tarball));
      run(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline'], repo);
      git(repo, 'init', '-q');
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'Private Access as code');
      const tracked = git(repo, 'ls-files').split('\n');
      expect(tracked).toEqual(expect.arrayContaining([`vendor/${tarball}`, 'package-lock.json', 'package.json', 'main.ts', '.gitignore']));
      expect(tracked.filter((f) => f.startsWith('node_modules/') || f.startsWith('cdktf.out/'))).toEqual([]);
      const baseCommit = git(repo, 'rev-parse', 'HEAD').trim();

      // A pull request adds a server.
      const main = path.join(repo, 'main.ts');
      fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace("Destination.ipAddress('10.20.0.4'),", "Destination.ipAddress('10.20.0.4'), Destination.ipAddress('10.20.0.5'),"));
      run(path.join(repo, 'node_modules', '.bin', 'jest'), ['-u'], repo); // the reviewed snapshot changes with it
      git(repo, 'commit', '-q', '-am', 'Add a server');

      // The runner: a clone into an empty folder, npm ci with an empty cache.
      const cache = fs.mkdtempSync(path.join(work, 'empty-npm-cache-'));
      const env: NodeJS.ProcessEnv = { ...process.env, npm_config_cache: cache, CHECKPOINT_DISABLE: '1' };
      for (const name of Object.keys(STATE_ENV)) {
        delete env[name];
      }
      const clone = path.join(work, 'runner', 'head');
      fs.mkdirSync(path.dirname(clone), { recursive: true });
      git(path.dirname(clone), 'clone', '-q', repo, clone);
      run(NPM, ['ci', '--no-audit', '--no-fund'], clone, env);
      expect(fs.readdirSync(cache).length).toBeGreaterThan(0); // it did download into the empty cache

      // Without the state's location, synth stops and says what to set.
      const refused = spawnSync(NPM, ['run', 'synth'], { cwd: clone, env, encoding: 'utf8' });
      expect(refused.status).not.toBe(0);
      expect(`${refused.stdout}${refused.stderr}`).toContain('TFSTATE_RESOURCE_GROUP, TFSTATE_STORAGE_ACCOUNT, TFSTATE_CONTAINER are not set');
      expect(fs.existsSync(path.join(clone, 'cdktf.out', 'stacks', 'private-access', 'cdk.tf.json'))).toBe(false);

      run(NPM, ['run', 'synth'], clone, { ...env, ...STATE_ENV });
      const stack = path.join(clone, 'cdktf.out', 'stacks', 'private-access');
      const tf = JSON.parse(fs.readFileSync(path.join(stack, 'cdk.tf.json'), 'utf8'));
      expect(tf.terraform.backend.azurerm).toEqual({
        resource_group_name: 'rg-state-test',
        storage_account_name: 'stclonetest',
        container_name: 'tfstate',
        key: 'private-access/private-access.tfstate',
        use_azuread_auth: true,
      });
      run(NPM, ['test', '--', '--ci'], clone, env);

      // The base branch, checked out apart as the pipelines do, installs and synthesizes the same
      // way; its own entra-private-access writes the comment from both reviews.
      const base = path.join(work, 'runner', 'base');
      git(path.dirname(base), 'clone', '-q', repo, base);
      git(base, 'checkout', '-q', '--detach', baseCommit);
      run(NPM, ['ci', '--no-audit', '--no-fund'], base, env);
      run(NPM, ['run', 'synth'], base, { ...env, ...STATE_ENV });
      const comment = run(
        path.join(base, 'node_modules', '.bin', 'entra-private-access'),
        ['pr-comment', '--base', path.join(base, 'cdktf.out', 'stacks', 'private-access', 'access-review.json'), '--head', path.join(stack, 'access-review.json')],
        base,
        env,
      );
      expect(comment).toMatch(/^## Entra Private Access: private-access\n\n## Access delta: private-access\n\n### Gains access \(1\)\n/);
      expect(comment).toContain('| group "Linux Admins" | tcp 22 | 10.20.0.5 | Linux servers (SSH) |');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 1_200_000);
});
