import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { Destination, DestinationType } from '../destination';
import { PrivateAccessError } from '../errors';
import { Port, Protocol } from '../port';
import { q } from './errors';
import { logText } from './log-text';
import { TOKEN_LOOKALIKE_REFUSED, tokenLookalike } from './text';

/** Migrate2GSA's columns, in its order. */
export const MIGRATE2GSA_COLUMNS = [
  'SegmentId',
  'OriginalAppName',
  'EnterpriseAppName',
  'destinationHost',
  'DestinationType',
  'Protocol',
  'Ports',
  'SegmentGroup',
  'ServerGroups',
  'EntraGroups',
  'EntraUsers',
  'ConnectorGroup',
  'Conflict',
  'ConflictingEnterpriseApp',
  'Provision',
  'isQuickAccess',
] as const;

/** The columns a file must have (older files lack `isQuickAccess`, which then means no). */
const REQUIRED_COLUMNS = ['EnterpriseAppName', 'destinationHost', 'DestinationType', 'Protocol', 'Ports', 'ConnectorGroup', 'Provision', 'EntraGroups', 'EntraUsers'];

/** What converters leave where they could not fill a value in (`Placeholder_Replace_Me`). */
const PLACEHOLDER = /_Replace_Me\s*$/i;

/** One record of the file: its fields by column, and how messages name it. */
export interface CsvRow {
  /** Its `SegmentId`, or `line N` without one (or with one that is not plain text). */
  readonly label: string;
  /**
   * The fields by column name (missing columns read as empty). A map without a prototype, so that a
   * column or value named `constructor` or `__proto__` is only text.
   */
  readonly fields: { [column: string]: string };
}

/** A `SegmentId` that messages and the review may show as it is: printable, on one line, short. */
const PLAIN_LABEL = /^[\x21-\x7e](?:[\x20-\x7e]{0,98}[\x21-\x7e])?$/;

/** A problem with one row, naming the column. */
export interface RowProblem {
  readonly row: string;
  readonly column?: string;
  readonly message: string;
}

/** A row, read: what it declares, in the library's types. */
export interface InventoryRow {
  readonly label: string;
  readonly application: string;
  readonly quickAccess: boolean;
  /** The destination; a DNS suffix for a Private DNS row. */
  readonly destination: Destination;
  /** The ports, on the row's protocol; empty for a DNS suffix. */
  readonly ports: Port[];
  readonly protocol?: Protocol;
  readonly groups: string[];
  readonly users: string[];
  readonly connectorGroup: string;
}

/**
 * Reads the records of a Migrate2GSA CSV: quoted fields, embedded commas and quotes, a UTF-8 BOM
 * and CRLF line ends are read by csv-parse. A file that is not such a CSV (a missing column, a
 * broken quote) fails at once; problems of single rows are for `readRow`.
 *
 * @param text the file's text
 * @param file the file's name, for messages
 */
export function readRecords(text: string, file: string): CsvRow[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: false }) as never;
  } catch (err) {
    throw new PrivateAccessError(`${file} is not a readable CSV: ${(err as Error).message}`);
  }
  if (records.length === 0) {
    throw new PrivateAccessError(`${file} is empty; expected Migrate2GSA's header row (${MIGRATE2GSA_COLUMNS.join(',')}) and one row per segment`);
  }
  const header = records[0].record.map((h) => h.trim());
  // A column given twice would have its second cells silently win over the first.
  const seen = new Map<string, number>();
  for (const [i, column] of header.entries()) {
    if (column === '') {
      continue; // a trailing separator in the header: an unnamed column, never read
    }
    if (seen.has(column)) {
      throw new PrivateAccessError(
        `${file} has the column ${logText(column)} twice (columns ${seen.get(column)! + 1} and ${i + 1}), so it is not clear which of its cells count; keep one`,
      );
    }
    seen.set(column, i);
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new PrivateAccessError(
      `${file} lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; a Migrate2GSA CSV has the header ${MIGRATE2GSA_COLUMNS.join(',')}`,
    );
  }
  return records.slice(1).map(({ record, info }) => {
    const fields: { [column: string]: string } = Object.create(null);
    header.forEach((column, i) => {
      if (column !== '') {
        fields[column] = (record[i] ?? '').trim();
      }
    });
    const id = fields.SegmentId ?? '';
    return { label: PLAIN_LABEL.test(id) && tokenLookalike(id) === undefined ? id : `line ${info.lines}`, fields };
  });
}

