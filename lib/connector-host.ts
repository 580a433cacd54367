import { DataAzureadClientConfig } from '@cdktf/provider-azuread/lib/data-azuread-client-config';
import type { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface';
import type { VirtualMachineExtension } from '@cdktf/provider-azurerm/lib/virtual-machine-extension';
import type { WindowsVirtualMachine } from '@cdktf/provider-azurerm/lib/windows-virtual-machine';
import { DefaultTokenResolver, Fn, StringConcat, TerraformResource, TerraformStack, TerraformVariable, Token, Tokenization } from 'cdktf';
import { Construct } from 'constructs';
import { IConnectorGroup } from './connector-group';
import type { NetworkSecurityGroupRef } from './connector-access-rules';
import type { IConnectorSourceProvider } from './connector-source';
import { DataMsgraphResource } from './gen/providers/msgraph/data-msgraph-resource';
import { ResourceAction } from './gen/providers/msgraph/resource-action';
import { annotate } from './private/annotations';
import { azurerm } from './private/azurerm';
import {
  checkAdminUsername,
  checkLocation,
  checkResourceGroupName,
  checkSubnetId,
  checkVmSize,
  checkZones,
  claimHostPrefix,
} from './private/azure-names';
import { failAt, q, withConstructPath } from './private/errors';
import { MAX_PRIORITY, MIN_PRIORITY, PriorityRegistry } from './private/nsg-priorities';
import { tfLiteral, tfLiterals } from './private/text';
import { CONNECTOR_GROUPS_PATH, CONNECTORS_PATH, GRAPH_BETA, connectorODataId } from './private/graph';
import { connectorQuery, HOST_EXTENSION_HEADER, installCommand } from './private/connector-install';
import { ensureStackChecks } from './private/stack-checks';

/** Outbound access the connectors need, opened in a network security group. */
export interface ConnectorOutboundAccess {
  /** The network security group of the connectors' subnet. */
  readonly networkSecurityGroup: NetworkSecurityGroupRef;
  /** The priority of the outbound rule. */
  readonly priority: number;
}

/** The connector hosts to make, without the connector group (what `SshAdminAccess.connectorHosts` takes). */
export interface ConnectorHostOptions {
  /** The resource group of the hosts. */
  readonly resourceGroupName: string;

  /** The Azure region of the hosts, such as `westeurope`. */
  readonly location: string;

  /** The ID of the subnet the hosts' network interfaces are in; it must reach the servers. */
  readonly subnetId: string;

  /**
   * How many hosts (one connector each).
   *
   * @default 2 (fewer is a warning: no high availability)
   */
  readonly count?: number;

  /**
   * The start of the VM names and Windows computer names: `${namePrefix}-1`, `${namePrefix}-2`, …
   * Lower-case letters, digits and hyphens; short enough for 15-character computer names.
   *
   * @default - the construct id, lower-cased
   */
  readonly namePrefix?: string;

  /**
   * The VM size.
   *
   * @default 'Standard_D2s_v5'
   */
  readonly vmSize?: string;

  /**
   * Availability zones to spread the hosts over, in turn (`['1', '2', '3']`): host 1 in the lowest
   * zone, host 2 in the next, and so on, whatever the order given, so reordering moves no VM.
   *
   * @default - no zone
   */
  readonly zones?: string[];

  /**
   * The local administrator's name.
   *
   * @default 'connectoradmin'
   */
  readonly adminUsername?: string;

  /**
   * The local administrator's password: a sensitive Terraform variable, never a literal. Changes
   * after the VMs exist are ignored (rotate it on the hosts).
   *
   * @default - a new sensitive variable `${namePrefix}_admin_password` (set `TF_VAR_…`)
   */
  readonly adminPassword?: TerraformVariable;

  /**
   * The connector registration token: a sensitive Terraform variable, never a literal. It is read
   * only when a host is created (it expires within about an hour); later changes are ignored.
   *
   * @default - a new sensitive variable `${namePrefix}_registration_token` (set `TF_VAR_…`)
   */
  readonly registrationToken?: TerraformVariable;

  /**
   * Where the hosts download the connector installer: an `https:` URL of letters, digits and
   * `-._~/@+,=:` only (no quotes, spaces, `%`, `$` or `&` that could break the install script's
   * quoting) and without a query string, which would write a SAS token in clear into
   * `cdk.tf.json`. For a URL with a SAS token, pass the `stringValue` of a sensitive
   * `TerraformVariable` without default: it reaches the hosts base64-encoded in the extension's
   * protected settings only.
   *
   * @default ConnectorHost.INSTALLER_URL
   */
  readonly installerUrl?: string;

  /**
   * Open the outbound access the connectors need (TCP 443 and 80 to the Internet service tag) in
   * the connectors' network security group.
   *
   * @default - no rule: outbound access is left to the network's existing rules or firewall
   */
  readonly outboundAccess?: ConnectorOutboundAccess;

  /**
   * Tags for the Azure resources.
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/** Properties of a `ConnectorHost`. */
export interface ConnectorHostProps extends ConnectorHostOptions {
  /** The connector group the connectors join once registered. */
  readonly connectorGroup: IConnectorGroup;
}

/**
 * Windows Server VMs that run the Microsoft Entra private network connector, registered to the
 * tenant and joined to a connector group: the prerequisite "a private network connector with
 * connectivity to the servers" when the servers are in Azure.
 *
 * Each host gets a network interface without public IP in the given subnet (in an application
 * security group, for `ConnectorSource.hosts(...)`), a Windows Server 2022 VM with Trusted Launch,
 * and a Custom Script Extension that silently installs the connector
 * (`MicrosoftEntraPrivateNetworkConnectorInstaller.exe REGISTERCONNECTOR="false" /q`) and registers it
 * with a token (`RegisterConnector.ps1 -Authenticationmode Token`). The token and the admin password
 * are sensitive variables, passed only in the extension's protected settings and the VM's password:
 * `cdk.tf.json` holds references to them, never their values. Once a connector is registered,
 * Terraform finds it by machine name and adds it to the connector group.
 *
 * The connectors need outbound HTTPS (443, and 80 for certificate revocation checks) to the
 * Private Access service; `outboundAccess` opens it.
 *
 * @see https://learn.microsoft.com/entra/global-secure-access/how-to-register-connector-powershell
 */
export class ConnectorHost extends Construct implements IConnectorSourceProvider {
  /** Microsoft's download of the private network connector installer. */
  public static readonly INSTALLER_URL =
    'https://download.msappproxy.net/Subscription/d3c8b69d-6bf7-42be-a529-3fe9c2e70c90/Connector/DownloadConnectorInstaller';

  /** The application security group holding the hosts' network interfaces. */
  public readonly applicationSecurityGroupId: string;

  /** The hosts' private IP addresses (known at apply). */
  public readonly privateIpAddresses: string[];

  /** The Windows computer names of the hosts. */
  public readonly computerNames: string[];

  /**
   * The VMs (`azurerm_windows_virtual_machine`). Typed as `TerraformResource`, so that the
   * library's declarations need no azurerm types; cast to `WindowsVirtualMachine` from
   * `@cdktf/provider-azurerm` for its attributes.
   */
  public readonly virtualMachines: TerraformResource[];

  /** The network interfaces (`azurerm_network_interface`; cast to `NetworkInterface`). */
  public readonly networkInterfaces: TerraformResource[];

  /**
   * The Custom Script Extensions that install and register the connectors
   * (`azurerm_virtual_machine_extension`; cast to `VirtualMachineExtension`).
   */
  public readonly extensions: TerraformResource[];

  /** The admin password variable. */
  public readonly adminPassword: TerraformVariable;

  /** The registration token variable. */
  public readonly registrationToken: TerraformVariable;

  constructor(scope: Construct, id: string, props: ConnectorHostProps) {
    super(scope, id);
    const fail = (message: string): never => {
      return failAt(this, message);
    };
    const count = props.count ?? 2;
    if (!Number.isInteger(count) || count < 1 || count > 9) {
      fail(`count ${q(count)} is outside 1-9`);
    }
    if (count < 2) {
      annotate(this, 'warning', `only ${count} connector host: no high availability; use at least 2 (the default) in different zones`);
    }
    const prefix = props.namePrefix ?? id.toLowerCase();
    if (!/^[a-z][a-z0-9-]{0,12}$/.test(prefix)) {
      fail(`name prefix ${q(prefix)} is not 1-13 lower-case letters, digits and hyphens starting with a letter (computer names have at most 15 characters); pass namePrefix`);
    }
    const zones = withConstructPath(this, () => {
      checkResourceGroupName('resourceGroupName', props.resourceGroupName);
      checkLocation(props.location);
      checkSubnetId(props.subnetId);
      checkVmSize(props.vmSize ?? 'Standard_D2s_v5');
      checkAdminUsername(props.adminUsername ?? 'connectoradmin');
      if (props.outboundAccess) {
        checkResourceGroupName('outboundAccess.networkSecurityGroup.resourceGroupName', props.outboundAccess.networkSecurityGroup.resourceGroupName);
      }
      const given = props.zones ?? [];
      checkZones(given);
      claimHostPrefix(this, prefix);
      // Sorted, so that a host keeps its zone whatever the order of `zones`: a VM in another zone
      // is a new VM, and its registration token has usually expired by then.
      return [...given].sort();
    });
    const { ApplicationSecurityGroup, NetworkSecurityRule } = azurerm('ConnectorHost');

    this.adminPassword = props.adminPassword ?? sensitiveVariable(this, 'AdminPassword', `${prefix}_admin_password`, 'Local administrator password of the connector hosts.');
    this.registrationToken =
      props.registrationToken ??
      sensitiveVariable(this, 'RegistrationToken', `${prefix}_registration_token`, 'Private network connector registration token (see the README); read when a host is created.');
    const secrets: Array<[string, TerraformVariable]> = [
      ['adminPassword', this.adminPassword],
      ['registrationToken', this.registrationToken],
    ];
    for (const [what, variable] of secrets) {
      if (!(variable instanceof TerraformVariable)) {
        fail(`${what} must be a TerraformVariable with sensitive: true, so that its value never appears in the plan or in cdk.tf.json`);
      }
      secretProblems(what, variable.sensitive, variable.default).forEach(fail);
    }
    const installer = installerUrlOf(this, props.installerUrl, fail);
    if (installer.variable) {
      secrets.push(['installerUrl', installer.variable]);
    }
    // Overrides (`addOverride('sensitive', false)`, `addOverride('default', …)`) change what is
    // synthesized after the checks above: check the variables again as they will be written.
    this.node.addValidation({
      validate: () =>
        secrets.flatMap(([what, variable]) => {
          const written = variable.toTerraform().variable[variable.friendlyUniqueId] ?? {};
          return secretProblems(what, written.sensitive, written.default).map((p) => `${p} (as synthesized, after overrides)`);
        }),
    });

    const tags = tfLiterals(props.tags);
    const resourceGroupName = tfLiteral(props.resourceGroupName);
    const location = tfLiteral(props.location);
    const subnetId = tfLiteral(props.subnetId);
    const asg = new ApplicationSecurityGroup(this, 'ApplicationSecurityGroup', {
      name: `asg-${prefix}`,
      resourceGroupName,
      location,
      tags,
    });
    this.applicationSecurityGroupId = asg.id;
    const tenantId = new DataAzureadClientConfig(this, 'ClientConfig').tenantId;
    ensureStackChecks(this);

    const hosts = Array.from(
      { length: count },
      (_, k) =>
        new Host(this, `Host${k + 1}`, {
          name: `${prefix}-${k + 1}`,
          zone: zones.length > 0 ? zones[k % zones.length] : undefined,
          resourceGroupName,
          location,
          subnetId,
          tags,
          vmSize: props.vmSize ?? 'Standard_D2s_v5',
          adminUsername: props.adminUsername ?? 'connectoradmin',
          adminPassword: this.adminPassword.stringValue,
          applicationSecurityGroupId: asg.id,
          installCommand: installCommand(installer.expression, this.registrationToken.stringValue, tenantId),
          connectorGroupId: props.connectorGroup.connectorGroupId,
        }),
    );
    const vms = hosts.map((h) => h.vm);
    const nics = hosts.map((h) => h.nic);
    const extensions = hosts.map((h) => h.extension);
    const names = hosts.map((h) => h.computerName);
    this.virtualMachines = vms;
    this.networkInterfaces = nics;
    this.extensions = extensions;
    this.computerNames = names;
    this.privateIpAddresses = nics.map((n) => n.privateIpAddress);

    if (props.outboundAccess) {
      const priority = props.outboundAccess.priority;
      if (!Number.isInteger(priority) || priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
        fail(`outboundAccess.priority ${q(priority)} is outside ${MIN_PRIORITY}-${MAX_PRIORITY}`);
      }
      const registry = PriorityRegistry.of(this);
      registry.claim({
        networkSecurityGroup: props.outboundAccess.networkSecurityGroup,
        direction: 'Outbound',
        name: `${prefix}-connector-outbound`,
        owner: this,
        fixed: priority,
      });
      this.node.addValidation({ validate: () => registry.problemsOf(this) });
      new NetworkSecurityRule(this, 'Outbound', {
        name: `${prefix}-connector-outbound`,
        description: 'Private network connectors to the Private Access service (managed by cdktf-entra-private-access)',
        resourceGroupName: tfLiteral(props.outboundAccess.networkSecurityGroup.resourceGroupName),
        networkSecurityGroupName: tfLiteral(props.outboundAccess.networkSecurityGroup.name),
        priority: props.outboundAccess.priority,
        direction: 'Outbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourcePortRange: '*',
        sourceApplicationSecurityGroupIds: [asg.id],
        destinationPortRanges: ['80', '443'],
        destinationAddressPrefix: 'Internet',
      });
    }
  }
}

/** What is wrong with a secret variable's settings: not sensitive, or a default written in clear. */
function secretProblems(what: string, sensitive: unknown, defaultValue: unknown): string[] {
  const problems: string[] = [];
  if (sensitive !== true) {
    problems.push(`${what} must be a TerraformVariable with sensitive: true, so that its value never appears in the plan or in cdk.tf.json`);
  }
  if (defaultValue !== undefined) {
    problems.push(`${what} has a default value, which would be written to cdk.tf.json in clear; remove it and set the value with TF_VAR_… in the pipeline`);
  }
  return problems;
}

/** A URL the install script can quote safely: https, a host, a path of unreserved characters. */
const SAFE_URL = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9\-._~/@+,=:]*)?$/;

