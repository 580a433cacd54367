// The SSH administration example (examples/ssh-admin/main.ts) in Go.
//
// The flow of Microsoft's guide "Use SSH to administer servers with Microsoft Entra Private Access"
// as one cdktf stack, through the library's Go module. `go run .` (or `cdktf synth` with this
// folder's cdktf.json) writes cdktf.out/stacks/ssh-admin/cdk.tf.json with its access review; it is
// the same Terraform as the TypeScript example's, and a test checks that.
package main

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	epa "github.com/cdktf-entra-private-access/cdktf-entra-private-access-go/entraprivateaccess"
	azuread "github.com/cdktf/cdktf-provider-azuread-go/azuread/v14/provider"
	azurerm "github.com/cdktf/cdktf-provider-azurerm-go/azurerm/v14/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// NewSshAdminStack makes the stack: providers, state, and the SSH access of the Linux admins.
func NewSshAdminStack(scope constructs.Construct, id string) cdktf.TerraformStack {
	stack := cdktf.NewTerraformStack(scope, jsii.String(id))

	// The providers authenticate from the environment: `az login`, or ARM_* / OIDC variables
	// (azurerm also reads the subscription from ARM_SUBSCRIPTION_ID).
	azuread.NewAzureadProvider(stack, jsii.String("azuread"), &azuread.AzureadProviderConfig{})
	epa.NewMsgraphProvider(stack, jsii.String("msgraph"), nil)
	azurerm.NewAzurermProvider(stack, jsii.String("azurerm"), &azurerm.AzurermProviderConfig{
		Features: []*azurerm.AzurermProviderFeatures{{}},
	})

	// State next to the project, by a relative path: nothing of this machine lands in the output.
	cdktf.NewLocalBackend(stack, &cdktf.LocalBackendConfig{Path: jsii.String("../../../terraform.ssh-admin.tfstate")})

	linuxAdmins := epa.Principal_Group(jsii.String("Linux Admins"))
	// A label is the object's display name: Terraform checks it when it plans.
	breakGlass := epa.Principal_UserId(jsii.String("00000000-0000-0000-0000-0000000000b1"), jsii.String("Emergency Access 1"))

	connectors := epa.NewConnectorGroup(stack, jsii.String("Connectors"), &epa.ConnectorGroupProps{
		Name:   jsii.String("Linux datacenter connectors"),
		Region: epa.ConnectorGroupRegion_EUROPE,
	})

	ssh := epa.NewSshAdminAccess(stack, jsii.String("LinuxSsh"), &epa.SshAdminAccessProps{
		DisplayName: jsii.String("Linux servers (SSH)"),
		Servers: &[]epa.Destination{
			epa.Destination_IpAddress(jsii.String("10.20.0.4")),           // a single server
			epa.Destination_Cidr(jsii.String("10.20.1.0/24")),             // a subnet of servers
			epa.Destination_Fqdn(jsii.String("bastion.corp.contoso.com")), // a host name
		},
		ConnectorGroup: connectors,
		Principals:     &[]epa.Principal{linuxAdmins},
		// Emergency-access account: never locked out by this policy.
		ConditionalAccess: &epa.SshAdminConditionalAccessOptions{ExcludePrincipals: &[]epa.Principal{breakGlass}},
		// The network path in Azure: two connector hosts in the hub's connector subnet, joined to
		// the connector group, and the servers' NSG opened to them on TCP 22, derived from the same
		// server list as the segments. The registration token and the admin password are sensitive
		// variables (TF_VAR_paconn_registration_token, TF_VAR_paconn_admin_password).
		ConnectorHosts: &epa.ConnectorHostOptions{
			ResourceGroupName: jsii.String("rg-private-access-connectors"),
			Location:          jsii.String("westeurope"),
			SubnetId: jsii.String("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network" +
				"/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-connectors"),
			NamePrefix: jsii.String("paconn"),
			Zones:      jsii.Strings("1", "2"),
			OutboundAccess: &epa.ConnectorOutboundAccess{
				NetworkSecurityGroup: &epa.NetworkSecurityGroupRef{ResourceGroupName: jsii.String("rg-network"), Name: jsii.String("nsg-connectors")},
				Priority:             jsii.Number(200),
			},
		},
		Network: &epa.SshAdminNetworkOptions{
			NetworkSecurityGroup: &epa.NetworkSecurityGroupRef{ResourceGroupName: jsii.String("rg-linux-servers"), Name: jsii.String("nsg-linux-servers")},
			HostAddresses:        &map[string]*[]*string{"bastion.corp.contoso.com": jsii.Strings("10.20.2.10")},
			PriorityBase:         jsii.Number(1000),
			ExistingPriorities:   jsii.Numbers(100, 110, 4000),
		},
	})

	// What the tenant holds that the program cannot know, stated so that the tests can decide:
	// the emergency-access account is not one of the Linux admins.
	epa.NewAccessFacts(stack, jsii.String("Facts"), &epa.AccessFactsProps{
		Groups: &[]*epa.GroupMembership{{Group: linuxAdmins, NonMembers: &[]epa.Principal{breakGlass}}},
	})

	// Who can reach what, asserted at synth: a change that breaks or opens access fails synth.
	epa.NewAccessTest(stack, jsii.String("LinuxAdminsReachTheServers"), &epa.AccessTestProps{
		Principal:  linuxAdmins,
		Accept:     jsii.Strings("10.20.0.4:22", "10.20.1.17:22", "bastion.corp.contoso.com:22"),
		Deny:       jsii.Strings("10.20.0.4:3389", "10.20.0.4:22/udp", "10.20.2.4:22"),
		RequireMfa: jsii.Bool(true),
	})
	epa.NewAccessTest(stack, jsii.String("BreakGlassIsNotAnSshUser"), &epa.AccessTestProps{
		Principal: breakGlass,
		Deny:      jsii.Strings("10.20.0.4:22", "bastion.corp.contoso.com:22"),
	})

	// The rule pack runs at synth: errors fail it, warnings are printed. A finding is accepted only
	// with a written reason, recorded next to the resource in cdk.tf.json.
	cdktf.Aspects_Of(stack).Add(epa.NewPrivateAccessChecks(nil))
	epa.PrivateAccessChecks_Suppress(ssh, jsii.String("EPA-CA-2"),
		jsii.String("The admin workstations are not enrolled in Intune yet; a compliant-device requirement follows with SEC-1234."))

	// Who can reach what, for the pull request: access-review.md (with a Mermaid diagram) and
	// access-review.json next to cdk.tf.json.
	epa.AccessReview_Of(stack)

	return stack
}

func main() {
	app := cdktf.NewApp(nil)
	NewSshAdminStack(app, "ssh-admin")
	app.Synth()
}
