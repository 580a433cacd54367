/**
 * The azurerm resource classes the network constructs use, loaded on first use.
 *
 * @cdktf/provider-azurerm is an optional peer dependency: programs that only manage Entra objects
 * need not install it, and loading the library never loads it. Each module is loaded by path, never
 * through the package's root index.
 */
import type { ApplicationSecurityGroup } from '@cdktf/provider-azurerm/lib/application-security-group';
import type { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface';
import type { NetworkInterfaceApplicationSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/network-interface-application-security-group-association';
import type { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import type { VirtualMachineExtension } from '@cdktf/provider-azurerm/lib/virtual-machine-extension';
import type { WindowsVirtualMachine } from '@cdktf/provider-azurerm/lib/windows-virtual-machine';
import { PrivateAccessError } from '../errors';

/** The azurerm classes, by name. */
export interface AzurermClasses {
  readonly ApplicationSecurityGroup: typeof ApplicationSecurityGroup;
  readonly NetworkInterface: typeof NetworkInterface;
  readonly NetworkInterfaceApplicationSecurityGroupAssociation: typeof NetworkInterfaceApplicationSecurityGroupAssociation;
  readonly NetworkSecurityRule: typeof NetworkSecurityRule;
  readonly VirtualMachineExtension: typeof VirtualMachineExtension;
  readonly WindowsVirtualMachine: typeof WindowsVirtualMachine;
}

/** The azurerm provider packages, in the order they are looked for: cdktf's, then CDK Terrain's. */
const PACKAGES = ['@cdktf/provider-azurerm', '@cdktn/provider-azurerm'];

function load<T>(module: string, name: string, user: string): T {
  for (const pkg of PACKAGES) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(`${pkg}/lib/${module}`)[name] as T;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes(pkg)) {
        throw err;
      }
    }
  }
  throw new PrivateAccessError(
    `${user} manages Azure resources and needs the azurerm provider bindings: npm install @cdktf/provider-azurerm@^14.23.1 (with cdktf) or @cdktn/provider-azurerm (with CDK Terrain)`,
  );
}

/** The azurerm classes, loaded now; `user` names the construct for the error if the package is missing. */
export function azurerm(user: string): AzurermClasses {
  return {
    get ApplicationSecurityGroup() {
      return load<typeof ApplicationSecurityGroup>('application-security-group', 'ApplicationSecurityGroup', user);
    },
    get NetworkInterface() {
      return load<typeof NetworkInterface>('network-interface', 'NetworkInterface', user);
    },
    get NetworkInterfaceApplicationSecurityGroupAssociation() {
      return load<typeof NetworkInterfaceApplicationSecurityGroupAssociation>(
        'network-interface-application-security-group-association',
        'NetworkInterfaceApplicationSecurityGroupAssociation',
        user,
      );
    },
    get NetworkSecurityRule() {
      return load<typeof NetworkSecurityRule>('network-security-rule', 'NetworkSecurityRule', user);
    },
    get VirtualMachineExtension() {
      return load<typeof VirtualMachineExtension>('virtual-machine-extension', 'VirtualMachineExtension', user);
    },
    get WindowsVirtualMachine() {
      return load<typeof WindowsVirtualMachine>('windows-virtual-machine', 'WindowsVirtualMachine', user);
    },
  };
}
