import { TenantApp, TenantAssignment, TenantSegment, TenantSnapshot } from './tenant';

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
  readonly warnings: string[];
}

const USER_ROLE = '18d14569-c3bd-439b-9a66-3a2aee01d14f';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What `checkName` refuses in a label: controls, bidi controls, line and paragraph separators. */
const UNSAFE_LABEL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const REGIONS: Record<string, string> = { nam: 'NORTH_AMERICA', eur: 'EUROPE', aus: 'AUSTRALIA', asia: 'ASIA', ind: 'INDIA' };
const STATES: Record<string, string> = { enabled: 'ENABLED', enabledForReportingButNotEnforced: 'REPORT_ONLY', disabled: 'DISABLED' };
const PROTOCOLS: Record<string, string> = { tcp: 'TCP', udp: 'UDP', 'tcp,udp': 'TCP_UDP' };
const PORT_FACTORIES: Record<string, [string, string]> = { tcp: ['tcp', 'tcpRange'], udp: ['udp', 'udpRange'], 'tcp,udp': ['tcpUdp', 'tcpUdpRange'] };

/** A single-quoted TypeScript string literal, every control character escaped. */
function lit(text: string): string {
  return `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A construct id from a name: `/` separates path components. */
function constructId(name: string): string {
  return name.replace(/\//g, '%2F') || 'Unnamed';
}

/** A camelCase identifier from a display name, unique in `taken`. */
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

/** The `Destination` factory call for a segment, or undefined when the library has no form for it. */
function destinationCall(segment: TenantSegment): string | undefined {
  const host = segment.destinationHost;
  switch (segment.destinationType) {
    case 'ip':
    case 'ipAddress':
      return `Destination.ipAddress(${lit(host)})`;
    case 'ipRangeCidr':
      return `Destination.cidr(${lit(host)})`;
    case 'ipRange': {
      const [first, last] = host.split('..');
      return last === undefined ? undefined : `Destination.ipRange(${lit(first)}, ${lit(last)})`;
    }
    case 'fqdn':
      return `Destination.fqdn(${lit(host)})`;
    case 'dnsSuffix':
      return `Destination.dnsSuffix(${lit(host)})`;
    default:
      return undefined;
  }
}

/** The `Port` factory calls for a segment's wire ports (`"22-22"`, `"2200-2299"`). */
function portCalls(segment: TenantSegment): string[] | undefined {
  const factories = PORT_FACTORIES[segment.protocol];
  if (!factories) {
    return undefined;
  }
  const calls: string[] = [];
  for (const wire of segment.ports) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(String(wire));
    if (!m) {
      return undefined;
    }
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    calls.push(from === to ? `Port.${factories[0]}(${from})` : `Port.${factories[1]}(${from}, ${to})`);
  }
  return calls;
}

/**
 * Writes a readable cdktf program that declares what the tenant has, with the IDs that make synth
 * write `import` blocks: one App (honouring `CDKTF_OUTDIR`), one stack, the providers, connector
 * groups, one app per Private Access app with its segments and assignments, and the Conditional
 * Access policies the library can express. What it cannot express is left in the tenant and named
 * in a comment and in `warnings`.
 */
export function writeProgram(snapshot: TenantSnapshot, options: ProgramOptions): WrittenProgram {
  const warnings: string[] = [];
  const names = new Set<string>();
  const used = new Set<string>(['Destination', 'Port', 'Principal', 'MsgraphProvider']);
  const body: string[] = [];

  // Principals, once each, named after their display names.
  const principalVars = new Map<string, string>();
  const principalDecls: string[] = [];
  const principalVar = (type: 'group' | 'user', id: string, label?: string): string => {
    const key = `${type}:${id.toLowerCase()}`;
    const existing = principalVars.get(key);
    if (existing) {
      return existing;
    }
    const name = identifier(type, label ?? id, names);
    const safeLabel = label !== undefined && label.trim() && label.length <= 256 && !UNSAFE_LABEL.test(label) ? label : undefined;
    principalDecls.push(
      `const ${name} = Principal.${type}Id(${lit(id)}${safeLabel ? `, ${lit(safeLabel)}` : ''});${label !== undefined && !safeLabel ? ' // its display name is not usable as a label' : ''}`,
    );
    principalVars.set(key, name);
    return name;
  };

  // Connector groups, once each.
  const groupVars = new Map<string, string>();
  const groupDecls: string[] = [];
  const groupVar = (app: TenantApp): string => {
    const group = app.connectorGroup;
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
    const existing = groupVars.get(group.id);
    if (existing) {
      return existing;
    }
    used.add('ConnectorGroup');
    const name = identifier('', `${group.name} group`, names);
    if (group.isDefault) {
      groupDecls.push(
        `// The tenant's default connector group ${lit(group.name)}: referenced, not managed (destroying the stack must not delete it).`,
        `const ${name} = ConnectorGroup.fromConnectorGroupId(stack, ${lit(constructId(`ConnectorGroup-${group.name}`))}, ${lit(group.id)});`,
      );
    } else {
      const region = group.region && REGIONS[group.region] ? `, region: ConnectorGroupRegion.${REGIONS[group.region]}` : '';
      if (region) {
        used.add('ConnectorGroupRegion');
      }
      groupDecls.push(
        `const ${name} = new ConnectorGroup(stack, ${lit(constructId(`ConnectorGroup-${group.name}`))}, { name: ${lit(group.name)}${region}, adopt: { connectorGroupId: ${lit(group.id)} } });`,
      );
    }
    groupVars.set(group.id, name);
    return name;
  };

  const appVars = new Map<string, string>();
  let segmentCount = 0;
  let assignmentCount = 0;
  const appIds = new Set<string>();
  for (const app of snapshot.apps) {
    const kind = app.quickAccess ? 'QuickAccessApplication' : 'PrivateAccessApplication';
    used.add(kind);
    const name = identifier(app.quickAccess ? '' : 'app', app.quickAccess ? 'Quick Access' : app.displayName, names);
    appVars.set(app.appId, name);
    const notes: string[] = [];

    // One declared segment per destination and protocol; Graph may hold two for different ports.
    const declared = new Map<string, { destination: string; protocol?: string; ports: string[]; adopted: TenantSegment }>();
    const suffixes: TenantSegment[] = [];
    for (const segment of app.segments) {
      const destination = destinationCall(segment);
      if (segment.destinationType === 'dnsSuffix' && destination) {
        suffixes.push(segment);
        continue;
      }
      const ports = portCalls(segment);
      if (!destination || !ports || ports.length === 0) {
        notes.push(`the segment ${segment.id} (${segment.destinationType} ${segment.destinationHost}, ${segment.protocol} ${segment.ports.join(',')}) has a form this library does not model; it stays as it is in the tenant`);
        continue;
      }
      const key = `${segment.destinationType}|${segment.destinationHost.toLowerCase()}|${segment.protocol}`;
      const existing = declared.get(key);
      if (existing) {
        existing.ports.push(...ports);
        notes.push(
          `the tenant has a second ${segment.protocol} segment to ${segment.destinationHost} (${segment.id}, ports ${segment.ports.join(', ')}); the library keeps one segment per destination and protocol, so its ports are declared with the first: delete it in the tenant before applying, or the update fails as an overlap`,
        );
        continue;
      }
      declared.set(key, { destination, protocol: segment.protocol, ports, adopted: segment });
    }
    segmentCount += declared.size + suffixes.length;

    const grants: Array<{ variable: string; assignment: TenantAssignment }> = [];
    for (const a of app.assignments) {
      const type = a.principalType === 'Group' ? 'group' : a.principalType === 'User' ? 'user' : undefined;
      if (!type || a.appRoleId !== USER_ROLE && a.appRoleId !== '00000000-0000-0000-0000-000000000000') {
        notes.push(`the assignment ${a.id} of ${a.principalType} ${lit(a.principalDisplayName ?? a.principalId)} (app role ${a.appRoleId}) is not a user or group with the app's "User" role; it stays as it is`);
        continue;
      }
      if (grants.some((g) => g.assignment.principalId === a.principalId)) {
        notes.push(`the assignment ${a.id} repeats ${lit(a.principalDisplayName ?? a.principalId)}; only the first is adopted`);
        continue;
      }
      grants.push({ variable: principalVar(type, a.principalId, a.principalDisplayName), assignment: a });
    }
    assignmentCount += grants.length;
    if (declared.size + suffixes.length === 0) {
      warnings.push(`${app.displayName}: no segment the library can declare; synth fails until you add one (or remove the app)`);
    }
    if (grants.length === 0) {
      warnings.push(`${app.displayName}: nobody is assigned; synth fails until you grant access (an app nobody can use is refused)`);
    }

    const group = groupVar(app);
    const lines: string[] = [];
    lines.push(`// ${app.quickAccess ? "The tenant's Quick Access app" : 'Private Access app'} ${lit(app.displayName)} (application ${app.id}).`);
    for (const note of notes) {
      lines.push(`// Not adopted: ${note}.`);
      warnings.push(`${app.displayName}: ${note}`);
    }
    const segments = [...declared.values()];
    lines.push(`const ${name} = new ${kind}(stack, ${lit(app.quickAccess ? 'QuickAccess' : constructId(app.displayName))}, {`);
    lines.push(`  displayName: ${lit(app.displayName)},`);
    lines.push(`  connectorGroup: ${group},`);
    lines.push('  segments: [');
    for (const s of segments) {
      lines.push(`    { destination: ${s.destination}, ports: [${s.ports.join(', ')}] },`);
    }
    lines.push('  ],');
    if (suffixes.length > 0) {
      lines.push(`  dnsSuffixes: [${suffixes.map((s) => lit(s.destinationHost)).join(', ')}],`);
    }
    lines.push(`  principals: [${grants.map((g) => g.variable).join(', ')}],`);
    lines.push('  adopt: {');
    lines.push(`    applicationObjectId: ${lit(app.id)},`);
    lines.push(`    servicePrincipalObjectId: ${lit(app.servicePrincipalId)},`);
    if (segments.length + suffixes.length > 0) {
      used.add('Protocol');
      lines.push('    segments: [');
      for (const s of segments) {
        lines.push(`      { destination: ${s.destination}, protocol: Protocol.${PROTOCOLS[s.protocol!]}, segmentId: ${lit(s.adopted.id)} },`);
      }
      for (const s of suffixes) {
        lines.push(`      { destination: ${destinationCall(s)}, segmentId: ${lit(s.id)} },`);
      }
      lines.push('    ],');
    }
    if (grants.length > 0) {
      lines.push('    assignments: [');
      for (const g of grants) {
        // A Default Access assignment keeps its role, so that its import replaces nothing.
        const role = g.assignment.appRoleId === USER_ROLE ? '' : `, appRoleId: ${lit(g.assignment.appRoleId)}`;
        lines.push(`      { principal: ${g.variable}, assignmentId: ${lit(g.assignment.id)}${role} },`);
      }
      lines.push('    ],');
    }
    lines.push('  },');
    lines.push('});');
    body.push(lines.join('\n'));
    appIds.add(app.appId);
  }

  // Conditional Access policies the library can express exactly; the others stay as they are.
  let policyCount = 0;
  for (const policy of snapshot.policies) {
    const why = unexpressible(policy, appIds);
    if (why) {
      body.push(`// Not adopted: the Conditional Access policy ${lit(policy.displayName)} (${policy.id}) ${why}; it stays as it is in the tenant.`);
      warnings.push(`policy ${policy.displayName}: ${why}`);
      continue;
    }
    policyCount++;
    used.add('PrivateAccessConditionalAccessPolicy');
    used.add('ConditionalAccessPolicyState');
    const c = policy.conditions;
    const g = policy.grantControls ?? {};
    const controls: string[] = g.builtInControls ?? [];
    const principals = (ids: string[] | undefined, type: 'group' | 'user') => (ids ?? []).map((id) => principalVar(type, id));
    const include = [...principals(c.users?.includeGroups, 'group'), ...principals(c.users?.includeUsers, 'user')];
    const exclude = [...principals(c.users?.excludeGroups, 'group'), ...principals(c.users?.excludeUsers, 'user')];
    const lines = [`new PrivateAccessConditionalAccessPolicy(stack, ${lit(constructId(`Policy-${policy.displayName}`))}, {`];
    lines.push(`  displayName: ${lit(policy.displayName)},`);
    lines.push(`  applications: [${(c.applications.includeApplications as string[]).map((id) => appVars.get(id)).join(', ')}],`);
    lines.push(`  state: ConditionalAccessPolicyState.${STATES[policy.state]},`);
    lines.push(`  requireMfa: ${controls.includes('mfa')},`);
    if (g.authenticationStrength?.id) {
      lines.push(`  authenticationStrengthPolicyId: ${lit(g.authenticationStrength.id)},`);
    }
    if (controls.includes('compliantDevice')) {
      lines.push('  requireCompliantDevice: true,');
    }
    if (controls.includes('domainJoinedDevice')) {
      lines.push('  requireHybridJoinedDevice: true,');
    }
    if (g.operator === 'OR') {
      used.add('GrantOperator');
      lines.push('  grantOperator: GrantOperator.OR,');
    }
    const frequency = signInFrequency(policy.sessionControls?.signInFrequency);
    if (frequency) {
      used.add('SignInFrequency');
      lines.push(`  signInFrequency: ${frequency},`);
    }
    lines.push(`  includePrincipals: [${include.join(', ')}],`);
    if (exclude.length > 0) {
      lines.push(`  excludePrincipals: [${exclude.join(', ')}],`);
    }
    lines.push(`  adopt: { policyId: ${lit(policy.id)} },`);
    lines.push('});');
    body.push(lines.join('\n'));
  }

  // An app no policy refers to needs no variable (a user's noUnusedLocals would refuse it).
  const policyText = body.filter((b) => b.startsWith('new PrivateAccessConditionalAccessPolicy')).join('\n');
  for (const [i, b] of body.entries()) {
    const m = /^const (\w+) = new (PrivateAccessApplication|QuickAccessApplication)\(/m.exec(b);
    if (m && !new RegExp(`\\b${m[1]}\\b`).test(policyText)) {
      body[i] = b.replace(`const ${m[1]} = new`, 'new');
    }
  }
  const imports = [...used].sort();
  const text = [
    `// Written by \`entra-private-access import\` from ${options.endpoint}: what the tenant's Private Access`,
    '// apps are, with the IDs that make `cdktf synth` write Terraform import blocks. Review it, run',
    '// `cdktf plan` (it should show imports and in-place updates only), apply, then edit it as code.',
    "import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';",
    "import { App, TerraformStack } from 'cdktf';",
    `import {\n${imports.map((i) => `  ${i},`).join('\n')}\n} from ${lit(options.library)};`,
    '',
    "const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });",
    `const stack = new TerraformStack(app, ${lit(options.stackName)});`,
    "new AzureadProvider(stack, 'azuread');",
    "new MsgraphProvider(stack, 'msgraph');",
    '',
    ...(principalDecls.length > 0 ? ['// Users and groups, by object ID, labelled with their display names.', ...principalDecls, ''] : []),
    ...(groupDecls.length > 0 ? [...groupDecls, ''] : []),
    ...body.flatMap((b) => [b, '']),
    'app.synth();',
    '',
  ].join('\n');
  const summary = `${snapshot.apps.length} app(s), ${segmentCount} segment(s), ${assignmentCount} assignment(s), ${groupVars.size} connector group(s), ${policyCount} policy(ies)`;
  return { text, summary, warnings };
}

