import * as fs from 'fs';
import * as path from 'path';
import { Annotations, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ApplicationSegment } from './application-segment';
import { ConnectorGroup, IConnectorGroup } from './connector-group';
import { DestinationType } from './destination';
import { PrivateAccessError } from './errors';
import { failAt, q } from './private/errors';
import { logLine } from './private/log-text';
import { InventoryRow, isProvisioned, PROTOCOL_NAMES, readRecords, readRow, RowProblem, TYPE_NAMES, writeCsv } from './private/migrate2gsa';
import { setOrigin } from './private/origins';
import { quickAccessFacts } from './private/quick-access';
import { PrivateAccessRegistry } from './private/registry';
import { Principal, PrincipalType } from './principal';
import { PrivateAccessApplication } from './private-access-application';
import { PrivateAccessApplicationBase } from './private-access-application-base';
import { QuickAccessApplication } from './quick-access-application';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where a Migrate2GSA CSV comes from, and how to connect its apps. */
export interface Migrate2GsaCsvProps {
  /**
   * The CSV file to read. Only its name appears in the output (the review), so synthesis is the
   * same on every machine.
   *
   * @default - `text` is given instead
   */
  readonly file?: string;

  /**
   * The CSV's text.
   *
   * @default - `file` is given instead
   */
  readonly text?: string;

  /**
   * Connector groups by the name the `ConnectorGroup` column gives them. A name that is not here is
   * looked up in the tenant when Terraform plans (`ConnectorGroup.fromConnectorGroupName`), and a
   * GUID is taken as the group's ID.
   *
   * @default - every group is looked up by name
   */
  readonly connectorGroups?: { [name: string]: IConnectorGroup };

  /**
   * The Quick Access app the file's Quick Access rows (`isQuickAccess` yes) go to, such as
   * `QuickAccessApplication.fromExisting(...)` when the tenant has one.
   *
   * @default - a new Quick Access app, named after the rows' `EnterpriseAppName`, when the file has such rows
   */
  readonly quickAccess?: QuickAccessApplication;
}

/**
 * A Private Access estate read from a Migrate2GSA CSV, Microsoft's interchange format for Private
 * Access configurations: what its converters (Zscaler ZPA, Netskope NPA, Citrix) and its tenant
 * export write, and its provisioning script reads. A migration then goes converter → CSV →
 * reviewed, tested Terraform.
 *
 * One `PrivateAccessApplication` per `EnterpriseAppName`, in file order, with a segment per
 * destination and protocol (rows of one app to one destination and protocol are merged), the
 * `EntraGroups` and `EntraUsers` assigned, and the `ConnectorGroup` linked; rows with
 * `isQuickAccess` yes go to the Quick Access app, with `dnsSuffix` rows as its DNS suffixes; rows
 * with `Provision` No are skipped.
 *
 * Every problem of every row is a synth error naming the file, the row (its `SegmentId`, or its
 * line) and the column, so one synth lists them all: converters' `_Replace_Me` placeholders, unknown
 * destination types, bad hosts or ports, `dnsSuffix` outside Quick Access, an app whose rows name
 * different connector groups, rows the converter marked as conflicting. Overlaps are the library's
 * own check, which names both rows.
 *
 * @see https://github.com/microsoft/GlobalSecureAccess/tree/main/Migrate2GSA
 *
 * @example
 * const inventory = PrivateAccessInventory.fromMigrate2GsaCsv(this, 'Migrated', {
 *   file: path.join(__dirname, 'zpa-converted.csv'),
 *   connectorGroups: { 'EU connectors': euConnectors },
 * });
 * new PrivateAccessConditionalAccessPolicy(this, 'Mfa', { displayName: 'Migrated apps: MFA', applications: inventory.applications });
 */
export class PrivateAccessInventory extends Construct {
  /**
   * Reads a Migrate2GSA CSV into Private Access apps (and the Quick Access app) under a new
   * inventory construct.
   *
   * @param scope the scope
   * @param id the construct id; the apps' ids derive from their names under it
   * @param props the file or its text, and the connector groups
   */
  public static fromMigrate2GsaCsv(scope: Construct, id: string, props: Migrate2GsaCsvProps): PrivateAccessInventory {
    return new PrivateAccessInventory(scope, id, props);
  }

