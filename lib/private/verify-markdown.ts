/**
 * The verify report as Markdown for people (a pipeline's summary, an issue, a chat message). Every
 * piece of text from the tenant or the code goes through `md` or `code`, so a crafted display
 * name renders as the literal text it is.
 */
import { VerifyDifference, VerifyDifferenceKind, VerifyReport } from '../analysis/verify';
import { code, md } from './markdown';

/** How each kind of difference reads. */
const LABELS: Record<string, string> = {
  [VerifyDifferenceKind.APPLICATION_ONLY_IN_TENANT]: 'app in the tenant, in no code',
  [VerifyDifferenceKind.APPLICATION_ONLY_IN_CODE]: 'app in the code, not in the tenant',
  [VerifyDifferenceKind.APPLICATION_AMBIGUOUS]: 'app not matched one to one',
  [VerifyDifferenceKind.SETTINGS_CHANGED]: 'settings changed',
  [VerifyDifferenceKind.SEGMENT_ADDED]: 'segment added outside the code',
  [VerifyDifferenceKind.SEGMENT_MISSING]: 'segment missing',
  [VerifyDifferenceKind.SEGMENT_CHANGED]: 'segment changed',
  [VerifyDifferenceKind.DNS_SUFFIX_ADDED]: 'DNS suffix added outside the code',
  [VerifyDifferenceKind.DNS_SUFFIX_MISSING]: 'DNS suffix missing',
  [VerifyDifferenceKind.ASSIGNMENT_ADDED]: 'assignment added outside the code',
  [VerifyDifferenceKind.ASSIGNMENT_MISSING]: 'assignment missing',
  [VerifyDifferenceKind.ASSIGNMENT_CHANGED]: 'assignment changed',
  [VerifyDifferenceKind.CONNECTOR_GROUP_CHANGED]: 'connector group changed',
  [VerifyDifferenceKind.CONNECTOR_GROUP_INACTIVE]: 'no active connector',
  [VerifyDifferenceKind.POLICY_NOW_TARGETS]: 'policy now targets the app',
  [VerifyDifferenceKind.POLICY_STOPPED_TARGETING]: 'policy stopped targeting the app',
  [VerifyDifferenceKind.POLICY_MISSING]: 'policy missing',
  [VerifyDifferenceKind.POLICY_STATE_CHANGED]: 'policy state changed',
  [VerifyDifferenceKind.POLICY_EXCLUSIONS_CHANGED]: 'policy exclusions changed',
  [VerifyDifferenceKind.POLICY_INCLUSIONS_CHANGED]: 'policy inclusions changed',
  [VerifyDifferenceKind.POLICY_CONTROLS_CHANGED]: 'policy controls changed',
  [VerifyDifferenceKind.FORWARDING_PROFILE_OFF]: 'forwarding profile off',
  [VerifyDifferenceKind.FORWARDING_PROFILE_CHANGED]: 'forwarding profile changed',
};

const FINDING_STATUS: Record<string, string> = {
  new: '**new**',
  alsoInCode: 'also in the code',
  takenAsExisting: 'app taken as it exists',
  tenantBaseline: "the tenant's baseline",
};

const MATCHED_BY: Record<string, string> = { objectId: 'adopted object ID', displayName: 'display name', quickAccess: 'the Quick Access app' };

/** Renders the report. */
export function renderVerifyReport(report: VerifyReport): string {
  const lines: string[] = [];
  const stacks = report.code.map((c) => code(c)).join(', ');
  lines.push(`## Private Access: the tenant against the code`, '');
  lines.push(`Tenant ${code(report.tenant)}, held against ${stacks}.`, '');
  const newFindings = report.tenantFindings.filter((f) => f.drift);
  if (report.matches) {
    lines.push(`**The tenant matches the code.**${report.notCompared.length > 0 ? ` ${report.notCompared.length} thing(s) could not be compared: see the end.` : ''}`, '');
  } else {
    lines.push(
      `**Drift: ${report.differences.length} difference(s)${newFindings.length > 0 ? ` and ${newFindings.length} finding(s) of the rule pack that the code does not have` : ''}.** Terraform does not see what was changed outside the code: bring the change into the code, or undo it in the tenant.`,
      '',
    );
  }

  lines.push('### Apps', '', '| app | code | tenant | matched by | differences |', '|---|---|---|---|---|');
  for (const a of report.applications) {
    const where = a.codeAddress ? `${code(a.stack ?? '', true)} ${code(a.codePath ?? a.codeAddress, true)}` : '-';
    const matched = a.matchedBy ? `${md(MATCHED_BY[a.matchedBy] ?? a.matchedBy)}${a.takenAsExisting ? ' (taken as it exists)' : ''}` : 'not matched';
    lines.push(`| ${md(a.displayName)} | ${where} | ${a.tenantAddress ? code(a.tenantAddress, true) : '-'} | ${matched} | ${a.differences} |`);
  }
  lines.push('');

  if (report.differences.length > 0) {
    lines.push('### Differences', '');
    const byApp = new Map<string, VerifyDifference[]>();
    for (const d of report.differences) {
      const key = d.application ?? '';
      byApp.set(key, [...(byApp.get(key) ?? []), d]);
    }
    for (const [app, items] of [...byApp].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0))) {
      lines.push(app === '' ? '#### Policies, connector groups and the forwarding profile' : `#### App ${md(app)}`, '');
      lines.push(...items.map(bullet), '');
    }
  }

  if (report.tenantFindings.length > 0) {
    lines.push('### The rule pack on the tenant as it is now', '', '| | rule | level | app | finding |', '|---|---|---|---|---|');
    for (const f of report.tenantFindings) {
      const status = FINDING_STATUS[f.status] ?? md(f.status);
      lines.push(`| ${status} | ${code(f.rule, true)} | ${md(f.level)} | ${md(f.application ?? '-')} | ${md(f.message)} |`);
    }
    lines.push('');
  }

  if (report.undeclared.length > 0) {
    lines.push(
      '### Held in the tenant beyond the code, in apps the code takes as they exist',
      '',
      'Not counted as drift: the code takes these apps as it finds them (`QuickAccessApplication.fromExisting`). Declare what should stay, and remove the rest in the tenant.',
      '',
      ...report.undeclared.map(bullet),
      '',
    );
  }

  if (report.connectorGroups.length > 0) {
    lines.push('### Connector groups', '', '| group | active connectors | inactive connectors | apps |', '|---|---|---|---|');
    for (const g of report.connectorGroups) {
      lines.push(
        `| ${md(g.name)}${g.isDefault ? " (the tenant's default)" : ''} | ${g.activeConnectors} | ${g.inactiveConnectors} | ${g.applications.map(md).join(', ') || '-'} |`,
      );
    }
    lines.push('');
  }

  if (report.tenantWidePolicies.length > 0) {
    lines.push('### Policies for all apps, not in the code', '', "They apply to the Private Access apps too, and the rule pack counts them; they are the tenant's baseline, not drift.", '');
    lines.push(...report.tenantWidePolicies.map((p) => `- ${md(p)}`), '');
  }

  if (report.notCompared.length > 0) {
    lines.push('### Not compared', '');
    lines.push(...report.notCompared.map((n) => `- ${n.application !== undefined ? `${md(n.application)}: ` : ''}${md(n.what)}: ${md(n.why)}`), '');
  }
  if (report.notRead.length > 0) {
    lines.push('### Not read from the tenant', '', ...report.notRead.map((n) => `- ${md(n)}`), '');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

function bullet(d: VerifyDifference): string {
  return `- **${md(LABELS[d.kind] ?? d.kind)}**: ${md(d.message)}`;
}