/** Why a policy cannot be declared with `PrivateAccessConditionalAccessPolicy` exactly, or undefined. */
function unexpressible(policy: any, appIds: Set<string>): string | undefined {
  const c = policy.conditions ?? {};
  const include: string[] = c.applications?.includeApplications ?? [];
  if (include.includes('All')) {
    return "targets all cloud apps (it covers these apps too, but belongs to the tenant's baseline)";
  }
  if (include.some((id) => !appIds.has(id))) {
    return 'also targets applications other than Private Access apps';
  }
  if ((c.applications?.excludeApplications ?? []).length > 0 || (c.applications?.includeUserActions ?? []).length > 0) {
    return 'excludes applications or targets user actions';
  }
  const users = c.users ?? {};
  if ([...(users.includeUsers ?? []), ...(users.includeGroups ?? [])].some((id: string) => !GUID.test(id))) {
    return 'includes "All" users or another keyword rather than listed users and groups';
  }
  if ((users.includeRoles ?? []).length + (users.excludeRoles ?? []).length > 0 || users.includeGuestsOrExternalUsers || users.excludeGuestsOrExternalUsers) {
    return 'uses directory roles or guest conditions';
  }
  if (c.platforms || c.locations || c.devices || (c.signInRiskLevels ?? []).length || (c.userRiskLevels ?? []).length || (c.servicePrincipalRiskLevels ?? []).length) {
    return 'has platform, location, device or risk conditions';
  }
  if ((c.clientAppTypes ?? ['all']).some((t: string) => t !== 'all')) {
    return 'is limited to some client app types';
  }
  const g = policy.grantControls;
  if (!g || (g.builtInControls ?? []).some((x: string) => !['mfa', 'compliantDevice', 'domainJoinedDevice'].includes(x)) || (g.customAuthenticationFactors ?? []).length || (g.termsOfUse ?? []).length) {
    return 'has no grant controls, or controls other than MFA, an authentication strength and managed devices (such as block)';
  }
  if ((g.builtInControls ?? []).includes('mfa') && g.authenticationStrength?.id) {
    return 'requires both MFA and an authentication strength';
  }
  const s = policy.sessionControls;
  if (s && Object.entries(s).some(([k, v]) => k !== 'signInFrequency' && v !== null && v !== undefined && !(k === 'disableResilienceDefaults' && v === false))) {
    return 'has session controls other than the sign-in frequency';
  }
  if (s?.signInFrequency?.isEnabled && !signInFrequency(s.signInFrequency)) {
    return 'has a sign-in frequency this library does not model';
  }
  if (!STATES[policy.state]) {
    return `has the state ${policy.state}`;
  }
  return undefined;
}

function signInFrequency(f: any): string | undefined {
  if (!f?.isEnabled) {
    return undefined;
  }
  if (f.frequencyInterval === 'everyTime') {
    return 'SignInFrequency.everyTime()';
  }
  if (f.type === 'hours' && f.value >= 1 && f.value <= 23) {
    return `SignInFrequency.hours(${f.value})`;
  }
  if (f.type === 'days' && f.value >= 1 && f.value <= 365) {
    return `SignInFrequency.days(${f.value})`;
  }
  return undefined;
}
