import { Destination } from './destination';
import { findOverlaps, SegmentShape, TCP, UDP } from './private/overlap';

/** What Terraform would do to one address when the program changes from one synth to the next. */
export enum ChangeAction {
  /** A new object. */
  CREATE = 'create',
  /** The same object, changed in place. */
  UPDATE = 'update',
  /** The object is destroyed and made again: an attribute that forces replacement changed. */
  REPLACE = 'replace',
  /** The object is destroyed. */
  DESTROY = 'destroy',
}

/** One address that changes. */
export interface PlannedChange {
  /** The Terraform address, `type.name`. */
  readonly address: string;
  /** What happens to it. */
  readonly action: ChangeAction;
  /** The attributes that changed (for a replacement: those that force it). */
  readonly attributes: string[];
  /** With a `moved` block: the address the object moves from. */
  readonly movedFrom?: string;
}

/** Something in a change that can make the apply fail or cost more than it seems. */
export enum ChangeHazardKind {
  /** A segment is created while an overlapping one is destroyed in the same apply. */
  OVERLAPPING_SEGMENT = 'overlapping-segment',
  /** A network security rule takes a priority that another rule of the same NSG held before. */
  NSG_PRIORITY = 'nsg-priority',
  /** A virtual machine is replaced (a connector host: its registration token has usually expired). */
  VM_REPLACED = 'vm-replaced',
  /** Something the edit did not mean to touch is replaced. */
  REPLACEMENT = 'replacement',
}

/** One hazard, with the addresses involved. */
export interface ChangeHazard {
  /** The kind of hazard. */
  readonly kind: ChangeHazardKind;
  /** What happens and why it matters. */
  readonly message: string;
  /** The addresses involved. */
  readonly addresses: string[];
}

/** The changes between two synthesized stacks, and their hazards. */
export interface ChangeSafetyReport {
  /** Every address that changes, sorted by address. */
  readonly changes: PlannedChange[];
  /** The hazards found. */
  readonly hazards: ChangeHazard[];
}

/**
 * The attributes that force replacement, per resource type, read from the providers' schemas
 * (`ForceNew`) for the resources this library makes. Others change in place.
 */
const FORCES_REPLACEMENT: Record<string, readonly string[]> = {
  msgraph_resource: ['url'],
  msgraph_update_resource: ['url'],
  msgraph_resource_action: ['resource_url', 'method'],
  azuread_application_from_template: ['template_id'],
  azuread_app_role_assignment: ['app_role_id', 'principal_object_id', 'resource_object_id'],
  azurerm_windows_virtual_machine: [
    'name',
    'computer_name',
    'location',
    'resource_group_name',
    'zone',
    'admin_username',
    'admin_password',
    'source_image_reference',
    'secure_boot_enabled',
    'vtpm_enabled',
    'availability_set_id',
  ],
  azurerm_network_interface: ['name', 'location', 'resource_group_name'],
  azurerm_network_security_rule: ['name', 'resource_group_name', 'network_security_group_name'],
  azurerm_virtual_machine_extension: ['name', 'virtual_machine_id', 'publisher', 'type'],
  azurerm_application_security_group: ['name', 'location', 'resource_group_name'],
  azurerm_network_interface_application_security_group_association: ['network_interface_id', 'application_security_group_id'],
};

/** Keys of a resource body that are not attributes of the object. */
const NOT_ATTRIBUTES = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'timeouts', 'retry', 'count', 'for_each']);

type Resources = Map<string, Record<string, unknown>>;

/**
 * Compares two synthesized stacks (`cdk.tf.json` as parsed JSON, such as `PlanReview.synthSnapshot` returns)
 * and says what Terraform would create, update in place, replace or destroy, using what forces
 * replacement in the providers (msgraph `url`; azurerm VM `zone`, `name`…; a rule's `name`;
 * an assignment's principal), and which hazards the change has: an overlapping segment created
 * while another is destroyed, an NSG priority taken while its holder is destroyed or moved, a VM
 * replaced. `moved` blocks are followed. Data sources, variables and outputs are not compared.
 *
 * This is a reading of the configuration, not a plan: it cannot see drift in the tenant. Use it in
 * tests of everyday edits, so that a refactor that would replace real objects fails in CI.
 *
 * @example
 * const report = ChangeSafety.compare(PlanReview.synthSnapshot(before), PlanReview.synthSnapshot(after));
 * expect(report.hazards).toEqual([]);
 * expect(report.changes.filter((c) => c.action === ChangeAction.REPLACE)).toEqual([]);
 */
export class ChangeSafety {
  /**
   * The changes from `before` to `after`, and their hazards.
   *
   * @param before the synthesized stack as deployed
   * @param after the synthesized stack after the edit
   */
  public static compare(before: Record<string, any>, after: Record<string, any>): ChangeSafetyReport {
    const old = resourcesOf(before);
    const next = resourcesOf(after);
    const movedTo = new Map<string, string>(
      (Array.isArray(after.moved) ? after.moved : [])
        .filter((m: any) => old.has(m.from) && next.has(m.to) && !old.has(m.to))
        .map((m: any) => [m.to, m.from]),
    );
    const movedAway = new Set(movedTo.values());
    const changes: PlannedChange[] = [];
    for (const [address, body] of next) {
      const from = movedTo.get(address);
      const previous = old.get(from ?? address);
      if (!previous || (from === undefined && movedAway.has(address))) {
        changes.push({ address, action: ChangeAction.CREATE, attributes: [] });
        continue;
      }
      const changed = changedAttributes(previous, body);
      const forcing = changed.filter((a) => (FORCES_REPLACEMENT[typeOf(address)] ?? []).includes(a));
      if (forcing.length > 0) {
        changes.push({ address, action: ChangeAction.REPLACE, attributes: forcing, ...(from ? { movedFrom: from } : {}) });
      } else if (changed.length > 0 || from) {
        changes.push({ address, action: ChangeAction.UPDATE, attributes: changed, ...(from ? { movedFrom: from } : {}) });
      }
    }
    for (const address of old.keys()) {
      if (!next.has(address) && !movedAway.has(address)) {
        changes.push({ address, action: ChangeAction.DESTROY, attributes: [] });
      }
    }
    changes.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    return { changes, hazards: [...segmentHazards(changes, old, next), ...priorityHazards(changes, old, next), ...replacementHazards(changes)] };
  }

