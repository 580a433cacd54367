/**
 * The SSH administration example: the flow of Microsoft's guide "Use SSH to administer servers with
 * Microsoft Entra Private Access" as one cdktf stack.
 *
 * `npm run synth` writes cdktf.out/stacks/ssh-admin/cdk.tf.json; `cdktf deploy ssh-admin` applies it
 * (see the README for credentials and permissions).
 */
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { App, Aspects, LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  AccessFacts,
  AccessReview,
  AccessTest,
  ConnectorGroup,
  ConnectorGroupRegion,
  Destination,
  MsgraphProvider,
  Principal,
  PrivateAccessChecks,
  SshAdminAccess,
} from '../../lib';

/** The stack: providers, state, and the SSH access of the Linux admins. */
export class SshAdminStack extends TerraformStack {
  /** The SSH access construct, exposed for tests. */
  public readonly ssh: SshAdminAccess;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    // The providers authenticate from the environment: `az login`, or ARM_* / OIDC variables
    // (azurerm also reads the subscription from ARM_SUBSCRIPTION_ID).
    new AzureadProvider(this, 'azuread');
    new MsgraphProvider(this, 'msgraph');
    new AzurermProvider(this, 'azurerm', { features: [{}] });

    // State next to the project, by a relative path: nothing of this machine lands in the output.
    new LocalBackend(this, { path: '../../../terraform.ssh-admin.tfstate' });

    const linuxAdmins = Principal.group('Linux Admins');
    // A label is the object's display name: Terraform checks it when it plans.
    const breakGlass = Principal.userId('00000000-0000-0000-0000-0000000000b1', 'Emergency Access 1');

    const connectors = new ConnectorGroup(this, 'Connectors', {
      name: 'Linux datacenter connectors',
      region: ConnectorGroupRegion.EUROPE,
    });

    this.ssh = new SshAdminAccess(this, 'LinuxSsh', {
      displayName: 'Linux servers (SSH)',
      servers: [
        Destination.ipAddress('10.20.0.4'), // a single server
        Destination.cidr('10.20.1.0/24'), // a subnet of servers
        Destination.fqdn('bastion.corp.contoso.com'), // a host name
      ],
      connectorGroup: connectors,
      principals: [linuxAdmins],
      conditionalAccess: {
        // Emergency-access account: never locked out by this policy.
        excludePrincipals: [breakGlass],
      },
      // The network path in Azure: two connector hosts in the hub's connector subnet, joined to the
      // connector group, and the servers' NSG opened to them on TCP 22, derived from the same
      // server list as the segments. The registration token and the admin password are sensitive
      // variables (TF_VAR_paconn_registration_token, TF_VAR_paconn_admin_password).
      connectorHosts: {
        resourceGroupName: 'rg-private-access-connectors',
        location: 'westeurope',
        subnetId:
          '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-connectors',
        namePrefix: 'paconn',
        zones: ['1', '2'],
        outboundAccess: { networkSecurityGroup: { resourceGroupName: 'rg-network', name: 'nsg-connectors' }, priority: 200 },
      },
      network: {
        networkSecurityGroup: { resourceGroupName: 'rg-linux-servers', name: 'nsg-linux-servers' },
        hostAddresses: { 'bastion.corp.contoso.com': ['10.20.2.10'] },
        priorityBase: 1000,
        existingPriorities: [100, 110, 4000],
      },
    });

    // What the tenant holds that the program cannot know, stated so that the tests can decide:
    // the emergency-access account is not one of the Linux admins.
    new AccessFacts(this, 'Facts', {
      groups: [{ group: linuxAdmins, nonMembers: [breakGlass] }],
    });

    // Who can reach what, asserted at synth: a change that breaks or opens access fails synth.
    new AccessTest(this, 'LinuxAdminsReachTheServers', {
      principal: linuxAdmins,
      accept: ['10.20.0.4:22', '10.20.1.17:22', 'bastion.corp.contoso.com:22'],
      deny: ['10.20.0.4:3389', '10.20.0.4:22/udp', '10.20.2.4:22'],
      requireMfa: true,
    });
    new AccessTest(this, 'BreakGlassIsNotAnSshUser', {
      principal: breakGlass,
      deny: ['10.20.0.4:22', 'bastion.corp.contoso.com:22'],
    });

    // The rule pack runs at synth: errors fail it, warnings are printed. A finding is accepted
    // only with a written reason, recorded next to the resource in cdk.tf.json.
    Aspects.of(this).add(new PrivateAccessChecks());
    PrivateAccessChecks.suppress(
      this.ssh,
      'EPA-CA-2',
      'The admin workstations are not enrolled in Intune yet; a compliant-device requirement follows with SEC-1234.',
    );

    // Who can reach what, for the pull request: access-review.md (with a Mermaid diagram) and
    // access-review.json next to cdk.tf.json.
    AccessReview.of(this);
  }
}

/** Builds the example app; the test suite calls it too. */
export function buildApp(outdir?: string): App {
  const app = new App(outdir === undefined ? {} : { outdir });
  new SshAdminStack(app, 'ssh-admin');
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