/**
 * The installer URL as the install script reads it: a checked literal in single quotes, or, for a
 * sensitive variable (a SAS URL), a PowerShell expression that decodes the base64 of its value, so
 * that no character of the value can break the script's quoting.
 */
function installerUrlOf(
  scope: Construct,
  url: string | undefined,
  fail: (message: string) => never,
): { readonly expression: string; readonly variable?: TerraformVariable } {
  if (url === undefined) {
    return { expression: `'${ConnectorHost.INSTALLER_URL}'` };
  }
  if (typeof url !== 'string') {
    return fail(`installerUrl ${q(url)} is not text`);
  }
  if (Token.isUnresolved(url)) {
    const resolved = Tokenization.resolve(url, { scope, resolver: new DefaultTokenResolver(new StringConcat()) });
    const reference = /^\$\{var\.([A-Za-z_][A-Za-z0-9_-]*)\}$/.exec(String(resolved));
    const variable = reference
      ? TerraformStack.of(scope)
          .node.findAll()
          .find((c): c is TerraformVariable => c instanceof TerraformVariable && c.friendlyUniqueId === reference[1])
      : undefined;
    if (!variable) {
      return fail(
        'installerUrl is a token that is not a Terraform variable; pass a literal https URL, or the stringValue of a sensitive TerraformVariable for a URL with a SAS token',
      );
    }
    secretProblems('installerUrl', variable.sensitive, variable.default).forEach(fail);
    return { expression: `([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${Fn.base64encode(url)}')))`, variable };
  }
  const parsed = (() => {
    try {
      return new URL(url);
    } catch {
      return undefined;
    }
  })();
  if (!parsed || parsed.protocol !== 'https:') {
    return fail(`installerUrl ${q(url)} is not an https URL; the installer must be downloaded over https`);
  }
  if (parsed.search !== '' || parsed.hash !== '' || url.includes('?') || url.includes('#')) {
    return fail(
      `installerUrl ${q(url)} has a query string or fragment; a SAS token would be written to cdk.tf.json in clear: pass it as the stringValue of a sensitive TerraformVariable instead`,
    );
  }
  if (!SAFE_URL.test(url)) {
    const bad = [...url].find((c) => !/[A-Za-z0-9\-._~/@+,=:]/.test(c));
    return fail(
      `installerUrl ${q(url)} has the character ${q(bad ?? '')}, which could break the install script's quoting; use letters, digits and -._~/@+,=: only, or a sensitive TerraformVariable`,
    );
  }
  return { expression: `'${url}'` };
}