  private constructor() {}
}

function typeOf(address: string): string {
  return address.slice(0, address.indexOf('.'));
}

function resourcesOf(tf: Record<string, any>): Resources {
  const out: Resources = new Map();
  for (const [type, items] of Object.entries<Record<string, Record<string, unknown>>>(tf?.resource ?? {})) {
    for (const [name, body] of Object.entries(items)) {
      out.set(`${type}.${name}`, body);
    }
  }
  return out;
}

function changedAttributes(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => !NOT_ATTRIBUTES.has(k)));
  return [...keys].filter((k) => stable(before[k]) !== stable(after[k])).sort();
}

/** JSON with sorted keys, so that key order never counts as a change. */
function stable(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stable).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const PROTOCOL_BITS: Record<string, number> = { tcp: TCP, udp: UDP, 'tcp,udp': TCP | UDP };

/** A segment body as an overlap shape, or undefined when it is not a segment or holds a reference. */
function segmentShape(body: Record<string, any> | undefined): SegmentShape | undefined {
  const b = body?.body;
  if (!b || !String(body?.url ?? '').endsWith('/applicationSegments') || JSON.stringify(b).includes('${')) {
    return undefined;
  }
  try {
    const d = Destination.parse(String(b.destinationHost));
    const ports = (b.ports as string[]).map((p) => p.split('-').map(Number) as unknown as readonly [number, number]);
    const destination = d.addresses
      ? { kind: 'ip' as const, first: d.addresses.first, last: d.addresses.last }
      : { kind: d.isWildcard ? ('wildcard' as const) : ('host' as const), host: d.host };
    return { protocols: PROTOCOL_BITS[b.protocol] ?? 0, ports, destination };
  } catch {
    return undefined;
  }
}

/** A segment created while an overlapping one is destroyed: Graph rejects the create if it runs first. */
function segmentHazards(changes: readonly PlannedChange[], old: Resources, next: Resources): ChangeHazard[] {
  const created = changes.filter((c) => c.action === ChangeAction.CREATE).map((c) => ({ c, shape: segmentShape(next.get(c.address)) }));
  const destroyed = changes.filter((c) => c.action === ChangeAction.DESTROY).map((c) => ({ c, shape: segmentShape(old.get(c.address)) }));
  const hazards: ChangeHazard[] = [];
  for (const n of created.filter((x) => x.shape)) {
    for (const o of destroyed.filter((x) => x.shape)) {
      if (findOverlaps([n.shape!, o.shape!]).length > 0) {
        hazards.push({
          kind: ChangeHazardKind.OVERLAPPING_SEGMENT,
          message: `segment ${n.c.address} is created while ${o.c.address}, which overlaps it, is destroyed in the same apply; Graph rejects the create until the destroy has run (the library retries for 5 minutes)`,
          addresses: [n.c.address, o.c.address],
        });
      }
    }
  }
  return hazards;
}

/** A network security rule that takes a priority another rule of the same NSG and direction held before. */
function priorityHazards(changes: readonly PlannedChange[], old: Resources, next: Resources): ChangeHazard[] {
  const slot = (r: Record<string, any>) => `${r.resource_group_name}/${r.network_security_group_name}/${r.direction}/${r.priority}`;
  const holders = new Map<string, string>();
  for (const [address, r] of old) {
    if (typeOf(address) === 'azurerm_network_security_rule') {
      holders.set(slot(r), address);
    }
  }
  const touched = new Set(changes.map((c) => c.movedFrom ?? c.address));
  const hazards: ChangeHazard[] = [];
  for (const c of changes.filter((x) => typeOf(x.address) === 'azurerm_network_security_rule' && x.action !== ChangeAction.DESTROY)) {
    const holder = holders.get(slot(next.get(c.address)!));
    if (holder && holder !== (c.movedFrom ?? c.address) && touched.has(holder)) {
      hazards.push({
        kind: ChangeHazardKind.NSG_PRIORITY,
        message: `rule ${c.address} takes priority ${(next.get(c.address) as any).priority}, which ${holder} holds until it is changed or destroyed in the same apply; Azure rejects the second rule with that priority if it comes first`,
        addresses: [c.address, holder],
      });
    }
  }
  return hazards;
}

function replacementHazards(changes: readonly PlannedChange[]): ChangeHazard[] {
  return changes
    .filter((c) => c.action === ChangeAction.REPLACE)
    .map((c) =>
      typeOf(c.address) === 'azurerm_windows_virtual_machine'
        ? {
            kind: ChangeHazardKind.VM_REPLACED,
            message: `virtual machine ${c.address} is replaced (${c.attributes.join(', ')} changed): the connector host is rebuilt and needs a fresh registration token`,
            addresses: [c.address],
          }
        : {
            kind: ChangeHazardKind.REPLACEMENT,
            message: `${c.address} is replaced (${c.attributes.join(', ')} changed)`,
            addresses: [c.address],
          },
    );
}
