import { Destination } from '../destination';
import { Port } from '../port';
import { logLine, logText } from '../private/log-text';
import { checkName, TOKEN_LOOKALIKE_REFUSED, tokenLookalike } from '../private/text';
import { TenantApp, TenantAssignment, TenantConnectorGroup, TenantSegment, TenantSnapshot } from './tenant';

/** How the program is written. */
export interface ProgramOptions {
  /** The stack's name. */
  readonly stackName: string;
  /** The Graph endpoint the tenant was read from, for the header. */
  readonly endpoint: string;
  /** The module the constructs are imported from. */
  readonly library: string;
}

/** The program, and what could not be adopted (for the CLI to report). */
export interface WrittenProgram {
  readonly text: string;
  readonly summary: string;
  /** One line each, tenant text in them escaped by `logText`. */
  readonly warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// TypeScript: the one place where text becomes program text. Every value from the tenant reaches
// the program through `tsString` (a string literal) or, inside a comment, through `tsString` and
// then `tsComment`; enum values and numbers are looked up or checked, never pasted.
// ---------------------------------------------------------------------------------------------

/**
 * What may not stand as it is in program text: controls (a newline or NUL ends a `//` comment or a
 * string), format characters (bidirectional controls that make a reviewer read code in another
 * order, zero-width characters, the BOM), the line and paragraph separators U+2028/U+2029 (line
 * ends for TypeScript), lone surrogates (not writable as UTF-8) and `*​/` (the end of a block
 * comment).
 */
const SOURCE_UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]|\*\//gu;
const SHORT_ESCAPES = new Map([
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

function escapeUnsafe(match: string): string {
  if (match === '*/') {
    return '*\\/';
  }
  const short = SHORT_ESCAPES.get(match);
  if (short !== undefined) {
    return short;
  }
  // \uXXXX per UTF-16 unit (not \u{…}, which older compilation targets refuse).
  return [...Array(match.length).keys()].map((i) => `\\u${match.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
}

/**
 * A single-quoted TypeScript string literal whose value is exactly `text`: `\` and `'` escaped,
 * and every character of `SOURCE_UNSAFE` written as an escape, so the literal stays on one line,
 * shows what it holds, and cannot end early.
 */
export function tsString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(SOURCE_UNSAFE, escapeUnsafe)}'`;
}

/** Text for a `//` comment: every character of `SOURCE_UNSAFE` escaped, so the comment cannot end. */
export function tsComment(text: string): string {
  return text.replace(SOURCE_UNSAFE, escapeUnsafe);
}

/**
 * A sentence about tenant data: our words, with every interpolated value data. In a comment each
 * value is a TypeScript string literal; in a warning, `logText`'s quoted form. Numbers are ours
 * (counts) and stay as they are; a nested `Note` renders the same way. The whole is made safe for
 * its place once more (`tsComment`, `logLine`), so our own words may carry the library's error
 * messages, which quote data as JSON does.
 */
class Note {
  constructor(
    private readonly strings: readonly string[],
    private readonly values: ReadonlyArray<string | number | Note>,
  ) {}

  /** For a `//` comment of the program. */
  public forComment(): string {
    return tsComment(this.render(tsString));
  }

  /** For a log line. */
  public forLog(): string {
    return logLine(this.render(logText));
  }

  private render(quote: (text: string) => string): string {
    return this.strings
      .map((s, i) => {
        if (i === this.values.length) {
          return s;
        }
        const v = this.values[i];
        return s + (v instanceof Note ? v.render(quote) : typeof v === 'number' ? String(v) : quote(v));
      })
      .join('');
  }
}

function note(strings: TemplateStringsArray, ...values: Array<string | number | Note>): Note {
  return new Note(strings, values);
}

/** Our own words, or a library error message (data in it quoted), to put into a note as they are. */
function ours(text: string): Note {
  return new Note([text], []);
}

// ---------------------------------------------------------------------------------------------
// What the library can declare: Graph's enum values, looked up in maps (never in plain objects,
// whose prototype answers to `constructor`).
// ---------------------------------------------------------------------------------------------

/** The template's "User" role. */
const USER_ROLE = '18d14569-c3bd-439b-9a66-3a2aee01d14f';
/** The roles an assignment to a Private Access app may have: "User", or Default Access. */
const USER_ROLES = new Set([USER_ROLE, '00000000-0000-0000-0000-000000000000']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An app role assignment ID, as the library's `adopt.assignments` accepts it. */
const ASSIGNMENT_ID = /^[A-Za-z0-9_-]{20,}$/;
const REGIONS = new Map([
  ['nam', 'NORTH_AMERICA'],
  ['eur', 'EUROPE'],
  ['aus', 'AUSTRALIA'],
  ['asia', 'ASIA'],
  ['ind', 'INDIA'],
]);
const STATES = new Map([
  ['enabled', 'ENABLED'],
  ['enabledForReportingButNotEnforced', 'REPORT_ONLY'],
  ['disabled', 'DISABLED'],
]);
const PROTOCOLS = new Map<string, { member: string; single: 'tcp' | 'udp' | 'tcpUdp'; range: 'tcpRange' | 'udpRange' | 'tcpUdpRange' }>([
  ['tcp', { member: 'TCP', single: 'tcp', range: 'tcpRange' }],
  ['udp', { member: 'UDP', single: 'udp', range: 'udpRange' }],
  ['tcp,udp', { member: 'TCP_UDP', single: 'tcpUdp', range: 'tcpUdpRange' }],
]);
const PRINCIPAL_TYPES = new Map<string, 'group' | 'user'>([
  ['Group', 'group'],
  ['User', 'user'],
]);
const GRANT_CONTROLS = new Set(['mfa', 'compliantDevice', 'domainJoinedDevice']);
/** Names the program declares itself, which no generated variable may take. */
const RESERVED_NAMES = ['app', 'stack', 'tenantDefaultGroup'];

/** A destination the library accepts, and the factory call that makes it. */
interface DestinationCall {
  readonly call: string;
  readonly destination: Destination;
}

/** The destination of a segment, or why it cannot be declared. */
function destinationOf(segment: TenantSegment): DestinationCall | Note {
  const host = segment.destinationHost;
  const make = (factory: string, args: string[], build: () => Destination): DestinationCall | Note => {
    try {
      return { call: `Destination.${factory}(${args.map(tsString).join(', ')})`, destination: build() };
    } catch (err) {
      return note`the library refuses its destination: ${ours((err as Error).message)}`;
    }
  };
  const token = tokenLookalike(host);
  if (token !== undefined) {
    return note`its host holds ${token}, ${ours(TOKEN_LOOKALIKE_REFUSED)}`;
  }
  switch (segment.destinationType) {
    case 'ip':
    case 'ipAddress':
      return make('ipAddress', [host], () => Destination.ipAddress(host));
    case 'ipRangeCidr':
      return make('cidr', [host], () => Destination.cidr(host));
    case 'ipRange': {
      const parts = host.split('..');
      return parts.length === 2 ? make('ipRange', parts, () => Destination.ipRange(parts[0], parts[1])) : note`its range is not "first..last"`;
    }
    case 'fqdn':
      return make('fqdn', [host], () => Destination.fqdn(host));
    case 'dnsSuffix':
      return make('dnsSuffix', [host], () => Destination.dnsSuffix(host));
    default:
      return note`its destination type ${segment.destinationType} is not one the library models`;
  }
}

/** The `Port` factory calls for a segment's wire ports (`"22-22"`, `"2200-2299"`), or why not. */
function portsOf(segment: TenantSegment): { calls: string[]; ranges: Array<[number, number]> } | Note {
  const protocol = PROTOCOLS.get(segment.protocol);
  if (!protocol) {
    return note`its protocol ${segment.protocol} is not tcp, udp or tcp,udp`;
  }
  if (segment.ports.length === 0) {
    return note`it has no ports`;
  }
  const calls: string[] = [];
  const ranges: Array<[number, number]> = [];
  for (const wire of segment.ports) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(wire);
    if (!m) {
      return note`its port ${wire} is not a port or a range "from-to"`;
    }
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    try {
      Port.tcpRange(from, to);
    } catch (err) {
      return note`the library refuses its port ${wire}: ${ours((err as Error).message)}`;
    }
    calls.push(from === to ? `Port.${protocol.single}(${from})` : `Port.${protocol.range}(${from}, ${to})`);
    ranges.push([from, to]);
  }
  return { calls, ranges };
}

/** Why a name cannot be written into the program as a name the library takes, or undefined. */
function nameProblem(what: string, name: string): Note | undefined {
  const token = tokenLookalike(name);
  if (token !== undefined) {
    return note`its ${ours(what)} holds ${token}, ${ours(TOKEN_LOOKALIKE_REFUSED)}`;
  }
  try {
    checkName(what, name, 'rename it in the tenant');
    return undefined;
  } catch (err) {
    return note`the library refuses its ${ours(what)}: ${ours((err as Error).message)}`;
  }
}

/** A construct id from a name: `/` separates path components; unique among `taken`. */
function constructId(name: string, taken: Set<string>, disambiguator: string): string {
  const base = name.replace(/\//g, '%2F') || 'Unnamed';
  let id = base;
  if (taken.has(id)) {
    id = `${base} (${disambiguator})`;
  }
  for (let n = 2; taken.has(id); n++) {
    id = `${base} (${disambiguator} ${n})`;
  }
  taken.add(id);
  return id;
}

/** A camelCase identifier from a display name (ASCII letters and digits only), unique in `taken`. */
function identifier(prefix: string, name: string, taken: Set<string>): string {
  const words = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, 5);
  const joined = words.map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join('') || 'Unnamed';
  const base = prefix ? `${prefix}${/^\d/.test(joined) ? '_' : ''}${joined}` : /^\d/.test(joined) ? `_${joined}` : joined[0].toLowerCase() + joined.slice(1);
  let id = base;
  for (let n = 2; taken.has(id); n++) {
    id = `${base}${n}`;
  }
  taken.add(id);
  return id;
}

function overlaps(a: Array<[number, number]>, b: Array<[number, number]>): boolean {
  return a.some(([f1, t1]) => b.some(([f2, t2]) => f1 <= t2 && f2 <= t1));
}

/**
 * Writes a readable cdktf program that declares what the tenant has, with the IDs that make synth
 * write `import` blocks: one App (honouring `CDKTF_OUTDIR`), one stack, the providers, connector
 * groups, one app per Private Access app with its segments and assignments, and the Conditional
 * Access policies the library can express. What it cannot express is left in the tenant and named
 * in a comment and in `warnings`.
 *
 * Tenant data is never code: every value from Graph is written as an escaped string literal (in
 * comments too), enum values are looked up (an unknown one leaves its object in the tenant, with a
 * warning), and a value that the library would refuse or cdktf would read as a token leaves its
 * object in the tenant as well, so the program always compiles, and synthesizes what Graph holds.
 */
export function writeProgram(snapshot: TenantSnapshot, options: ProgramOptions): WrittenProgram {
  const warnings: string[] = [];
  const names = new Set<string>(RESERVED_NAMES);
  const constructIds = new Set<string>(['azuread', 'msgraph', 'TenantDefaultConnectorGroup']);
  // What the program imports: what it uses, no more (a user's noUnusedLocals refuses an unused import).
  const used = new Set<string>(['MsgraphProvider']);
  const body: string[] = [];
  const warn = (n: Note) => warnings.push(n.forLog());

  // Principals, once each, named after their display names.
  const principalVars = new Map<string, string>();
  const principalDecls: string[] = [];
  const principalVar = (type: 'group' | 'user', id: string, label?: string): string => {
    const key = `${type}:${id.toLowerCase()}`;
    const existing = principalVars.get(key);
    if (existing) {
      return existing;
    }
    const problem = label === undefined ? undefined : nameProblem(`${type} display name`, label);
    const name = identifier(type, problem || label === undefined ? id : label, names);
    const factory = type === 'group' ? 'groupId' : 'userId';
    used.add('Principal');
    principalDecls.push(
      `const ${name} = Principal.${factory}(${tsString(id)}${label !== undefined && !problem ? `, ${tsString(label)}` : ''});` +
        (label !== undefined && problem ? ` // ${note`not labelled: ${problem}`.forComment()}` : ''),
    );
    principalVars.set(key, name);
    return name;
  };

  // Connector groups, once each.
  const groupVars = new Map<string, string>();
  const groupDecls: string[] = [];
  const groupVar = (group: TenantConnectorGroup | undefined): string => {
    if (!group) {
      used.add('ConnectorGroup');
      if (!groupVars.has('default')) {
        groupVars.set('default', 'tenantDefaultGroup');
        groupDecls.push(
          "// Apps without a connector group of their own use the tenant's default one.",
          "const tenantDefaultGroup = ConnectorGroup.fromTenantDefault(stack, 'TenantDefaultConnectorGroup');",
        );
      }
      return groupVars.get('default')!;
    }
    const key = group.id.toLowerCase();
    const existing = groupVars.get(key);
    if (existing) {
      return existing;
    }
    used.add('ConnectorGroup');
    const problem = nameProblem('connector group name', group.name);
    const name = identifier('', `${problem ? 'connector' : group.name} group`, names);
    const id = constructId(`ConnectorGroup-${problem ? group.id : group.name}`, constructIds, group.id.slice(0, 8));
    if (group.isDefault || problem) {
      const why = group.isDefault
        ? note`The tenant's default connector group ${group.name}: referenced, not managed (destroying the stack must not delete it).`
        : note`The connector group ${group.id}: referenced by ID, not managed, because ${problem!}.`;
      groupDecls.push(`// ${why.forComment()}`, `const ${name} = ConnectorGroup.fromConnectorGroupId(stack, ${tsString(id)}, ${tsString(group.id)});`);
      if (problem) {
        warn(note`connector group ${group.id}: referenced by ID, not managed, because ${problem}`);
      }
    } else {
      const region = group.region === undefined ? undefined : REGIONS.get(group.region);
      if (group.region !== undefined && region === undefined) {
        const unknown = note`its region ${group.region} is not one the library knows, so the program leaves the region out (the tenant keeps it)`;
        groupDecls.push(`// ${note`The connector group ${group.name}: ${unknown}.`.forComment()}`);
        warn(note`connector group ${group.name}: ${unknown}`);
      }
      if (region) {
        used.add('ConnectorGroupRegion');
      }
      groupDecls.push(
        `const ${name} = new ConnectorGroup(stack, ${tsString(id)}, { name: ${tsString(group.name)}${region ? `, region: ConnectorGroupRegion.${region}` : ''}, adopt: { connectorGroupId: ${tsString(group.id)} } });`,
      );
    }
    groupVars.set(key, name);
    return name;
  };

  const appVars = new Map<string, string>();
  let segmentCount = 0;
  let assignmentCount = 0;
  let appCount = 0;
  for (const app of snapshot.apps) {
    const what = app.quickAccess ? "The tenant's Quick Access app" : 'Private Access app';
    const skip = appProblem(app);
    if (skip) {
      body.push(`// ${note`Not adopted: the ${ours(app.quickAccess ? 'Quick Access app' : 'app')} ${app.displayName} (application ${app.id}): ${skip}; it stays as it is in the tenant.`.forComment()}`);
      warn(note`${app.displayName}: not adopted: ${skip}`);
      continue;
    }
    appCount++;
    const kind = app.quickAccess ? 'QuickAccessApplication' : 'PrivateAccessApplication';
    used.add(kind);
    const name = identifier(app.quickAccess ? '' : 'app', app.quickAccess ? 'Quick Access' : app.displayName, names);
    const notes: Note[] = [];

    // One declared segment per destination and protocol; Graph may hold two for different ports.
    const declared = new Map<string, { destination: string; protocol: string; ports: string[]; ranges: Array<[number, number]>; adopted: TenantSegment }>();
    const suffixes: Array<{ call: string; segment: TenantSegment }> = [];
    for (const segment of app.segments) {
      const about = note`the segment ${segment.id} (${segment.destinationType} ${segment.destinationHost}, ${segment.protocol} ${segment.ports.join(',')})`;
      const destination = destinationOf(segment);
      if (destination instanceof Note) {
        notes.push(note`${about}: ${destination}`);
        continue;
      }
      if (!GUID.test(segment.id)) {
        notes.push(note`${about}: its ID is not a GUID`);
        continue;
      }
      if (segment.destinationType === 'dnsSuffix') {
        if (!app.quickAccess) {
          notes.push(note`${about}: a DNS suffix belongs to the Quick Access app only`);
        } else {
          suffixes.push({ call: destination.call, segment });
        }
        continue;
      }
      const ports = portsOf(segment);
      if (ports instanceof Note) {
        notes.push(note`${about}: ${ports}`);
        continue;
      }
      const key = `${destination.destination.destinationType}|${destination.destination.host}|${segment.protocol}`;
      const existing = declared.get(key);
      if (existing && overlaps(existing.ranges, ports.ranges)) {
        notes.push(note`${about}: its ports overlap those of the segment ${existing.adopted.id} to the same destination`);
        continue;
      }
      if (existing) {
        existing.ports.push(...ports.calls);
        existing.ranges.push(...ports.ranges);
        notes.push(
          note`the tenant has a second ${segment.protocol} segment to ${segment.destinationHost} (${segment.id}, ports ${segment.ports.join(', ')}); the library keeps one segment per destination and protocol, so its ports are declared with the first: delete it in the tenant before applying, or the update fails as an overlap`,
        );
        continue;
      }
      declared.set(key, { destination: destination.call, protocol: segment.protocol, ports: ports.calls, ranges: ports.ranges, adopted: segment });
    }
    segmentCount += declared.size + suffixes.length;

    const grants: Array<{ variable: string; assignment: TenantAssignment }> = [];
    for (const a of app.assignments) {
      const type = PRINCIPAL_TYPES.get(a.principalType);
      const who = note`the assignment ${a.id} of ${a.principalType} ${a.principalDisplayName ?? a.principalId} (app role ${a.appRoleId})`;
      if (!type || !USER_ROLES.has(a.appRoleId.toLowerCase())) {
        notes.push(note`${who} is not a user or group with the app's "User" role; it stays as it is`);
        continue;
      }
      if (!GUID.test(a.principalId) || !ASSIGNMENT_ID.test(a.id)) {
        notes.push(note`${who} has a principal ID that is not a GUID or an ID that is not an assignment ID; it stays as it is`);
        continue;
      }
      if (grants.some((g) => g.assignment.principalId.toLowerCase() === a.principalId.toLowerCase())) {
        notes.push(note`${who} repeats the principal; only the first is adopted`);
        continue;
      }
      grants.push({ variable: principalVar(type, a.principalId, a.principalDisplayName), assignment: a });
    }
    assignmentCount += grants.length;
    if (declared.size + suffixes.length === 0) {
      warn(note`${app.displayName}: no segment the library can declare; synth fails until you add one (or remove the app)`);
    }
    if (grants.length === 0) {
      warn(note`${app.displayName}: nobody is assigned; synth fails until you grant access (an app nobody can use is refused)`);
    }

    const group = groupVar(app.connectorGroup);
    const lines: string[] = [];
    lines.push(`// ${note`${ours(what)} ${app.displayName} (application ${app.id}).`.forComment()}`);
    for (const n of notes) {
      lines.push(`// ${note`Not adopted: ${n}.`.forComment()}`);
      warn(note`${app.displayName}: ${n}`);
    }
    const segments = [...declared.values()];
    const id = app.quickAccess ? constructId('QuickAccess', constructIds, app.id.slice(0, 8)) : constructId(app.displayName, constructIds, app.id.slice(0, 8));
    lines.push(`const ${name} = new ${kind}(stack, ${tsString(id)}, {`);
    lines.push(`  displayName: ${tsString(app.displayName)},`);
    lines.push(`  connectorGroup: ${group},`);
    if (segments.length + suffixes.length > 0) {
      used.add('Destination');
    }
    if (segments.length > 0) {
      used.add('Port');
    }
    lines.push('  segments: [');
    for (const s of segments) {
      lines.push(`    { destination: ${s.destination}, ports: [${s.ports.join(', ')}] },`);
    }
    lines.push('  ],');
    if (suffixes.length > 0) {
      lines.push(`  dnsSuffixes: [${suffixes.map((s) => tsString(s.segment.destinationHost)).join(', ')}],`);
    }
    lines.push(`  principals: [${grants.map((g) => g.variable).join(', ')}],`);
    lines.push('  adopt: {');
    lines.push(`    applicationObjectId: ${tsString(app.id)},`);
    lines.push(`    servicePrincipalObjectId: ${tsString(app.servicePrincipalId)},`);
    if (segments.length + suffixes.length > 0) {
      used.add('Protocol');
      lines.push('    segments: [');
      for (const s of segments) {
        lines.push(`      { destination: ${s.destination}, protocol: Protocol.${PROTOCOLS.get(s.protocol)!.member}, segmentId: ${tsString(s.adopted.id)} },`);
      }
      for (const s of suffixes) {
        lines.push(`      { destination: ${s.call}, segmentId: ${tsString(s.segment.id)} },`);
      }
      lines.push('    ],');
    }
    if (grants.length > 0) {
      lines.push('    assignments: [');
      for (const g of grants) {
        // A Default Access assignment keeps its role, so that its import replaces nothing.
        const role = g.assignment.appRoleId.toLowerCase() === USER_ROLE ? '' : `, appRoleId: ${tsString(g.assignment.appRoleId.toLowerCase())}`;
        lines.push(`      { principal: ${g.variable}, assignmentId: ${tsString(g.assignment.id)}${role} },`);
      }
      lines.push('    ],');
    }
    lines.push('  },');
    lines.push('});');
    body.push(lines.join('\n'));
    appVars.set(app.appId.toLowerCase(), name);
  }

  // Conditional Access policies the library can express exactly; the others stay as they are.
  let policyCount = 0;
  const policyStatements: string[] = [];
  for (const raw of snapshot.policies) {
    const policy = readPolicy(raw, appVars);
    if (policy instanceof Note) {
      const label = typeof raw?.displayName === 'string' ? raw.displayName : logText(raw?.displayName);
      const id = typeof raw?.id === 'string' ? raw.id : logText(raw?.id);
      body.push(`// ${note`Not adopted: the Conditional Access policy ${label} (${id}) ${policy}; it stays as it is in the tenant.`.forComment()}`);
      warn(note`policy ${label}: ${policy}`);
      continue;
    }
    policyCount++;
    used.add('PrivateAccessConditionalAccessPolicy');
    used.add('ConditionalAccessPolicyState');
    const include = [...policy.includeGroups.map((id) => principalVar('group', id)), ...policy.includeUsers.map((id) => principalVar('user', id))];
    const exclude = [...policy.excludeGroups.map((id) => principalVar('group', id)), ...policy.excludeUsers.map((id) => principalVar('user', id))];
    const lines = [`new PrivateAccessConditionalAccessPolicy(stack, ${tsString(constructId(`Policy-${policy.displayName}`, constructIds, policy.id.slice(0, 8)))}, {`];
    lines.push(`  displayName: ${tsString(policy.displayName)},`);
    lines.push(`  applications: [${policy.applications.join(', ')}],`);
    lines.push(`  state: ConditionalAccessPolicyState.${policy.state},`);
    lines.push(`  requireMfa: ${policy.controls.includes('mfa')},`);
    if (policy.authenticationStrengthId !== undefined) {
      lines.push(`  authenticationStrengthPolicyId: ${tsString(policy.authenticationStrengthId)},`);
    }
    if (policy.controls.includes('compliantDevice')) {
      lines.push('  requireCompliantDevice: true,');
    }
    if (policy.controls.includes('domainJoinedDevice')) {
      lines.push('  requireHybridJoinedDevice: true,');
    }
    if (policy.operatorOr) {
      used.add('GrantOperator');
      lines.push('  grantOperator: GrantOperator.OR,');
    }
    if (policy.signInFrequency) {
      used.add('SignInFrequency');
      lines.push(`  signInFrequency: ${policy.signInFrequency},`);
    }
    lines.push(`  includePrincipals: [${include.join(', ')}],`);
    if (exclude.length > 0) {
      lines.push(`  excludePrincipals: [${exclude.join(', ')}],`);
    }
    lines.push(`  adopt: { policyId: ${tsString(policy.id)} },`);
    lines.push('});');
    policyStatements.push(lines.join('\n'));
    body.push(lines.join('\n'));
  }

  // An app no policy refers to needs no variable (a user's noUnusedLocals would refuse it).
  const policyText = policyStatements.join('\n');
  for (const [i, b] of body.entries()) {
    const m = /^const (\w+) = new (PrivateAccessApplication|QuickAccessApplication)\(/m.exec(b);
    if (m && !new RegExp(`\\b${m[1]}\\b`).test(policyText)) {
      body[i] = b.replace(`const ${m[1]} = new`, 'new');
    }
  }
  const imports = [...used].sort();
  const text = [
    `// ${note`Written by \`entra-private-access import\` from ${options.endpoint}: what the tenant's Private Access`.forComment()}`,
    '// apps are, with the IDs that make `cdktf synth` write Terraform import blocks. Review it, run',
    '// `cdktf plan` (it should show imports and in-place updates only), apply, then edit it as code.',
    "import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';",
    "import { App, TerraformStack } from 'cdktf';",
    `import {\n${imports.map((i) => `  ${i},`).join('\n')}\n} from ${tsString(options.library)};`,
    '',
    "const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });",
    `const stack = new TerraformStack(app, ${tsString(options.stackName)});`,
    "new AzureadProvider(stack, 'azuread');",
    "new MsgraphProvider(stack, 'msgraph');",
    '',
    ...(principalDecls.length > 0 ? ['// Users and groups, by object ID, labelled with their display names.', ...principalDecls, ''] : []),
    ...(groupDecls.length > 0 ? [...groupDecls, ''] : []),
    ...body.flatMap((b) => [b, '']),
    'app.synth();',
    '',
  ].join('\n');
  const skipped = snapshot.apps.length - appCount;
  const summary =
    `${appCount} app(s), ${segmentCount} segment(s), ${assignmentCount} assignment(s), ${groupVars.size} connector group(s), ${policyCount} policy(ies)` +
    (skipped > 0 ? `; ${skipped} app(s) not adopted` : '');
  return { text, summary, warnings };
}

/** Why an app cannot be adopted at all, or undefined. */
function appProblem(app: TenantApp): Note | undefined {
  if (!GUID.test(app.id) || !GUID.test(app.appId) || !GUID.test(app.servicePrincipalId)) {
    return note`its object ID ${app.id}, client ID ${app.appId} or service principal ID ${app.servicePrincipalId} is not a GUID`;
  }
  if (app.connectorGroup && !GUID.test(app.connectorGroup.id)) {
    return note`its connector group's ID ${app.connectorGroup.id} is not a GUID`;
  }
  return nameProblem('display name', app.displayName);
}

/** A policy as the program declares it. */
interface DeclaredPolicy {
  readonly id: string;
  readonly displayName: string;
  /** The variables of the apps it targets. */
  readonly applications: string[];
  /** The `ConditionalAccessPolicyState` member. */
  readonly state: string;
  readonly controls: string[];
  readonly authenticationStrengthId?: string;
  readonly operatorOr: boolean;
  /** The `SignInFrequency` call. */
  readonly signInFrequency?: string;
  readonly includeGroups: string[];
  readonly includeUsers: string[];
  readonly excludeGroups: string[];
  readonly excludeUsers: string[];
}

/** A list of strings as Graph sends it: absent or null is empty; anything else that is not a list of strings is undefined. */
function strings(value: unknown): string[] | undefined {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/**
 * Reads a Conditional Access policy as `PrivateAccessConditionalAccessPolicy` can declare it
 * exactly, or says why it cannot (which keeps the policy out of the program). Every value is
 * checked: the policy is Graph's JSON.
 */
function readPolicy(policy: any, appVars: Map<string, string>): DeclaredPolicy | Note {
  if (typeof policy !== 'object' || policy === null || typeof policy.id !== 'string' || !GUID.test(policy.id)) {
    return note`has an ID that is not a GUID`;
  }
  if (typeof policy.displayName !== 'string') {
    return note`has a display name that is not text`;
  }
  const nameIssue = nameProblem('display name', policy.displayName);
  if (nameIssue) {
    return nameIssue;
  }
  const c = typeof policy.conditions === 'object' && policy.conditions !== null ? policy.conditions : {};
  const include = strings(c.applications?.includeApplications);
  if (include === undefined) {
    return note`has malformed application conditions`;
  }
  if (include.includes('All')) {
    return note`targets all cloud apps (it covers these apps too, but belongs to the tenant's baseline)`;
  }
  const applications = include.map((id) => appVars.get(id.toLowerCase()));
  if (applications.some((v) => v === undefined)) {
    return note`also targets applications other than the Private Access apps adopted here`;
  }
  if (!isEmpty(c.applications?.excludeApplications) || !isEmpty(c.applications?.includeUserActions)) {
    return note`excludes applications or targets user actions`;
  }
  const users = typeof c.users === 'object' && c.users !== null ? c.users : {};
  const [includeUsers, includeGroups, excludeUsers, excludeGroups] = [users.includeUsers, users.includeGroups, users.excludeUsers, users.excludeGroups].map(strings);
  if (!includeUsers || !includeGroups || !excludeUsers || !excludeGroups) {
    return note`has malformed user conditions`;
  }
  if ([...includeUsers, ...includeGroups].some((id) => !GUID.test(id))) {
    return note`includes "All" users or another keyword rather than listed users and groups`;
  }
  if ([...excludeUsers, ...excludeGroups].some((id) => !GUID.test(id))) {
    return note`excludes "GuestsOrExternalUsers" or another keyword rather than listed users and groups`;
  }
  if (!isEmpty(users.includeRoles) || !isEmpty(users.excludeRoles) || users.includeGuestsOrExternalUsers || users.excludeGuestsOrExternalUsers) {
    return note`uses directory roles or guest conditions`;
  }
  if (c.platforms || c.locations || c.devices || !isEmpty(c.signInRiskLevels) || !isEmpty(c.userRiskLevels) || !isEmpty(c.servicePrincipalRiskLevels)) {
    return note`has platform, location, device or risk conditions`;
  }
  const clientAppTypes = strings(c.clientAppTypes ?? ['all']);
  if (!clientAppTypes || clientAppTypes.some((t) => t !== 'all')) {
    return note`is limited to some client app types`;
  }
  const g = policy.grantControls;
  const controls = strings(g?.builtInControls);
  if (typeof g !== 'object' || g === null || !controls || controls.some((x) => !GRANT_CONTROLS.has(x)) || !isEmpty(g.customAuthenticationFactors) || !isEmpty(g.termsOfUse)) {
    return note`has no grant controls, or controls other than MFA, an authentication strength and managed devices (such as block)`;
  }
  const strength: unknown = g.authenticationStrength?.id;
  if (strength !== undefined && strength !== null && (typeof strength !== 'string' || !GUID.test(strength))) {
    return note`has an authentication strength whose ID is not a GUID`;
  }
  if (controls.length === 0 && typeof strength !== 'string') {
    return note`requires nothing (no grant control, no authentication strength)`;
  }
  if (controls.includes('mfa') && typeof strength === 'string') {
    return note`requires both MFA and an authentication strength`;
  }
  if (g.operator !== 'AND' && g.operator !== 'OR' && !(controls.length <= 1 && (g.operator === undefined || g.operator === null))) {
    return note`has the grant operator ${String(g.operator)}, which is neither AND nor OR`;
  }
  const s = policy.sessionControls;
  if (s !== undefined && s !== null && typeof s !== 'object') {
    return note`has malformed session controls`;
  }
  if (s && Object.entries(s).some(([k, v]) => k !== 'signInFrequency' && v !== null && v !== undefined && !(k === 'disableResilienceDefaults' && v === false))) {
    return note`has session controls other than the sign-in frequency`;
  }
  const frequency = signInFrequency(s?.signInFrequency);
  if (frequency instanceof Note) {
    return frequency;
  }
  const state = typeof policy.state === 'string' ? STATES.get(policy.state) : undefined;
  if (!state) {
    return note`has the state ${String(policy.state)}, which is not enabled, enabledForReportingButNotEnforced or disabled`;
  }
  return {
    id: policy.id,
    displayName: policy.displayName,
    applications: applications as string[],
    state,
    controls,
    authenticationStrengthId: typeof strength === 'string' ? strength : undefined,
    operatorOr: g.operator === 'OR',
    signInFrequency: frequency,
    includeGroups,
    includeUsers,
    excludeGroups,
    excludeUsers,
  };
}

/** The `SignInFrequency` call of an enabled sign-in frequency, undefined if none, or why it cannot be declared. */
function signInFrequency(f: any): string | undefined | Note {
  if (f === undefined || f === null || f.isEnabled !== true) {
    return undefined;
  }
  if (f.frequencyInterval === 'everyTime') {
    return 'SignInFrequency.everyTime()';
  }
  const value: unknown = f.value;
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (f.type === 'hours' && value >= 1 && value <= 23) {
      return `SignInFrequency.hours(${value})`;
    }
    if (f.type === 'days' && value >= 1 && value <= 365) {
      return `SignInFrequency.days(${value})`;
    }
  }
  return note`has a sign-in frequency this library does not model`;
}
