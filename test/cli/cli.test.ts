import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli';

async function run(argv: string[]): Promise<{ code: number; out: string; log: string }> {
  let out = '';
  let log = '';
  const code = await main(argv, (m) => (log += `${m}\n`), (t) => (out += t));
  return { code, out, log };
}

describe('entra-private-access', () => {
  test('--version prints the package version', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(await run(['--version'])).toEqual({ code: 0, out: `${version}\n`, log: '' });
  });

  test('--help lists every command; no command is a usage error', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: entra-private-access <command>/);
    expect(help.out).toMatch(/\n {2}import --out/);
    expect(help.out).toMatch(/\n {2}review-diff <base/);
    expect((await run([])).code).toBe(2);
  });

  test('<command> --help prints that command alone and runs nothing', async () => {
    const { code, out, log } = await run(['import', '--out', 'never-written.ts', '--help']);
    expect(code).toBe(0);
    expect(log).toBe('');
    expect(out).toMatch(/^usage: entra-private-access import --out <file.ts>/);
    expect(out).not.toMatch(/review-diff/);
    expect(fs.existsSync('never-written.ts')).toBe(false);
  });

  test('an unknown command exits 2 and names it', async () => {
    const { code, log } = await run(['reveiw']);
    expect(code).toBe(2);
    expect(log).toMatch(/^entra-private-access: unknown command "reveiw"/);
  });
});
