import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AccessReview, Destination, MsgraphProvider, Port, Principal, SshAdminAccess } from '../../lib';
import { main } from '../../lib/cli';

/** What varies between the two versions of the program. */
interface Version {
  readonly servers: string[];
  readonly ports: Port[];
  readonly principals: Principal[];
  readonly mfa: boolean;
}

const V1: Version = {
  servers: ['10.20.0.4', '10.20.1.0/24'],
  ports: [Port.SSH, Port.tcp(2222)],
  principals: [Principal.group('Linux Admins'), Principal.user('alex@contoso.com')],
  mfa: true,
};

/** Synthesizes one version of the program and returns the path of its access-review.json. */
function synthesize(dir: string, version: Version): string {
  const app = new App({ outdir: dir });
  const stack = new TerraformStack(app, 'ssh');
  new AzureadProvider(stack, 'azuread');
  new MsgraphProvider(stack, 'msgraph');
  new SshAdminAccess(stack, 'LinuxSsh', {
    displayName: 'Linux servers (SSH)',
    servers: version.servers.map((s) => Destination.parse(s)),
    ports: version.ports,
    principals: version.principals,
    enableConditionalAccess: version.mfa,
    connectorGroup: undefined,
  });
  AccessReview.of(stack);
  app.synth();
  return path.join(dir, 'stacks', 'ssh', 'access-review.json');
}

async function reviewDiff(args: string[]): Promise<{ code: number; out: string; log: string[] }> {
  let out = '';
  const log: string[] = [];
  const code = await main(['review-diff', ...args], (m) => log.push(m), (t) => (out += t));
  return { code, out, log };
}