/** Whether the row is to be provisioned (`Provision` `Yes`), or a problem with the value. */
export function isProvisioned(row: CsvRow): boolean | RowProblem {
  const value = row.fields.Provision.toLowerCase();
  if (value === 'yes' || value === 'no') {
    return value === 'yes';
  }
  return { row: row.label, column: 'Provision', message: `${q(row.fields.Provision)} is neither Yes nor No` };
}

/**
 * Reads one provisioned row into the library's types, or lists what is wrong with it (every
 * problem of the row, each naming its column).
 */
export function readRow(row: CsvRow): InventoryRow | RowProblem[] {
  const problems: RowProblem[] = [];
  const fail = (column: string, message: string) => problems.push({ row: row.label, column, message });
  const f = row.fields;
  for (const [column, value] of Object.entries(f)) {
    if (PLACEHOLDER.test(value)) {
      fail(column, `${q(value)} is a placeholder a converter left; put the real value in before deploying (a file with placeholders must not deploy)`);
    }
    const token = tokenLookalike(value);
    if (token !== undefined) {
      fail(column, `${q(value)} holds ${q(token)}, ${TOKEN_LOOKALIKE_REFUSED}`);
    }
  }
  if (problems.length > 0) {
    return problems;
  }
  const quick = (f.isQuickAccess ?? '').toLowerCase();
  if (!['', 'yes', 'no'].includes(quick)) {
    fail('isQuickAccess', `${q(f.isQuickAccess)} is neither yes, no nor empty`);
  }
  const quickAccess = quick === 'yes';
  if ((f.Conflict ?? '').toLowerCase() === 'yes') {
    fail(
      'Conflict',
      `the converter found that this segment overlaps ${f.ConflictingEnterpriseApp ? q(f.ConflictingEnterpriseApp) : 'another one'}, which Private Access rejects; narrow or remove one of them, or set Provision to No`,
    );
  }
  if (!f.EnterpriseAppName) {
    fail('EnterpriseAppName', 'is empty; name the enterprise app the segment belongs to');
  }
  // An empty ConnectorGroup is the tenant's default group, as Microsoft's provisioning script reads it.
  const destination = readDestination(f.destinationHost, f.DestinationType, fail);
  const suffix = destination?.destinationType === DestinationType.DNS_SUFFIX;
  if (suffix && !quickAccess) {
    fail('DestinationType', 'dnsSuffix is for the Quick Access app only; set isQuickAccess to yes, or use FQDN with a wildcard ("*.corp.contoso.com") for an enterprise app');
  }
  // A DNS suffix has no ports and no protocol: Migrate2GSA ignores them, and so does this.
  const protocol = suffix ? undefined : readProtocol(f.Protocol, fail);
  const ports = suffix || !protocol ? [] : readPorts(f.Ports, protocol, fail);
  if (problems.length > 0 || !destination) {
    return problems;
  }
  return {
    label: row.label,
    application: f.EnterpriseAppName,
    quickAccess,
    destination,
    ports,
    protocol,
    groups: splitList(f.EntraGroups),
    users: splitList(f.EntraUsers),
    connectorGroup: f.ConnectorGroup,
  };
}

type Fail = (column: string, message: string) => void;

const DESTINATION_TYPES: { [lowerCase: string]: (host: string) => Destination } = {
  ipaddress: (host) => Destination.ipAddress(host),
  iprangecidr: (host) => Destination.cidr(host),
  iprange: (host) => {
    const [first, last, ...rest] = host.split('..');
    if (last === undefined || rest.length > 0) {
      const hyphen = /^\s*([\d.]+)\s*-\s*([\d.]+)\s*$/.exec(host);
      throw new PrivateAccessError(
        hyphen ? `${q(host)} writes the range with a hyphen, which Graph rejects; write "${hyphen[1]}..${hyphen[2]}"` : `${q(host)} is not a range "first..last"`,
      );
    }
    return Destination.ipRange(first.trim(), last.trim());
  },
  fqdn: (host) => Destination.fqdn(host),
  dnssuffix: (host) => Destination.dnsSuffix(host),
};