/** What one connector host is made of. */
interface HostProps {
  readonly name: string;
  readonly zone?: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly subnetId: string;
  readonly tags?: { [key: string]: string };
  readonly vmSize: string;
  readonly adminUsername: string;
  readonly adminPassword: string;
  readonly applicationSecurityGroupId: string;
  readonly installCommand: string;
  readonly connectorGroupId: string;
}

/**
 * One connector host (`Host1`, `Host2`, …): its network interface in the application security
 * group, the VM, the extension that installs and registers the connector, and the read and the
 * action that join the registered connector to the group.
 */
class Host extends Construct {
  public readonly computerName: string;
  public readonly nic: NetworkInterface;
  public readonly vm: WindowsVirtualMachine;
  public readonly extension: VirtualMachineExtension;

  constructor(scope: Construct, id: string, props: HostProps) {
    super(scope, id);
    const { NetworkInterface, NetworkInterfaceApplicationSecurityGroupAssociation, VirtualMachineExtension, WindowsVirtualMachine } =
      azurerm('ConnectorHost');
    const { name, resourceGroupName, location, tags } = props;
    this.computerName = name;
    this.nic = new NetworkInterface(this, 'Nic', {
      name: `nic-${name}`,
      resourceGroupName,
      location,
      ipConfiguration: [{ name: 'internal', subnetId: props.subnetId, privateIpAddressAllocation: 'Dynamic' }],
      tags,
    });
    new NetworkInterfaceApplicationSecurityGroupAssociation(this, 'AsgAssociation', {
      networkInterfaceId: this.nic.id,
      applicationSecurityGroupId: props.applicationSecurityGroupId,
    });
    this.vm = new WindowsVirtualMachine(this, 'Vm', {
      name: `vm-${name}`,
      computerName: name,
      resourceGroupName,
      location,
      size: tfLiteral(props.vmSize),
      zone: props.zone === undefined ? undefined : tfLiteral(props.zone),
      adminUsername: tfLiteral(props.adminUsername),
      adminPassword: props.adminPassword,
      networkInterfaceIds: [this.nic.id],
      osDisk: { caching: 'ReadWrite', storageAccountType: 'Premium_LRS' },
      sourceImageReference: {
        publisher: 'MicrosoftWindowsServer',
        offer: 'WindowsServer',
        sku: '2022-datacenter-azure-edition',
        version: 'latest',
      },
      secureBootEnabled: true,
      vtpmEnabled: true,
      provisionVmAgent: true,
      patchMode: 'AutomaticByPlatform',
      tags,
      lifecycle: { ignoreChanges: ['admin_password'] },
    });
    this.extension = new VirtualMachineExtension(this, 'InstallConnector', {
      name: 'install-private-network-connector',
      virtualMachineId: this.vm.id,
      publisher: 'Microsoft.Compute',
      type: 'CustomScriptExtension',
      typeHandlerVersion: '1.10',
      autoUpgradeMinorVersion: true,
      // A JSON document whose only Terraform interpolations are the token and the tenant ID: the
      // token reaches Azure in the protected (encrypted) settings and nowhere else.
      protectedSettings: JSON.stringify({ commandToExecute: props.installCommand }),
      tags,
      lifecycle: { ignoreChanges: ['protected_settings'] },
    });
    // The read waits for the extension through an input, not depends_on: a header that carries
    // the extension's ID (Graph ignores it) is unknown only while the extension is new, so the
    // read is deferred to apply for a new host and nothing else. With depends_on, any planned
    // change of the extension would defer it, make the join's body unknown and POST the connector
    // into the group again.
    const connector = new DataMsgraphResource(this, 'Connector', {
      url: CONNECTORS_PATH,
      apiVersion: GRAPH_BETA,
      headers: { [HOST_EXTENSION_HEADER]: this.extension.id },
      responseExportValues: { id: connectorQuery(name) },
      lifecycle: {
        postcondition: [
          {
            condition: '${self.output.id != null}',
            errorMessage: `No private network connector named ${name} is registered: check the Custom Script Extension of vm-${name} (C:\\WindowsAzure\\Logs\\Plugins) and the registration token.`,
          },
        ],
      },
    });
    new ResourceAction(this, 'JoinConnectorGroup', {
      resourceUrl: `${CONNECTOR_GROUPS_PATH}/${props.connectorGroupId}`,
      action: 'members/$ref',
      method: 'POST',
      apiVersion: GRAPH_BETA,
      body: { '@odata.id': connectorODataId(this, connector.output.lookup('id')) },
    });
  }
}

function sensitiveVariable(scope: Construct, id: string, name: string, description: string): TerraformVariable {
  const variable = new TerraformVariable(scope, id, { type: 'string', sensitive: true, nullable: false, description });
  variable.overrideLogicalId(name.replace(/-/g, '_'));
  return variable;
}
