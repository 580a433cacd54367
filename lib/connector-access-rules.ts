import type { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { Lazy, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { ApplicationSegment } from './application-segment';
import { ConnectorSource } from './connector-source';
import { checkPrefix } from './private/prefixes';
import { DestinationType } from './destination';
import { PrivateAccessError } from './errors';
import { Port, Protocol } from './port';
import { azurerm } from './private/azurerm';
import { checkResourceGroupName } from './private/azure-names';
import { failAt, q, withConstructPath } from './private/errors';
import { intervalToCidrs, parseIpv4 } from './private/ipv4';
import { MAX_PRIORITY, MIN_PRIORITY, PriorityClaim, PriorityRegistry, shortHash } from './private/nsg-priorities';
import { tfLiteral } from './private/text';
import type { IPrivateAccessApplication } from './private-access-application-base';

/**
 * An Azure network security group the rules are added to: its resource group and name. An azurerm
 * `NetworkSecurityGroup` construct fits as it is.
 */
export interface NetworkSecurityGroupRef {
  /** The resource group of the network security group. */
  readonly resourceGroupName: string;
  /** The network security group's name. */
  readonly name: string;
}

/** Servers to open to the connectors: address prefixes and the ports to open on them. */
export interface ServerDestinations {
  /** IPv4 addresses or CIDR networks of the servers. */
  readonly addressPrefixes: string[];
  /** The ports to open; TCP and UDP ports become separate rules. */
  readonly ports: Port[];
}

/** Where the rules go and how they are named and numbered (the settings `SshAdminAccess.network` takes too). */
export interface ConnectorAccessRuleSettings {
  /** The network security group (of the servers' subnet or NICs) to add the rules to. */
  readonly networkSecurityGroup: NetworkSecurityGroupRef;

  /**
   * The start of the range the rules' priorities are chosen from (up to 1,000 priorities, at most
   * 4096). Each rule gets a slot chosen by its name, so adding or removing a rule leaves the others'
   * priorities as they were.
   *
   * @default 1000
   */
  readonly priorityBase?: number;

  /**
   * Priorities already used in the network security group by rules this program does not manage;
   * the rules of this construct skip them. Rules of other constructs of the same cdktf App in the
   * same network security group are skipped without being listed here.
   *
   * @default - none
   */
  readonly existingPriorities?: number[];

  /**
   * The start of every rule name.
   *
   * @default - the construct id
   */
  readonly namePrefix?: string;
}

/** Settings shared by `ConnectorAccessRules` and `ConnectorAccessRules.forApplication`. */
export interface ConnectorAccessRulesOptions extends ConnectorAccessRuleSettings {
  /** Where the connector traffic comes from. */
  readonly source: ConnectorSource;
}

/** Properties of `ConnectorAccessRules`. */
export interface ConnectorAccessRulesProps extends ConnectorAccessRulesOptions {
  /** The servers and ports to open. */
  readonly destinations: ServerDestinations[];
}

/** Settings of `ConnectorAccessRules.forApplication`. */
export interface ConnectorAccessRulesForApplicationOptions extends ConnectorAccessRulesOptions {
  /**
   * The addresses behind the app's host name segments, which a network security rule cannot name:
   * `{ 'bastion.corp.contoso.com': ['10.20.3.4'] }`. Every host name segment needs an entry.
   *
   * @default - none; the app must then have no host name segment
   */
  readonly hostAddresses?: { [hostName: string]: string[] };
}

/** How `forApplication` hands the app to the constructor without widening the public props. */
const FROM_APPLICATION = Symbol('fromApplication');

interface InternalProps extends ConnectorAccessRulesProps {
  readonly [FROM_APPLICATION]?: { readonly application: IPrivateAccessApplication; readonly hostAddresses: Record<string, string[]> };
}


/** One rule to make: protocol and ports, and where its destination prefixes come from. */
interface RulePlan {
  readonly protocol: 'Tcp' | 'Udp';
  readonly ports: readonly string[];
  readonly prefixes: () => string[];
}

/**
 * Azure network security rules that let the Private Access connectors reach the servers: inbound,
 * allow, from the connectors (subnet, addresses or application security group) to the servers'
 * addresses on the app's ports. This is the SSH guide's "confirm the SSH port is allowed from a
 * private network connector server".
 *
 * With `forApplication(app)` the destinations and ports come from the app's segments, read at synth,
 * so the firewall and the segments cannot drift apart: adding a server to the app opens it here too.
 * Rules are grouped by protocol and ports (one rule per group, so no server gets a port another
 * needed) and named after that content (`LinuxSsh-tcp-22`, cut to Azure's 80 characters with a
 * hash). Each rule's priority is a slot from `priorityBase` chosen by its name, free of every other
 * rule the library writes into the same network security group anywhere in the cdktf App: adding
 * or removing a rule does not renumber the others.
 *
 * @see https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview
 */
export class ConnectorAccessRules extends Construct {
  /**
   * Rules derived from a Private Access app's segments: its addresses and networks (ranges become
   * the CIDR blocks that cover them exactly) on its ports. Host name segments need their addresses
   * in `hostAddresses`.
   *
   * @param scope the scope
   * @param id the construct id
   * @param application the Private Access app
   * @param options the network security group, source and priorities
   */
  public static forApplication(
    scope: Construct,
    id: string,
    application: IPrivateAccessApplication,
    options: ConnectorAccessRulesForApplicationOptions,
  ): ConnectorAccessRules {
    const props: InternalProps = { ...options, destinations: [], [FROM_APPLICATION]: { application, hostAddresses: options.hostAddresses ?? {} } };
    return new ConnectorAccessRules(scope, id, props);
  }

  /**
   * The rules made, by name (`azurerm_network_security_rule`; cast to `NetworkSecurityRule` from
   * `@cdktf/provider-azurerm` for its attributes).
   */
  public readonly rules: { [name: string]: TerraformResource };

  private readonly claims: PriorityClaim[];

  constructor(scope: Construct, id: string, props: ConnectorAccessRulesProps) {
    super(scope, id);
    const fromApplication = (props as InternalProps)[FROM_APPLICATION];
    const namePrefix = withConstructPath(this, () => checkName(props.namePrefix ?? id));
    const base = props.priorityBase ?? 1000;
    withConstructPath(this, () => {
      checkBase(base);
      checkResourceGroupName('networkSecurityGroup.resourceGroupName', props.networkSecurityGroup.resourceGroupName);
    });
    const plans = withConstructPath(this, () =>
      fromApplication
        ? planFromApplication(this, fromApplication.application, fromApplication.hostAddresses)
        : planFromDestinations(props.destinations),
    );
    const names = [...plans.keys()].sort();

    const { NetworkSecurityRule } = azurerm('ConnectorAccessRules');
    const source = props.source;
    if (!(source instanceof ConnectorSource)) {
      failAt(this, 'source is not a ConnectorSource; use ConnectorSource.addressPrefixes() and the like');
    }
    const registry = PriorityRegistry.of(this);
    const rules: { [name: string]: NetworkSecurityRule } = {};
    this.claims = names.map((key) => {
      const plan = plans.get(key)!;
      const name = ruleName(namePrefix, key);
      const claim = registry.claim({
        networkSecurityGroup: props.networkSecurityGroup,
        direction: 'Inbound',
        name,
        owner: this,
        base,
        existing: props.existingPriorities ?? [],
      });
      rules[name] = new NetworkSecurityRule(this, key, {
          name,
          description: ruleDescription(plan.protocol, plan.ports),
          resourceGroupName: tfLiteral(props.networkSecurityGroup.resourceGroupName),
          networkSecurityGroupName: tfLiteral(props.networkSecurityGroup.name),
          priority: Lazy.numberValue({ produce: () => registry.priorityOf(claim) }),
          direction: 'Inbound',
          access: 'Allow',
          protocol: plan.protocol,
          sourcePortRange: '*',
          ...(source.sourceAddressPrefixes
            ? { sourceAddressPrefixes: [...source.sourceAddressPrefixes] }
            : { sourceApplicationSecurityGroupIds: [tfLiteral(source.applicationSecurityGroupId!)] }),
          destinationPortRanges: [...plan.ports],
          destinationAddressPrefixes: Lazy.listValue({ produce: () => plan.prefixes() }),
      });
      return claim;
    });
    this.rules = rules;
    this.node.addValidation({ validate: () => registry.problemsOf(this) });
  }

  /**
   * The priorities the rules use, in the order of their names, once the whole App is built: each
   * rule's own slot from `priorityBase`, chosen by its name, free of every other rule the library
   * writes into the same network security group and of `existingPriorities`.
   */
  public get priorities(): number[] {
    const registry = PriorityRegistry.of(this);
    return this.claims.map((c) => registry.priorityOf(c));
  }
}

/** Azure's longest rule name and description. */
const MAX_RULE_NAME = 80;
const MAX_RULE_DESCRIPTION = 140;

/**
 * The rule's name, `${prefix}-${key}`; one over Azure's 80 characters is cut and ends in a hash of
 * the whole name, so that it stays unique and the same on every synth.
 */
function ruleName(prefix: string, key: string): string {
  const full = `${prefix}-${key}`;
  return full.length <= MAX_RULE_NAME ? full : `${full.slice(0, MAX_RULE_NAME - 9)}-${shortHash(full)}`;
}

/** The rule's description, at most Azure's 140 characters: the port list is cut with a count. */
function ruleDescription(protocol: string, ports: readonly string[]): string {
  const text = (list: string) => `Private Access connectors to servers, ${protocol.toLowerCase()} ${list} (managed by cdktf-entra-private-access)`;
  let shown = ports.length;
  while (text(ports.join(',')).length > MAX_RULE_DESCRIPTION && shown > 0 && text(`${ports.slice(0, shown).join(',')},… (${ports.length} ranges)`).length > MAX_RULE_DESCRIPTION) {
    shown--;
  }
  return shown === ports.length && text(ports.join(',')).length <= MAX_RULE_DESCRIPTION
    ? text(ports.join(','))
    : text(`${ports.slice(0, shown).join(',')},… (${ports.length} ranges)`);
}

/** The rule key for a protocol and ports: `tcp-22`, `udp-2200-2299_53`. */
function ruleKey(protocol: 'Tcp' | 'Udp', ports: readonly string[]): string {
  return `${protocol.toLowerCase()}-${ports.join('_')}`;
}

/** NSG port ranges of a set of ports, sorted: `22`, `2200-2299`. */
function nsgPorts(ports: readonly Port[]): string[] {
  return [...ports]
    .sort((a, b) => a.fromPort - b.fromPort || a.toPort - b.toPort)
    .map((p) => (p.isSinglePort ? `${p.fromPort}` : `${p.fromPort}-${p.toPort}`))
    .filter((p, i, all) => all.indexOf(p) === i);
}

function protocolsOf(protocol: Protocol): Array<'Tcp' | 'Udp'> {
  return protocol === Protocol.TCP ? ['Tcp'] : protocol === Protocol.UDP ? ['Udp'] : ['Tcp', 'Udp'];
}

function planFromDestinations(destinations: readonly ServerDestinations[]): Map<string, RulePlan> {
  if (!destinations || destinations.length === 0) {
    throw new PrivateAccessError('no destinations; give the servers\' address prefixes and ports, or use ConnectorAccessRules.forApplication(app)');
  }
  const groups = new Map<string, { protocol: 'Tcp' | 'Udp'; ports: string[]; prefixes: Set<string> }>();
  for (const d of destinations) {
    if (d.addressPrefixes.length === 0 || d.ports.length === 0) {
      throw new PrivateAccessError('a destination needs at least one address prefix and one port');
    }
    const prefixes = d.addressPrefixes.map((p) => checkPrefix('server address prefix', p));
    for (const protocol of ['Tcp', 'Udp'] as const) {
      const ports = nsgPorts(d.ports.filter((p) => protocolsOf(p.protocol).includes(protocol)));
      if (ports.length === 0) {
        continue;
      }
      const key = ruleKey(protocol, ports);
      const group = groups.get(key) ?? { protocol, ports, prefixes: new Set<string>() };
      prefixes.forEach((p) => group.prefixes.add(p));
      groups.set(key, group);
    }
  }
  return new Map(
    [...groups].map(([key, g]) => [key, { protocol: g.protocol, ports: g.ports, prefixes: () => sortPrefixes([...g.prefixes]) }]),
  );
}

/**
 * The rules of an app: one per protocol and port set, found now; the prefixes of each are read at
 * synth, and a segment added later that needs a rule the construct did not make fails validation.
 */
function planFromApplication(
  scope: Construct,
  app: IPrivateAccessApplication,
  hostAddresses: Record<string, string[]>,
): Map<string, RulePlan> {
  const hosts = new Map<string, string[]>();
  for (const [host, addresses] of Object.entries(hostAddresses)) {
    if (!Array.isArray(addresses) || addresses.length === 0) {
      throw new PrivateAccessError(`hostAddresses[${q(host)}] is empty; give the addresses the host name resolves to`);
    }
    hosts.set(host.toLowerCase().replace(/\.$/, ''), addresses.map((a) => checkPrefix(`hostAddresses[${q(host)}]`, a)));
  }
  const keysOf = (segment: ApplicationSegment) =>
    protocolsOf(segment.protocol).map((protocol) => ({ protocol, key: ruleKey(protocol, nsgPorts(segment.ports)) }));
  const prefixesOf = (segment: ApplicationSegment): string[] => {
    const d = segment.destination;
    if (d.isUnresolved) {
      throw new PrivateAccessError(
        `segment ${segment.node.path} has a destination known only at apply, so no network rule can be derived from it; use ConnectorAccessRules with explicit destinations`,
      );
    }
    if (d.destinationType === DestinationType.FQDN) {
      const addresses = hosts.get(d.host);
      if (!addresses) {
        throw new PrivateAccessError(
          `segment ${segment.node.path} goes to the host name ${q(d.host)}, which a network security rule cannot name; pass its addresses: hostAddresses: { ${q(d.host)}: ["10.x.y.z"] }`,
        );
      }
      return addresses;
    }
    return d.destinationType === DestinationType.IP_RANGE ? intervalToCidrs(d.addresses!.first, d.addresses!.last) : [d.host];
  };

  const plans = new Map<string, RulePlan>();
  for (const segment of app.segments) {
    prefixesOf(segment);
    for (const { protocol, key } of keysOf(segment)) {
      if (!plans.has(key)) {
        const ports = nsgPorts(segment.ports);
        plans.set(key, {
          protocol,
          ports,
          prefixes: () =>
            sortPrefixes(
              app.segments.filter((s) => keysOf(s).some((k) => k.key === key)).flatMap((s) => prefixesOf(s)),
            ),
        });
      }
    }
  }
  if (plans.size === 0) {
    throw new PrivateAccessError(
      `the app ${app.node.path} has no segments yet; add them before making its ConnectorAccessRules, or use explicit destinations`,
    );
  }
  scope.node.addValidation({
    validate: () => {
      const errors: string[] = [];
      for (const segment of app.segments) {
        try {
          prefixesOf(segment);
        } catch (err) {
          errors.push((err as Error).message);
          continue;
        }
        for (const { key } of keysOf(segment)) {
          if (!plans.has(key)) {
            errors.push(
              `segment ${segment.node.path} (${segment}) needs a ${key} rule, which was not made because the segment was added after these rules; make the rules after adding the app's segments, or list its ports in the rules' destinations`,
            );
          }
        }
      }
      return errors;
    },
  });
  return plans;
}

function sortPrefixes(prefixes: string[]): string[] {
  const value = (p: string) => {
    const parsed = parseIpv4(p.split('/')[0]);
    return 'address' in parsed ? parsed.address : Number.MAX_SAFE_INTEGER;
  };
  return [...new Set(prefixes)].sort((a, b) => value(a) - value(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Checks a rule name prefix: Azure allows letters, digits, `_`, `.` and `-`, 80 characters in all. */
function checkName(prefix: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/.test(prefix)) {
    throw new PrivateAccessError(
      `rule name prefix ${q(prefix)} is not 1-50 letters, digits, "_", "." or "-" starting with a letter or digit; pass namePrefix`,
    );
  }
  return prefix;
}

function checkBase(base: number): void {
  if (!Number.isInteger(base) || base < MIN_PRIORITY || base > MAX_PRIORITY) {
    throw new PrivateAccessError(`priorityBase ${q(base)} is outside ${MIN_PRIORITY}-${MAX_PRIORITY}; choose a whole number in that range`);
  }
}
