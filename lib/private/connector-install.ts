/**
 * What runs on a connector host and how Terraform finds its connector: the install script of the
 * Custom Script Extension and the query for the registered connector.
 */

/** The header by which a connector's read waits for its host's install extension. */
export const HOST_EXTENSION_HEADER = 'x-cdktf-entra-private-access-host';

/**
 * The PowerShell command that installs the connector without registering it, then registers it
 * with the token, as Microsoft documents for unattended installs. The token is interpolated by
 * Terraform into the protected settings only.
 */
export function installCommand(installerUrlExpression: string, token: string, tenantId: string): string {
  const dir = 'C:\\Program Files\\Microsoft Entra private network connector';
  const script = [
    "$ErrorActionPreference = 'Stop'",
    "$installer = Join-Path $env:TEMP 'MicrosoftEntraPrivateNetworkConnectorInstaller.exe'",
    `Invoke-WebRequest -UseBasicParsing -Uri ${installerUrlExpression} -OutFile $installer`,
    "Start-Process -FilePath $installer -ArgumentList 'REGISTERCONNECTOR=\"false\" /q' -Wait",
    `$token = ConvertTo-SecureString '${token}' -AsPlainText -Force`,
    `& '${dir}\\RegisterConnector.ps1' -modulePath '${dir}\\Modules\\' -moduleName 'MicrosoftEntraPrivateNetworkConnectorPSModule' -Authenticationmode Token -Token $token -TenantId '${tenantId}' -Feature ApplicationProxy`,
  ].join('; ');
  return `powershell.exe -NoProfile -ExecutionPolicy Bypass -Command "${script.replace(/"/g, '\\"')}"`;
}

/**
 * JMESPath that finds a connector by machine name, short or fully qualified, in either case, among
 * the active ones: a host rebuilt under the same name leaves its old registration behind, inactive,
 * and the first match could be that stale connector.
 */
export function connectorQuery(name: string): string {
  const names = [name.toLowerCase(), name.toUpperCase()];
  const tests = names.flatMap((n) => [`machineName=='${n}'`, `starts_with(machineName, '${n}.')`]);
  return `value[?(${tests.join(' || ')}) && status=='active'] | [0].id`;
}

