import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli';
import { colouredPlan, Estate, synthesizeEstate } from '../pipelines/estate';

async function prComment(args: string[]): Promise<{ code: number; out: string; log: string[] }> {
  let out = '';
  const log: string[] = [];
  const code = await main(['pr-comment', ...args], (m) => log.push(m), (t) => (out += t));
  return { code, out, log };
}

const ARTIFACT = 'https://github.com/contoso/private-access/actions/runs/42/artifacts/7';

describe('entra-private-access pr-comment', () => {
  let work: string;
  let base: Estate;
  let head: Estate;
  let bigPlan: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pr-comment-'));
    // A 20-app estate where the pull request moves every segment: a long delta, a long review and
    // a plan of 300 KB, which together are several times GitHub's limit.
    base = synthesizeEstate(path.join(work, 'base'), { apps: 20, segmentsPerApp: 12, groupsPerApp: 3, mfa: true });
    head = synthesizeEstate(path.join(work, 'head'), { apps: 20, segmentsPerApp: 12, groupsPerApp: 3, shift: 100 });
    bigPlan = path.join(work, 'plan.txt');
    fs.writeFileSync(bigPlan, colouredPlan(2400));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('a 20-app estate: the delta first, then review and plan cut to GitHub\'s 65,536 characters, with the link to the rest and without colour codes', async () => {
    const sizes = [base.review, head.review].map((f) => fs.readFileSync(f, 'utf8').length);
    const whole = fs.readFileSync(head.reviewMarkdown, 'utf8').length + fs.readFileSync(bigPlan, 'utf8').length;
    expect(whole).toBeGreaterThan(3 * 65536); // the case the old pipeline failed on
    expect(Math.min(...sizes)).toBeGreaterThan(0);

    const { code, out } = await prComment(['--base', base.review, '--head', head.review, '--plan', bigPlan, '--details-url', ARTIFACT]);
    expect(code).toBe(0);
    expect(out.length).toBeLessThanOrEqual(65536);
    expect(out.length).toBeGreaterThan(60000); // it uses the room it has
    expect(out).not.toMatch(/\u001b/);
    const at = (text: string) => out.indexOf(text);
    expect(at('## Entra Private Access: private-access')).toBe(0);
    expect(at('## Access delta: private-access')).toBeGreaterThan(0);
    expect(at('### Gains access (')).toBeGreaterThan(at('## Access delta'));
    expect(at('<details><summary>Access review</summary>')).toBeGreaterThan(at('### Loses access ('));
    expect(at('<details><summary>Terraform plan</summary>')).toBeGreaterThan(at('<details><summary>Access review</summary>'));
    // The plan is cut in the middle: its start and its summary line stay; the note links the rest.
    expect(out).toContain('Terraform used the selected providers');
    expect(out).toContain('Plan: 2400 to add, 0 to change, 0 to destroy.');
    expect(out).toMatch(new RegExp(`\\*\\d+ of 9604 lines are not shown here: the whole of it is in \\[the pipeline's artifact\\]\\(${ARTIFACT.replace(/[.]/g, '\\.')}\\)\\.\\*`));
    expect(out.endsWith(`The plan and the access review in full: [the pipeline's artifact](${ARTIFACT}).\n`)).toBe(true);
    // Every section that is opened is closed.
    expect(out.split('<details>').length).toBe(out.split('</details>').length);
  });

  test('fits a smaller limit too, cutting the delta section by section: many gains do not hide a lost MFA policy', async () => {
    const { code, out } = await prComment(['--base', base.review, '--head', head.review, '--plan', bigPlan, '--details-url', ARTIFACT, '--limit', '5000']);
    expect(code).toBe(0);
    expect(out.length).toBeLessThanOrEqual(5000);
    // Each section keeps its heading, its table header and its first rows.
    expect(out).toMatch(/### Gains access \(720\)\n\n\| principal \| protocol and ports \|[^\n]*\n\|---[^\n]*\n\| group "Datacenter 0 operators 0" \| tcp 22, 8443 \|/);
    expect(out).toMatch(/\| group [^\n]*\n\n\*… \d+ more\*\n\n### Loses access \(720\)\n\n\| principal \|[^\n]*\n\|---[^\n]*\n\| group /);
    expect(out).toMatch(/### Conditional Access[^\n]*\(\d+\)\n\n- [^\n]*Datacenter 0 servers[^\n]*no enforced policy requiring MFA on every way in guards the app any more/);
    expect(out).toContain(`*The access delta is cut: the whole of it is in [the pipeline's artifact](${ARTIFACT}).*`);
  });

  test('a small change fits whole: no note, the plan in one fence', async () => {
    const small = synthesizeEstate(path.join(work, 'small'), { apps: 1, segmentsPerApp: 2, groupsPerApp: 1 });
    const plan = path.join(work, 'small-plan.txt');
    fs.writeFileSync(plan, colouredPlan(2));
    const { out } = await prComment(['--head', small.review, '--plan', plan]);
    expect(out).toContain('No access review on the base branch to compare with');
    expect(out).not.toContain('not shown here');
    expect(out).toContain(['```', 'Terraform used the selected providers to generate the following execution plan.'].join('\n'));
    expect(out).toContain('Plan: 2 to add, 0 to change, 0 to destroy.\n```\n');
  });

  test('text from the plan cannot close its fence or the folded section, and the gate\'s verdict comes first', async () => {
    const small = synthesizeEstate(path.join(work, 'hostile'), { apps: 1, segmentsPerApp: 1, groupsPerApp: 1 });
    const plan = path.join(work, 'hostile-plan.txt');
    fs.writeFileSync(plan, ['  + body = "````"', '</details>', '<!-- hidden', '\u0007bell\ttab', 'Plan: 1 to add, 0 to change, 0 to destroy.'].join('\n'));
    const gate = path.join(work, 'gate.md');
    fs.writeFileSync(gate, 'The plan grants exactly what the approved access review shows.\n');
    const { out } = await prComment(['--head', small.review, '--plan', plan, '--gate', gate]);
    expect(out.indexOf('The plan grants exactly')).toBeLessThan(out.indexOf('No access review on the base branch'));
    const planSection = out.slice(out.indexOf('<details><summary>Terraform plan</summary>'));
    expect(planSection).toContain('\n`````\n  + body = "````"\n</details>\n<!-- hidden\n<U+0007>bell    tab\n');
    expect(planSection).toMatch(/Plan: 1 to add, 0 to change, 0 to destroy\.\n`````\n\n<\/details>\n$/);
  });

  test('refuses what it cannot use, saying why', async () => {
    const small = synthesizeEstate(path.join(work, 'refuse'), { apps: 1, segmentsPerApp: 1, groupsPerApp: 1 });
    expect((await prComment(['--head', small.review, '--details-url', 'http://example.com/x'])).log[0]).toMatch(/--details-url "http:\/\/example\.com\/x" is not an https URL/);
    expect((await prComment(['--head', small.review, '--limit', '100'])).log[0]).toMatch(/--limit 100 is too small: the comment needs at least 2000 characters/);
    expect((await prComment(['--head', small.review, '--limit', 'lots'])).code).toBe(2);
    expect((await prComment([])).log[0]).toMatch(/pr-comment needs --head <access-review\.json>/);
    const { code, log } = await prComment(['--head', small.cdkTfJson]);
    expect(code).toBe(1);
    expect(log[0]).toMatch(/cdk\.tf\.json is a synthesized Terraform stack \(cdk\.tf\.json\), not an access review: pass .*access-review\.json/);
    const other = synthesizeEstate(path.join(work, 'other'), { stack: 'web', apps: 1, segmentsPerApp: 1, groupsPerApp: 1 });
    expect((await prComment(['--base', other.review, '--head', small.review])).log[0]).toMatch(/reviews the stack "web" and .* the stack "private-access"; compare reviews of one stack/);
  });
});
