"""The SSH administration example (examples/ssh-admin/main.ts) in Python.

The flow of Microsoft's guide "Use SSH to administer servers with Microsoft Entra Private Access" as
one cdktf stack, through the library's Python package, cdktf-entra-private-access. `python main.py`
(or `cdktf synth` with this folder's cdktf.json) writes cdktf.out/stacks/ssh-admin/cdk.tf.json with
its access review; it is the same Terraform as the TypeScript example's, and a test checks that.
"""

from cdktf import App, Aspects, LocalBackend, TerraformStack
from cdktf_cdktf_provider_azuread.provider import AzureadProvider
from cdktf_cdktf_provider_azurerm.provider import AzurermProvider, AzurermProviderFeatures
from constructs import Construct

from cdktf_entra_private_access import (
    AccessFacts,
    AccessReview,
    AccessTest,
    ConnectorGroup,
    ConnectorGroupRegion,
    ConnectorHostOptions,
    ConnectorOutboundAccess,
    Destination,
    GroupMembership,
    MsgraphProvider,
    NetworkSecurityGroupRef,
    Principal,
    PrivateAccessChecks,
    SshAdminAccess,
    SshAdminConditionalAccessOptions,
    SshAdminNetworkOptions,
)


class SshAdminStack(TerraformStack):
    """The stack: providers, state, and the SSH access of the Linux admins."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)

        # The providers authenticate from the environment: `az login`, or ARM_* / OIDC variables
        # (azurerm also reads the subscription from ARM_SUBSCRIPTION_ID).
        AzureadProvider(self, "azuread")
        MsgraphProvider(self, "msgraph")
        AzurermProvider(self, "azurerm", features=[AzurermProviderFeatures()])

        # State next to the project, by a relative path: nothing of this machine lands in the output.
        LocalBackend(self, path="../../../terraform.ssh-admin.tfstate")

        linux_admins = Principal.group("Linux Admins")
        # A label is the object's display name: Terraform checks it when it plans.
        break_glass = Principal.user_id("00000000-0000-0000-0000-0000000000b1", "Emergency Access 1")

        connectors = ConnectorGroup(
            self,
            "Connectors",
            name="Linux datacenter connectors",
            region=ConnectorGroupRegion.EUROPE,
        )

        self.ssh = SshAdminAccess(
            self,
            "LinuxSsh",
            display_name="Linux servers (SSH)",
            servers=[
                Destination.ip_address("10.20.0.4"),  # a single server
                Destination.cidr("10.20.1.0/24"),  # a subnet of servers
                Destination.fqdn("bastion.corp.contoso.com"),  # a host name
            ],
            connector_group=connectors,
            principals=[linux_admins],
            # Emergency-access account: never locked out by this policy.
            conditional_access=SshAdminConditionalAccessOptions(exclude_principals=[break_glass]),
            # The network path in Azure: two connector hosts in the hub's connector subnet, joined
            # to the connector group, and the servers' NSG opened to them on TCP 22, derived from the
            # same server list as the segments. The registration token and the admin password are
            # sensitive variables (TF_VAR_paconn_registration_token, TF_VAR_paconn_admin_password).
            connector_hosts=ConnectorHostOptions(
                resource_group_name="rg-private-access-connectors",
                location="westeurope",
                subnet_id=(
                    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network"
                    "/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-connectors"
                ),
                name_prefix="paconn",
                zones=["1", "2"],
                outbound_access=ConnectorOutboundAccess(
                    network_security_group=NetworkSecurityGroupRef(resource_group_name="rg-network", name="nsg-connectors"),
                    priority=200,
                ),
            ),
            network=SshAdminNetworkOptions(
                network_security_group=NetworkSecurityGroupRef(resource_group_name="rg-linux-servers", name="nsg-linux-servers"),
                host_addresses={"bastion.corp.contoso.com": ["10.20.2.10"]},
                priority_base=1000,
                existing_priorities=[100, 110, 4000],
            ),
        )

        # What the tenant holds that the program cannot know, stated so that the tests can decide:
        # the emergency-access account is not one of the Linux admins.
        AccessFacts(self, "Facts", groups=[GroupMembership(group=linux_admins, non_members=[break_glass])])

        # Who can reach what, asserted at synth: a change that breaks or opens access fails synth.
        AccessTest(
            self,
            "LinuxAdminsReachTheServers",
            principal=linux_admins,
            accept=["10.20.0.4:22", "10.20.1.17:22", "bastion.corp.contoso.com:22"],
            deny=["10.20.0.4:3389", "10.20.0.4:22/udp", "10.20.2.4:22"],
            require_mfa=True,
        )
        AccessTest(
            self,
            "BreakGlassIsNotAnSshUser",
            principal=break_glass,
            deny=["10.20.0.4:22", "bastion.corp.contoso.com:22"],
        )

        # The rule pack runs at synth: errors fail it, warnings are printed. A finding is accepted
        # only with a written reason, recorded next to the resource in cdk.tf.json.
        Aspects.of(self).add(PrivateAccessChecks())
        PrivateAccessChecks.suppress(
            self.ssh,
            "EPA-CA-2",
            "The admin workstations are not enrolled in Intune yet; a compliant-device requirement follows with SEC-1234.",
        )

        # Who can reach what, for the pull request: access-review.md (with a Mermaid diagram) and
        # access-review.json next to cdk.tf.json.
        AccessReview.of(self)


def build_app() -> App:
    """Builds the example app; the plan-review test builds the stack the same way."""
    app = App()
    SshAdminStack(app, "ssh-admin")
    return app


if __name__ == "__main__":
    build_app().synth()