function readDestination(host: string, type: string, fail: Fail): Destination | undefined {
  if (!host) {
    fail('destinationHost', 'is empty');
    return undefined;
  }
  const make = Object.prototype.hasOwnProperty.call(DESTINATION_TYPES, type.toLowerCase()) ? DESTINATION_TYPES[type.toLowerCase()] : undefined;
  if (!make) {
    fail('DestinationType', `${q(type)} is not one of ipAddress, ipRangeCidr, ipRange, FQDN, dnsSuffix`);
    return undefined;
  }
  // The service infers the stored type from the host, so a type that does not match it would
  // drift forever: say so rather than report the host as malformed for the wrong type.
  if (type.toLowerCase() !== 'dnssuffix') {
    let inferred: DestinationType | undefined;
    try {
      inferred = Destination.parse(host).destinationType;
    } catch {
      inferred = undefined;
    }
    if (inferred !== undefined && TYPE_NAMES[inferred].toLowerCase() !== type.toLowerCase()) {
      fail('DestinationType', `${q(type)} does not match ${q(host)}, which is ${TYPE_NAMES[inferred]}`);
      return undefined;
    }
  }
  try {
    return make(host);
  } catch (err) {
    fail('destinationHost', (err as Error).message);
    return undefined;
  }
}

function readProtocol(text: string, fail: Fail): Protocol | undefined {
  const words = text
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean)
    .sort();
  const protocol = words.join(',') === 'tcp' ? Protocol.TCP : words.join(',') === 'udp' ? Protocol.UDP : words.join(',') === 'tcp,udp' ? Protocol.TCP_UDP : undefined;
  if (!protocol) {
    fail('Protocol', `${q(text)} is not TCP, UDP or "TCP,UDP"`);
  }
  return protocol;
}

function readPorts(text: string, protocol: Protocol, fail: Fail): Port[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) {
    fail('Ports', 'is empty; give ports such as "22" or "443, 8080-8081"');
    return [];
  }
  const ports: Port[] = [];
  for (const part of parts) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) {
      fail('Ports', `${q(part)} is not a port or a range "from-to"`);
      continue;
    }
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    try {
      ports.push(PORT_FACTORIES[protocol](from, to));
    } catch (err) {
      fail('Ports', (err as Error).message);
    }
  }
  return ports;
}

const PORT_FACTORIES: Record<Protocol, (from: number, to: number) => Port> = {
  [Protocol.TCP]: (a, b) => Port.tcpRange(a, b),
  [Protocol.UDP]: (a, b) => Port.udpRange(a, b),
  [Protocol.TCP_UDP]: (a, b) => Port.tcpUdpRange(a, b),
};

function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Migrate2GSA's spelling of each destination type. */
export const TYPE_NAMES: Record<DestinationType, string> = {
  [DestinationType.IP_ADDRESS]: 'ipAddress',
  [DestinationType.CIDR]: 'ipRangeCidr',
  [DestinationType.IP_RANGE]: 'ipRange',
  [DestinationType.FQDN]: 'FQDN',
  [DestinationType.DNS_SUFFIX]: 'dnsSuffix',
};

/** Migrate2GSA's spelling of each protocol. */
export const PROTOCOL_NAMES: Record<Protocol, string> = {
  [Protocol.TCP]: 'TCP',
  [Protocol.UDP]: 'UDP',
  [Protocol.TCP_UDP]: 'TCP,UDP',
};

/** The CSV text of rows in Migrate2GSA's columns, CRLF-terminated as Excel and PowerShell write it. */
export function writeCsv(rows: Array<{ [column: string]: string }>): string {
  return stringify(
    rows.map((r) => MIGRATE2GSA_COLUMNS.map((c) => r[c] ?? '')),
    { header: true, columns: [...MIGRATE2GSA_COLUMNS], record_delimiter: 'windows' },
  );
}