describe('entra-private-access review-diff', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-diff-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('prints who gains and who loses which access, and the app that loses its MFA policy', async () => {
    const base = synthesize(path.join(work, 'base'), V1);
    const head = synthesize(path.join(work, 'head'), {
      servers: ['10.20.0.4', '10.20.1.0/24', 'bastion.corp.contoso.com'],
      ports: [Port.SSH], // 2222 closed
      principals: [Principal.group('Linux Admins'), Principal.group('SRE')], // alex out, SRE in
      mfa: false,
    });
    const { code, out } = await reviewDiff([base, head]);
    expect(code).toBe(0);
    expect(out).toBe(
      [
        '## Access delta: ssh',
        '',
        '### Gains access (4)',
        '',
        '| principal | protocol and ports | destination | app | MFA |',
        '|---|---|---|---|---|',
        '| group "Linux Admins" | tcp 22 | bastion.corp.contoso.com | Linux servers (SSH) | **no** |',
        '| group "SRE" | tcp 22 | 10.20.0.4 | Linux servers (SSH) | **no** |',
        '| group "SRE" | tcp 22 | 10.20.1.0/24 | Linux servers (SSH) | **no** |',
        '| group "SRE" | tcp 22 | bastion.corp.contoso.com | Linux servers (SSH) | **no** |',
        '',
        '### Loses access (4)',
        '',
        '| principal | protocol and ports | destination | app |',
        '|---|---|---|---|',
        '| group "Linux Admins" | tcp 2222 | 10.20.0.4 | Linux servers (SSH) |',
        '| group "Linux Admins" | tcp 2222 | 10.20.1.0/24 | Linux servers (SSH) |',
        '| user "alex@contoso.com" | tcp 22, 2222 | 10.20.0.4 | Linux servers (SSH) |',
        '| user "alex@contoso.com" | tcp 22, 2222 | 10.20.1.0/24 | Linux servers (SSH) |',
        '',
        '### Conditional Access, apps and the network (3)',
        '',
        '- **Linux servers (SSH): no enforced policy requiring MFA on every way in guards the app any more**',
        '- **Linux servers (SSH): group "Linux Admins": no longer covered by an enforced policy requiring MFA**',
        '- **Linux servers (SSH): require MFA: policy removed (it was enabled, requiring mfa)**',
        '',
        'Computed from the access models of both reviews (`access-review.json`), as Terraform applies them.',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await reviewDiff([base, head, '--format', 'json'])).out);
    expect(json.formatVersion).toBe(2);
    expect(json.gained[1]).toEqual({
      principal: { principalType: 'group', identity: 'group-name-sre', reference: 'name', name: 'SRE', description: 'group "SRE"' },
      application: { address: 'azuread_application_from_template.LinuxSsh_App_8970A214', path: 'ssh/LinuxSsh/App', displayName: 'Linux servers (SSH)' },
      destination: '10.20.0.4',
      protocol: 'tcp',
      ports: ['22-22'],
      mfa: 'no',
    });
    expect(json.changes.map((c: { kind: string }) => c.kind)).toEqual(['mfaPolicyLost', 'mfaLost', 'policyRemoved']);
  });

  test('an unchanged program says so in one line', async () => {
    const base = synthesize(path.join(work, 'same-base'), V1);
    const head = synthesize(path.join(work, 'same-head'), { ...V1, servers: [...V1.servers].reverse() });
    const { code, out } = await reviewDiff([base, head]);
    expect([code, out]).toEqual([0, 'Access delta of ssh: no change in who can reach what, in the Conditional Access that guards it, or in the checks.\n']);
    expect(JSON.parse((await reviewDiff(['--format', 'json', base, head])).out)).toEqual({
      formatVersion: 2,
      stack: 'ssh',
      gained: [],
      lost: [],
      changes: [],
      uncomparable: [],
      checks: [],
    });
  });

  test('given a file that is not an access review, says what it is and which file to pass instead', async () => {
    const review = synthesize(path.join(work, 'kinds'), V1);
    const stackDir = path.dirname(review);
    const cdkTfJson = path.join(stackDir, 'cdk.tf.json');
    const error = async (file: string) => {
      const { code, out, log } = await reviewDiff([file, review]);
      expect([code, out]).toEqual([1, '']);
      return log.join('\n');
    };
    expect(await error(cdkTfJson)).toBe(
      `entra-private-access review-diff: ${cdkTfJson} is a synthesized Terraform stack (cdk.tf.json), not an access review: pass ${review}`,
    );
    const lone = path.join(work, 'lone', 'cdk.tf.json');
    fs.mkdirSync(path.dirname(lone));
    fs.copyFileSync(cdkTfJson, lone);
    expect(await error(lone)).toMatch(/is a synthesized Terraform stack \(cdk\.tf\.json\), not an access review: there is no access-review\.json next to it: attach one with AccessReview\.of\(stack\)/);
    expect(await error(path.join(stackDir, 'access-review.md'))).toBe(
      `entra-private-access review-diff: ${path.join(stackDir, 'access-review.md')} is not JSON (it looks like the Markdown access-review.md, which is for people): review-diff reads access-review.json; pass ${review}`,
    );
    expect(await error(path.join(work, 'kinds', 'manifest.json'))).toMatch(/is cdktf's manifest\.json, not an access review: pass .*stacks\/ssh\/access-review\.json$/);
    expect(await error(stackDir)).toMatch(/is a folder: pass .*stacks\/ssh\/access-review\.json$/);
    expect(await error(path.join(work, 'kinds'))).toMatch(/kinds is a folder: pass .*kinds\/stacks\/ssh\/access-review\.json$/);
    const plan = path.join(work, 'plan.json');
    fs.writeFileSync(plan, JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', planned_values: {}, resource_changes: [] }));
    expect(await error(plan)).toMatch(/plan\.json is Terraform's JSON \(terraform show -json of a plan or state\), not an access review: review-diff compares two access reviews; pass the access-review\.json that cdktf synth writes/);
    expect(await error(path.join(work, 'missing.json'))).toMatch(/missing\.json does not exist: synthesize first \(npx cdktf synth\) and pass the access-review\.json/);
    const delta = path.join(work, 'delta.json');
    fs.writeFileSync(delta, (await reviewDiff([review, review, '--format', 'json'])).out);
    expect(await error(delta)).toMatch(/delta\.json is an access delta \(review-diff --format json\), not an access review/);
    const other = path.join(work, 'package.json');
    fs.writeFileSync(other, JSON.stringify({ name: 'x' }));
    expect(await error(other)).toMatch(/package\.json is JSON but not an access review \(it has no "stack" and "applications"\)/);
  });

  test('refuses a review of another format, another stack, or a wrong call', async () => {
    const base = synthesize(path.join(work, 'fmt'), V1);
    const old = path.join(work, 'old.json');
    const { formatVersion, ...rest } = JSON.parse(fs.readFileSync(base, 'utf8'));
    void formatVersion;
    fs.writeFileSync(old, JSON.stringify(rest));
    expect((await reviewDiff([old, base])).log).toEqual([
      `entra-private-access review-diff: ${old} is access review format 0 (before versions), and this version reads format 2: synthesize both reviews with the same version of cdktf-entra-private-access`,
    ]);
    const other = path.join(work, 'other.json');
    fs.writeFileSync(other, JSON.stringify({ ...JSON.parse(fs.readFileSync(base, 'utf8')), stack: 'web' }));
    expect((await reviewDiff([base, other])).log[0]).toMatch(/reviews the stack "ssh" and .* the stack "web"; compare reviews of one stack$/);
    expect((await reviewDiff([base])).code).toBe(2);
    expect((await reviewDiff([base, base, '--format', 'yaml'])).log[0]).toMatch(/^entra-private-access review-diff: --format "yaml" is neither markdown nor json/);
  });
});
