/**
 * The Migrate2GSA example: a Private Access estate converted from another ZTNA product by
 * Microsoft's Migrate2GSA toolkit (`inventory.csv`, one row per segment), read into reviewed and
 * tested Terraform instead of being applied by the toolkit's provisioning script.
 *
 * `npx ts-node examples/migrate2gsa/main.ts` writes cdktf.out/stacks/migrate2gsa/cdk.tf.json with its
 * access review; `node -r ts-node/register examples/migrate2gsa/main.ts --export` prints the CSV of
 * what the program deploys, for Microsoft's tooling.
 */
import * as path from 'path';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { App, Aspects, LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  AccessReview,
  AccessTest,
  ConnectorGroup,
  ConnectorGroupRegion,
  MsgraphProvider,
  Principal,
  PrivateAccessChecks,
  PrivateAccessConditionalAccessPolicy,
  PrivateAccessInventory,
} from '../../lib';

/** The stack: the converted inventory, guarded by MFA, checked and reviewed. */
export class Migrate2GsaStack extends TerraformStack {
  /** The apps read from the CSV, exposed for tests. */
  public readonly inventory: PrivateAccessInventory;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzureadProvider(this, 'azuread');
    new MsgraphProvider(this, 'msgraph');
    new LocalBackend(this, { path: '../../../terraform.migrate2gsa.tfstate' });

    // A connector group this program makes; "Dublin connectors", named in the CSV too, exists in
    // the tenant already and is looked up by name when Terraform plans.
    const frankfurt = new ConnectorGroup(this, 'Frankfurt', { name: 'Frankfurt connectors', region: ConnectorGroupRegion.EUROPE });

    this.inventory = PrivateAccessInventory.fromMigrate2GsaCsv(this, 'Migrated', {
      file: path.join(__dirname, 'inventory.csv'),
      connectorGroups: { 'Frankfurt connectors': frankfurt },
    });

    // Every migrated app, the Quick Access app included, requires MFA; the break-glass account is
    // never locked out.
    new PrivateAccessConditionalAccessPolicy(this, 'MigratedAppsMfa', {
      displayName: 'Migrated apps: require MFA',
      applications: [...this.inventory.applications, this.inventory.quickAccess!],
      excludePrincipals: [Principal.userId('00000000-0000-0000-0000-0000000000b1', 'Emergency Access 1')],
    });

    // What the migration must keep true, checked at every synth. Assignments are per app: the
    // converter merged "Payroll web" and "Payroll batch" into one app, so its clerks reach the batch
    // database range too (a deny of "10.40.8.75:1433" fails); split the app to keep them apart.
    new AccessTest(this, 'PayrollClerksStayInPayroll', {
      principal: Principal.group('Payroll Clerks'),
      requireMfa: true,
      accept: ['payroll.fabrikam.internal:443', '10.40.8.10:443'],
      deny: ['ci.build.fabrikam.internal:22', '10.50.0.10:22'],
    });

    Aspects.of(this).add(new PrivateAccessChecks());
    PrivateAccessChecks.suppress(
      this,
      'EPA-CA-2',
      'Managed-device requirements follow the migration, once the devices are enrolled (MIG-42).',
    );
    AccessReview.of(this);
  }
}

/** Builds the example app; the test suite calls it too. */
export function buildApp(outdir?: string): App {
  const app = new App(outdir === undefined ? {} : { outdir });
  new Migrate2GsaStack(app, 'migrate2gsa');
  return app;
}

if (require.main === module) {
  const app = buildApp();
  if (process.argv.includes('--export')) {
    process.stdout.write(PrivateAccessInventory.toMigrate2GsaCsv(app));
  } else {
    app.synth();
  }
}