  /**
   * The CSV of every Private Access app and the Quick Access app in the cdktf App that `scope`
   * belongs to, in Migrate2GSA's columns with one row per segment (and per DNS suffix), so that
   * Microsoft's tooling and a spreadsheet read what the code deploys. Reading it back with
   * `fromMigrate2GsaCsv` gives the same apps, segments, ports and assignments.
   *
   * Principals and connector groups are written by name where the program knows one, else by
   * object ID (which `fromMigrate2GsaCsv` reads back; Microsoft's provisioning script expects
   * names). Call it once the program is built.
   *
   * @param scope any construct of the cdktf App
   */
  public static toMigrate2GsaCsv(scope: IConstruct): string {
    const rows: Array<{ [column: string]: string }> = [];
    // The file names an app by its display name: two enterprise apps of one name would read back
    // as one app, each with the other's segments and users.
    const byName = new Map<string, PrivateAccessApplicationBase>();
    for (const app of PrivateAccessRegistry.of(scope).applications) {
      const appRows = exportRows(app, rows.length);
      const name = appRows[0]?.EnterpriseAppName;
      const other = name === undefined || appRows[0].isQuickAccess === 'yes' ? undefined : byName.get(name);
      if (other) {
        throw new PrivateAccessError(
          `${app.node.path}: ${other.node.path} has the same display name ${q(name)}; a Migrate2GSA CSV names an app by its display name, so reading the file back would merge the two apps into one (each with the other's segments and users): rename one, so the file can be written`,
        );
      }
      if (name !== undefined && appRows[0].isQuickAccess !== 'yes') {
        byName.set(name, app);
      }
      rows.push(...appRows);
    }
    return writeCsv(rows);
  }

  /** The enterprise apps read from the file, one per `EnterpriseAppName`, in file order. */
  public readonly applications: PrivateAccessApplication[] = [];

  /** The Quick Access app the Quick Access rows went to, if the file has any. */
  public readonly quickAccess?: QuickAccessApplication;

  /** The file's name (or `(text)`), as messages and the review give it. */
  public readonly source: string;

