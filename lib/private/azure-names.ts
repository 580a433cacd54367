import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { PrivateAccessError } from '../errors';
import { q } from './errors';
import { perApp } from './per-app';

/**
 * Checks of the Azure values the connector hosts take, so that what Azure would refuse at plan or
 * apply fails synth with the fix instead. Unresolved tokens pass.
 */

/** Names Azure refuses as a Windows VM's administrator (Azure's documented list). */
const RESERVED_ADMIN_NAMES = new Set([
  '1', '123', 'a', 'actuser', 'adm', 'admin', 'admin1', 'admin2', 'administrator', 'aspnet', 'backup', 'console', 'david',
  'guest', 'john', 'owner', 'root', 'server', 'sql', 'support', 'support_388945a0', 'sys', 'test', 'test1', 'test2', 'test3',
  'user', 'user1', 'user2', 'user3', 'user4', 'user5',
]);

function known(value: unknown): value is string {
  return typeof value === 'string' && !Token.isUnresolved(value);
}

/** The administrator's name: 1-20 characters, none of `\/"[]:|<>+=;,?*@`, no trailing dot, not reserved. */
export function checkAdminUsername(name: string): void {
  if (!known(name)) {
    return;
  }
  if (name.length < 1 || name.length > 20 || /["\\/[\]:|<>+=;,?*@\s]/.test(name) || name.endsWith('.')) {
    throw new PrivateAccessError(
      `adminUsername ${q(name)} is not 1-20 characters without spaces or any of \\/"[]:|<>+=;,?*@ and not ending in "."; choose a name such as "connectoradmin"`,
    );
  }
  if (RESERVED_ADMIN_NAMES.has(name.toLowerCase())) {
    throw new PrivateAccessError(`adminUsername ${q(name)} is a name Azure reserves; choose another, such as "connectoradmin"`);
  }
}

/** A VM size such as `Standard_D2s_v5`. */
export function checkVmSize(size: string): void {
  if (known(size) && !/^(Standard|Basic)_[A-Za-z0-9]+(_[A-Za-z0-9]+)*$/.test(size)) {
    throw new PrivateAccessError(`vmSize ${q(size)} is not an Azure VM size such as "Standard_D2s_v5"`);
  }
}

/** Availability zones: "1", "2" or "3", each once. */
export function checkZones(zones: readonly string[]): void {
  if (!Array.isArray(zones)) {
    throw new PrivateAccessError(`zones must be a list such as ["1", "2"]; got ${q(zones)}`);
  }
  for (const zone of zones.filter(known)) {
    if (!['1', '2', '3'].includes(zone)) {
      throw new PrivateAccessError(`zone ${q(zone)} is not "1", "2" or "3"`);
    }
  }
  if (new Set(zones).size !== zones.length) {
    throw new PrivateAccessError(`zones ${q(zones)} name a zone twice; list each zone once`);
  }
}

/** A region's name as Azure writes it: lower case, no spaces (`westeurope`, not `West Europe`). */
export function checkLocation(location: string): void {
  if (known(location) && !/^[a-z][a-z0-9]*$/.test(location)) {
    throw new PrivateAccessError(
      `location ${q(location)} is not a region name such as "westeurope"; write it in lower case without spaces${/\s|[A-Z]/.test(location) ? ` ("${location.toLowerCase().replace(/\s+/g, '')}")` : ''}`,
    );
  }
}

/** A subnet's resource ID. */
export function checkSubnetId(id: string): void {
  if (known(id) && !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i.test(id)) {
    throw new PrivateAccessError(
      `subnetId ${q(id)} is not a subnet resource ID such as "/subscriptions/…/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-connectors"`,
    );
  }
}

/** A resource group's name: 1-90 letters, digits, `_`, `(`, `)`, `-` and `.`, not ending in `.`. */
export function checkResourceGroupName(what: string, name: string): void {
  if (known(name) && (!/^[\p{L}\p{N}_().-]{1,90}$/u.test(name) || name.endsWith('.'))) {
    throw new PrivateAccessError(
      `${what} ${q(name)} is not a resource group name: 1-90 letters, digits, "_", "(", ")", "-" and ".", not ending in "."`,
    );
  }
}

const PREFIXES = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Claims a connector host name prefix in the cdktf App: two hosts constructs with one prefix would
 * make VMs of the same names and share their secret variables.
 */
export function claimHostPrefix(scope: IConstruct, prefix: string): void {
  const claimed = perApp(PREFIXES, scope, () => new Map<string, string>());
  const other = claimed.get(prefix);
  if (other !== undefined) {
    throw new PrivateAccessError(
      `namePrefix ${q(prefix)} is already used by ${other}: the VMs would have the same names and share the secret variables ${prefix}_admin_password and ${prefix}_registration_token; pass another namePrefix`,
    );
  }
  claimed.set(prefix, scope.node.path);
}
