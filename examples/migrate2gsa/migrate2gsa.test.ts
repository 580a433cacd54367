/**
 * The Migrate2GSA example, synthesized as `npx ts-node examples/migrate2gsa/main.ts` would: the
 * snapshots are the plan and the access review a pull request of the migration shows.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, TerraformStack } from 'cdktf';
import { PrivateAccessInventory } from '../../lib';
import { terraformValidationErrors } from '../../test/util';
import { buildApp } from './main';

function synthesize(): { dir: string; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate2gsa-'));
  buildApp(outdir).synth();
  return { dir: path.join(outdir, 'stacks', 'migrate2gsa'), outdir };
}

describe('examples/migrate2gsa', () => {
  const { dir, outdir } = synthesize();
  const text = fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8');
  const tf = JSON.parse(text);
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('synthesizes the converted estate (the snapshots are the review)', () => {
    const { version, ...metadata } = tf['//'].metadata;
    void version;
    expect({ ...tf, '//': { ...tf['//'], metadata } }).toMatchSnapshot();
    expect(fs.readFileSync(path.join(dir, 'access-review.md'), 'utf8')).toMatchSnapshot();
  });

  test('the apps, Quick Access with its DNS suffix, and the skipped row', () => {
    const review = JSON.parse(fs.readFileSync(path.join(dir, 'access-review.json'), 'utf8'));
    expect(review.applications.map((a: any) => [a.displayName, a.source.rows, a.quickAccess ?? false, a.dnsSuffixes ?? []])).toEqual([
      ['Build farm (SSH)', ['ZPA-0202', 'ZPA-0203'], false, []],
      ['Payroll', ['ZPA-0101', 'ZPA-0102', 'ZPA-0103'], false, []],
      // The Quick Access rows go to the tenant's Quick Access app, as Microsoft's provisioning script does.
      ["Quick Access (the tenant's existing app)", ['ZPA-0301', 'ZPA-0302'], true, ['fabrikam.internal']],
    ]);
    expect(text).not.toContain('build-*.fabrikam.internal'); // ZPA-0201 has Provision No
  });

  test('is valid Terraform, byte-identical across runs, and names no directory of this machine', () => {
    expect(terraformValidationErrors(tf)).toEqual([]);
    const again = synthesize();
    try {
      for (const file of ['cdk.tf.json', 'access-review.md', 'access-review.json']) {
        expect(fs.readFileSync(path.join(again.dir, file), 'utf8')).toBe(fs.readFileSync(path.join(dir, file), 'utf8'));
      }
    } finally {
      fs.rmSync(again.outdir, { recursive: true, force: true });
    }
    expect(text).not.toContain(__dirname);
    expect(text).not.toContain(os.tmpdir());
  });

  test('the export for Microsoft’s tooling reads back into the same estate', () => {
    const exported = PrivateAccessInventory.toMigrate2GsaCsv(buildApp()); // built, not synthesized: nothing is written
    expect(exported).toMatchSnapshot();
    const app = Testing.app();
    const stack = new TerraformStack(app, 'again');
    PrivateAccessInventory.fromMigrate2GsaCsv(stack, 'Migrated', { text: exported });
    expect(PrivateAccessInventory.toMigrate2GsaCsv(app)).toBe(exported);
  });
});