  private constructor(scope: Construct, id: string, props: Migrate2GsaCsvProps) {
    super(scope, id);
    if ((props.file === undefined) === (props.text === undefined)) {
      failAt(this, 'give exactly one of `file` (a path) and `text` (the CSV itself)');
    }
    this.source = props.file !== undefined ? path.basename(props.file) : '(text)';
    let text: string;
    try {
      text = props.text ?? fs.readFileSync(props.file!, 'utf8');
    } catch (err) {
      throw failAt(this, `cannot read ${q(props.file)}: ${(err as Error).message}`);
    }
    let records;
    try {
      records = readRecords(text, this.source);
    } catch (err) {
      throw failAt(this, (err as Error).message);
    }

    const problems: RowProblem[] = [];
    const rows: InventoryRow[] = [];
    let skipped = 0;
    for (const record of records) {
      const provisioned = isProvisioned(record);
      if (provisioned === false) {
        skipped++;
        continue;
      }
      const read = provisioned === true ? readRow(record) : [provisioned];
      if (Array.isArray(read)) {
        problems.push(...read);
      } else {
        rows.push(read);
      }
    }

    if (skipped > 0 && skipped === records.length) {
      Annotations.of(this).addWarning(
        logLine(`${this.source}: every row (${skipped}) has Provision No, so nothing is deployed; set Provision to Yes on the rows to deploy`),
      );
    }

    const groups = new Map<string, IConnectorGroup>();
    const connectorGroup = (name: string): IConnectorGroup => {
      // Only the map's own entries: a cell such as `constructor` must not read Object.prototype.
      const given = props.connectorGroups !== undefined && Object.prototype.hasOwnProperty.call(props.connectorGroups, name) ? props.connectorGroups[name] : undefined;
      let group = given ?? groups.get(name);
      if (!group && name === '') {
        // Rows without a connector group: the tenant's default group, as Microsoft's script assigns.
        group = ConnectorGroup.fromTenantDefault(this, 'ConnectorGroup-tenant-default');
        groups.set(name, group);
      }
      if (!group) {
        const groupId = `ConnectorGroup-${name.replace(/\//g, '%2F')}`;
        group = GUID.test(name) ? ConnectorGroup.fromConnectorGroupId(this, groupId, name) : ConnectorGroup.fromConnectorGroupName(this, groupId, name);
        groups.set(name, group);
      }
      return group;
    };

    // Group the rows per app in file order (the Quick Access rows apart, whatever their app's name),
    // and check each app's rows agree on the connector group.
    const QUICK_ACCESS = Symbol('quick-access');
    const byApp = new Map<string | typeof QUICK_ACCESS, InventoryRow[]>();
    for (const row of rows) {
      const key = row.quickAccess ? QUICK_ACCESS : row.application;
      byApp.set(key, [...(byApp.get(key) ?? []), row]);
    }
    for (const [key, appRows] of byApp) {
      const names = [...new Set(appRows.map((r) => r.connectorGroup))];
      const what = key === QUICK_ACCESS ? 'the Quick Access rows' : `app ${q(key)}`;
      if (names.length > 1) {
        problems.push({
          row: appRows.map((r) => r.label).join(', '),
          column: 'ConnectorGroup',
          message: `${what} name different connector groups (${names.map((n) => q(n)).join(', ')}); an app has one: give all its rows the same group, or split the app`,
        });
        continue;
      }
      if (key === QUICK_ACCESS) {
        const displayNames = [...new Set(appRows.map((r) => r.application))];
        if (displayNames.length > 1) {
          Annotations.of(this).addWarning(
            logLine(`${this.source}: the Quick Access rows name the app ${displayNames.map((n) => q(n)).join(', ')}; a tenant has one Quick Access app, and all of them go to it`),
          );
        }
        // A tenant has one Quick Access app, which Microsoft's provisioning script adds to: the
        // rows go to the tenant's (found by its tag when Terraform plans), never to a second one.
        this.quickAccess = props.quickAccess ?? QuickAccessApplication.fromExisting(this, 'QuickAccess', { connectorGroup: connectorGroup(names[0]) });
        this.fill(this.quickAccess, appRows, problems);
      } else {
        let app: PrivateAccessApplication;
        const constructId = key.replace(/\//g, '%2F');
        const clash = this.node.tryFindChild(constructId);
        if (clash) {
          problems.push({
            row: appRows.map((r) => r.label).join(', '),
            column: 'EnterpriseAppName',
            message: `the app ${q(key)} would have the construct id ${q(constructId)} of ${clash.node.path}; rename one of them`,
          });
          continue;
        }
        try {
          app = new PrivateAccessApplication(this, constructId, { displayName: key, connectorGroup: connectorGroup(names[0]) });
        } catch (err) {
          problems.push({ row: appRows.map((r) => r.label).join(', '), column: 'EnterpriseAppName', message: messageOf(err) });
          continue;
        }
        this.applications.push(app);
        this.fill(app, appRows, problems);
      }
    }

    const where = (rows: string) => (rows.includes(', ') ? `rows ${rows}` : rows.startsWith('line ') ? rows : `row ${rows}`);
    // One line each, whatever the cells held (q() leaves line separators and bidirectional controls).
    const messages = problems.map((p) => logLine(`${this.source}, ${where(p.row)}${p.column ? `, column ${p.column}` : ''}: ${p.message}`));
    this.node.addValidation({ validate: () => messages });
  }

  /** Adds the rows' segments, DNS suffixes and principals to `app`, and records where they came from. */
  private fill(app: PrivateAccessApplicationBase, rows: InventoryRow[], problems: RowProblem[]): void {
    setOrigin(app, { file: this.source, rows: rows.map((r) => r.label) });
    const bySegment = new Map<string, InventoryRow[]>();
    for (const row of rows) {
      const key = `${row.destination.destinationType}|${row.destination.host}|${row.protocol ?? ''}`;
      bySegment.set(key, [...(bySegment.get(key) ?? []), row]);
    }
    for (const segmentRows of bySegment.values()) {
      const [first] = segmentRows;
      const labels = segmentRows.map((r) => r.label);
      try {
        if (first.destination.destinationType === DestinationType.DNS_SUFFIX) {
          const suffix = (app as QuickAccessApplication).addDnsSuffix(first.destination.host);
          setOrigin(suffix, { file: this.source, rows: labels });
        } else {
          const made: ApplicationSegment[] = app.addSegment({ destination: first.destination, ports: segmentRows.flatMap((r) => r.ports) });
          made.forEach((segment) => setOrigin(segment, { file: this.source, rows: labels }));
        }
      } catch (err) {
        problems.push({ row: labels.join(', '), column: segmentRows.length > 1 ? 'Ports' : 'destinationHost', message: messageOf(err) });
      }
    }
    for (const row of rows) {
      for (const [column, names, make] of [
        ['EntraGroups', row.groups, (n: string) => (GUID.test(n) ? Principal.groupId(n) : Principal.group(n))],
        ['EntraUsers', row.users, (n: string) => (GUID.test(n) ? Principal.userId(n) : Principal.user(n))],
      ] as const) {
        for (const name of names) {
          try {
            app.grantAccess(make(name));
          } catch (err) {
            problems.push({ row: row.label, column, message: messageOf(err) });
          }
        }
      }
    }
  }
}

/** An error's message without the construct path the library put in front (the row names the place). */
function messageOf(err: unknown): string {
  if (!(err instanceof PrivateAccessError)) {
    throw err;
  }
  return err.constructPath !== undefined && err.message.startsWith(`${err.constructPath}: `) ? err.message.slice(err.constructPath.length + 2) : err.message;
}

/** The rows of one app: one per segment and per DNS suffix, in Migrate2GSA's columns. */
function exportRows(app: PrivateAccessApplicationBase, before: number): Array<{ [column: string]: string }> {
  const fail = (what: string): never => {
    throw new PrivateAccessError(`${app.node.path}: ${what}, so the app cannot be written to a Migrate2GSA CSV`);
  };
  const quick = quickAccessFacts(app);
  const name = quick?.existing ? 'Quick Access' : app.displayName;
  if (isUnresolved(name)) {
    fail('the display name is known only at apply');
  }
  const principals = app.assignments.map((a) => a.principal);
  const principalText = (type: PrincipalType) =>
    principals
      .filter((p) => p.principalType === type)
      .map((p) => p.name ?? p.objectId ?? fail(`${p} has no name or object ID known at synth`))
      .map((text) => listItem(text, type === PrincipalType.GROUP ? 'group name' : 'user principal name', fail))
      .join('; ');
  const group = app.connectorGroup;
  const groupText = !group
    ? ''
    : group.connectorGroupName !== undefined && !isUnresolved(group.connectorGroupName)
      ? group.connectorGroupName
      : GUID.test(group.connectorGroupId)
        ? group.connectorGroupId
        : fail(`its connector group ${group.node.path} has no name or ID known at synth`);
  cell(name, 'display name', fail);
  cell(groupText, 'connector group name', fail);
  const common = {
    OriginalAppName: name,
    EnterpriseAppName: name,
    EntraGroups: principalText(PrincipalType.GROUP),
    EntraUsers: principalText(PrincipalType.USER),
    ConnectorGroup: groupText,
    Conflict: 'No',
    Provision: 'Yes',
    isQuickAccess: quick ? 'yes' : 'no',
  };
  const rows: Array<{ [column: string]: string }> = [];
  const id = () => `SEG-${String(before + rows.length + 1).padStart(6, '0')}`;
  for (const segment of app.segments) {
    if (segment.destination.isUnresolved || segment.ports.some((p) => p.isUnresolved)) {
      fail(`the segment ${segment.node.id} is known only at apply`);
    }
    rows.push({
      ...common,
      SegmentId: id(),
      destinationHost: segment.destination.host,
      DestinationType: TYPE_NAMES[segment.destination.destinationType],
      Protocol: PROTOCOL_NAMES[segment.protocol],
      Ports: segment.ports.map((p) => (p.isSinglePort ? `${p.fromPort}` : `${p.fromPort}-${p.toPort}`)).join(', '),
    });
  }
  for (const suffix of quick?.dnsSuffixes() ?? []) {
    rows.push({ ...common, SegmentId: id(), destinationHost: suffix, DestinationType: TYPE_NAMES[DestinationType.DNS_SUFFIX], Protocol: '', Ports: '' });
  }
  return rows;
}

function isUnresolved(text: string): boolean {
  return Token.isUnresolved(text);
}

/**
 * A value as a cell holds it: reading trims every cell, so a value with white space at either end
 * would read back as another value.
 */
function cell(text: string, what: string, fail: (what: string) => never): string {
  if (text !== text.trim()) {
    fail(`the ${what} ${q(text)} starts or ends with white space, which reading the file trims away (another name)`);
  }
  return text;
}

/**
 * A name in a `;`-separated list (`EntraGroups`, `EntraUsers`): a `;` in it would read back as two
 * names, so it is refused (Migrate2GSA's format has no way to quote one).
 */
function listItem(text: string, what: string, fail: (what: string) => never): string {
  if (text.includes(';')) {
    fail(
      `the ${what} ${q(text)} contains ";", which separates names in Migrate2GSA's lists, so it would read back as ${text.split(';').length} names; assign it by object ID (Principal.groupId or Principal.userId), or rename it`,
    );
  }
  return cell(text, what, fail);
}
