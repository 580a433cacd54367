/**
 * Your Private Access estate. `npm run synth` writes cdktf.out/stacks/private-access/cdk.tf.json with
 * its access review; the pipeline runs `cdktf diff` on pull requests and `cdktf deploy` on main.
 */
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { App, Aspects, AzurermBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  AccessReview,
  AccessTest,
  ConnectorGroup,
  Destination,
  MsgraphProvider,
  Principal,
  PrivateAccessChecks,
  SshAdminAccess,
} from 'cdktf-entra-private-access';

/** Where the state lives: a blob per stack, locked by its lease, reached with Entra ID (no keys). */
export interface StateLocation {
  readonly resourceGroupName: string;
  readonly storageAccountName: string;
  readonly containerName: string;
}

/**
 * The state storage named by TFSTATE_RESOURCE_GROUP, TFSTATE_STORAGE_ACCOUNT and TFSTATE_CONTAINER
 * (repository or variable-group variables in the pipelines, `export` on a laptop). A missing one
 * fails: a made-up default would send the state to someone else's storage account.
 */
export function stateFromEnvironment(env: Record<string, string | undefined> = process.env): StateLocation {
  const names = { resourceGroupName: 'TFSTATE_RESOURCE_GROUP', storageAccountName: 'TFSTATE_STORAGE_ACCOUNT', containerName: 'TFSTATE_CONTAINER' } as const;
  const missing = Object.values(names).filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set: the stack keeps its Terraform state in your Azure storage account and needs all three of ` +
        `TFSTATE_RESOURCE_GROUP, TFSTATE_STORAGE_ACCOUNT and TFSTATE_CONTAINER (docs/pipelines.md, "State storage"). In a pipeline, set them as repository ` +
        `variables (GitHub) or in the variable group (Azure Pipelines); on a laptop: export TFSTATE_RESOURCE_GROUP=rg-terraform-state TFSTATE_STORAGE_ACCOUNT=<account> TFSTATE_CONTAINER=tfstate`,
    );
  }
  return {
    resourceGroupName: env[names.resourceGroupName]!.trim(),
    storageAccountName: env[names.storageAccountName]!.trim(),
    containerName: env[names.containerName]!.trim(),
  };
}

/**
 * The ID of the connector group the app's traffic goes through, from CONNECTOR_GROUP_ID (a
 * repository or variable-group variable in the pipelines, `export` on a laptop). An admin makes the
 * group once (Global Secure Access > Connect > Connectors): the pipeline signs in app-only, and Graph
 * lets an app-only identity create a connector group but not read it back (docs/pipelines.md,
 * "Connector groups and app-only identities"). A missing ID fails: there is no safe default.
 */
export function connectorGroupIdFromEnvironment(env: Record<string, string | undefined> = process.env): string {
  const id = env.CONNECTOR_GROUP_ID?.trim();
  if (!id) {
    throw new Error(
      'CONNECTOR_GROUP_ID is not set: the stack uses a connector group an admin made once (Global Secure Access > Connect > Connectors), since the pipeline signs in app-only ' +
        'and cannot create one (docs/pipelines.md, "Connector groups and app-only identities"). Set it as a repository variable (GitHub) or in the variable group ' +
        '(Azure Pipelines); on a laptop: export CONNECTOR_GROUP_ID=<the group\'s ID>',
    );
  }
  return id;
}

export class PrivateAccessStack extends TerraformStack {
  /**
   * @param state where the state lives (`stateFromEnvironment()` in the pipeline)
   * @param connectorGroupId the connector group an admin made once (`connectorGroupIdFromEnvironment()`)
   */
  constructor(scope: Construct, id: string, state: StateLocation, connectorGroupId: string) {
    super(scope, id);
    // The providers and the backend authenticate from the environment: ARM_CLIENT_ID,
    // ARM_TENANT_ID and ARM_USE_OIDC in a pipeline, `az login` on a laptop.
    new AzureadProvider(this, 'azuread');
    new MsgraphProvider(this, 'msgraph');
    new AzurermBackend(this, { ...state, key: `private-access/${id}.tfstate`, useAzureadAuth: true });

    const admins = Principal.group('Linux Admins');
    new SshAdminAccess(this, 'LinuxSsh', {
      displayName: 'Linux servers (SSH)',
      servers: [Destination.ipAddress('10.20.0.4'), Destination.cidr('10.20.1.0/24')],
      // The pipeline signs in app-only (OIDC), and Graph lets an app-only identity create a
      // connector group but not read it back (docs/pipelines.md, "Connector groups and app-only
      // identities"): create the group once as an admin and give its ID here.
      connectorGroup: ConnectorGroup.fromConnectorGroupId(this, 'Connectors', connectorGroupId),
      principals: [admins],
      conditionalAccess: {
        excludePrincipals: [Principal.userId('00000000-0000-0000-0000-0000000000b1', 'Emergency Access 1')],
      },
    });
    new AccessTest(this, 'AdminsReachTheServers', { principal: admins, requireMfa: true, accept: ['10.20.0.4:22', '10.20.1.9:22'] });

    Aspects.of(this).add(new PrivateAccessChecks());
    PrivateAccessChecks.suppress(this, 'EPA-CA-2', 'Admin workstations are not Intune-enrolled yet; tracked in SEC-1234.');
    AccessReview.of(this);
  }
}

if (require.main === module) {
  const app = new App();
  new PrivateAccessStack(app, 'private-access', stateFromEnvironment(), connectorGroupIdFromEnvironment());
  app.synth();
}
