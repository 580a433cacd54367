/**
 * The access review's Markdown renderer: headings, tables, findings and the Mermaid diagram, with
 * every piece of text escaped by ./markdown.
 */
import type { AccessReviewDocument, ReviewedRulePack } from '../analysis/review-document';
import { code, fenced, md, mermaidLabel } from './markdown';

/** Wire port ranges for people: `22-22` is `22`. */
function portsText(ports: readonly string[]): string {
  return ports.map((p) => p.replace(/^(\d+)-\1$/, '$1')).join(', ');
}

const STATE_TEXT: Record<string, string> = {
  enabled: 'enforced',
  enabledForReportingButNotEnforced: 'report-only',
  disabled: 'disabled',
};

/** Renders an access review as Markdown with a Mermaid diagram; every piece of text is escaped. */
export function renderAccessReview(doc: AccessReviewDocument): string {
  const out: string[] = [`# Access review: ${md(doc.stack)}`, ''];
  if (doc.validation && !doc.validation.ran) {
    out.push(`> **${md(doc.validation.banner ?? 'Validation, the access tests and the rule pack were not run for this review.')}**`, '');
  }
  out.push(
    `Who can reach what through Microsoft Entra Private Access in this stack, computed from ${doc.computedFrom === 'plan' ? "the plan's JSON" : 'the synthesized configuration (`cdk.tf.json`)'}: what Terraform applies.`,
    'Group membership is not expanded unless stated (`AccessFacts`): it lives in the tenant.',
    '',
    rulePackLine(doc.rulePack),
    '',
  );
  for (const f of doc.findings ?? []) {
    out.push(`- **${md(f.level)} ${md(f.rule)}** on ${code(f.construct)}: ${md(f.message)}`);
  }
  if ((doc.findings ?? []).length > 0) {
    out.push('');
  }
  if (doc.applications.length === 0) {
    out.push('This stack has no Private Access app.', '');
  }
  for (const app of doc.applications) {
    out.push(`## ${md(app.displayName)}`, '', code(app.path), '');
    out.push('| | |', '|---|---|');
    if (app.quickAccess) {
      out.push(`| Kind | the tenant's Quick Access app${app.undeclaredInTenant ? ': it exists already, and may hold segments and assignees this stack does not declare' : ''} |`);
    }
    if (app.adoptedId) {
      out.push(`| Adopted | ${code(app.adoptedId, true)} |`);
    }
    if (app.source) {
      out.push(`| Read from | ${md(app.source.file)}, rows ${app.source.rows.map(md).join(', ')} |`);
    }
    out.push(`| Connector group | ${md(app.connectorGroup)} |`);
    const assigned = app.principals.map((p) => `${md(p.description)}${p.unverified ? ' (**unverified**)' : ''}`).join(', ') || 'nobody';
    out.push(`| Assigned | ${assigned}${app.undeclaredInTenant ? ', and whoever the tenant assigns' : ''} |`, '');
    out.push('| destination | type | protocol | ports |', '|---|---|---|---|');
    for (const s of app.segments) {
      const unknown = s.unknown && s.unknown.length > 0 ? ` (**${md(s.unknown.join(', '))} known only at apply**)` : '';
      out.push(`| ${md(s.destination)}${unknown} | ${md(s.destinationType)} | ${md(s.protocol)} | ${md(portsText(s.ports))} |`);
      for (const c of s.carvedOut ?? []) {
        out.push(`| ↳ except ${md(c.destination)} | carried by ${md(c.application)} | ${md(c.protocol)} | ${md(portsText(c.ports))} |`);
      }
    }
    for (const suffix of app.dnsSuffixes ?? []) {
      out.push(`| ${md(suffix)} | dnsSuffix (Private DNS) | - | - |`);
    }
    out.push('');
    if (app.conditionalAccess.length === 0) {
      out.push('Conditional Access: **no policy targets this app.**', '');
    } else {
      out.push(
        '| Conditional Access policy | state | requires | MFA on every way in | applies to | excludes |',
        '|---|---|---|---|---|---|',
      );
      for (const p of app.conditionalAccess) {
        const requires = [p.requires.join(` ${p.grantOperator} `), p.signInFrequency ? `sign-in every ${p.signInFrequency}` : '']
          .filter(Boolean)
          .join('; ');
        out.push(
          `| ${md(p.displayName)} | ${STATE_TEXT[p.state] ?? md(p.state)} | ${md(requires)} | ${p.requiresMfaOnEveryPath ? 'yes' : '**no**'} | ${p.includes.map((x) => md(x.description)).join(', ') || 'nobody'} | ${p.excludes.map((x) => md(x.description)).join(', ') || 'nobody'} |`,
        );
      }
      out.push('');
    }
    if (app.principalsWithoutMfa.length > 0) {
      out.push(`**Assigned, and not covered by an enforced policy requiring MFA:** ${app.principalsWithoutMfa.map((p) => md(p.description)).join(', ')}`, '');
    }
    for (const u of app.mfaUndecided ?? []) {
      out.push(`**MFA undecided for ${md(u.principal.description)}:** ${md(u.why)}`, '');
    }
    if (app.findings.length > 0) {
      out.push('Findings:', '');
      for (const f of app.findings) {
        out.push(`- ${md(f.level)} ${md(f.rule)} on ${code(f.construct)}: ${md(f.message)}`);
      }
      out.push('');
    }
    if (app.suppressions.length > 0) {
      out.push('Accepted findings:', '');
      for (const s of app.suppressions) {
        out.push(`- ${md(s.rule)} on ${code(s.construct)}: ${md(s.reason)} (declared on ${code(s.declaredOn)})`);
      }
      out.push('');
    }
  }
  renderStack(doc, out);
  if (doc.accessTests.length > 0) {
    out.push('## Access tests', '', '| test | principal | entry | expected | result | through |', '|---|---|---|---|---|---|');
    for (const t of doc.accessTests) {
      for (const r of t.results) {
        const expected = r.kind === 'accept' ? (t.requireMfa ? 'reachable, with MFA' : 'reachable') : 'unreachable';
        const result = r.passed ? 'pass' : r.outcome === 'undecided' ? '**UNDECIDED**' : '**FAIL**';
        out.push(`| ${code(t.path, true)} | ${md(t.principal.description)} | ${md(r.entry)} | ${expected} | ${result} | ${r.grantedBy.map(md).join(', ') || '-'} |`);
      }
    }
    out.push('');
  }
  if (doc.applications.length > 0) {
    out.push('## Diagram', '', ...fenced('mermaid', diagram(doc)), '');
  }
  return out.join('\n');
}

/** The stack-wide parts: adopted objects, policies' other targets, groups, the forwarding profile, the network path, facts. */
function renderStack(doc: AccessReviewDocument, out: string[]): void {
  const adoptions = doc.adoptions ?? [];
  if (adoptions.length > 0) {
    out.push('## Adopted objects', '', 'Existing objects this stack takes over; removing their constructs later deletes them from the tenant.', '', '| what | address | ID in the tenant |', '|---|---|---|');
    for (const a of adoptions) {
      out.push(`| ${md(a.kind)} | ${code(a.address, true)} | ${code(a.importId, true)} |`);
    }
    out.push('');
  }
  const wide = (doc.policies ?? []).filter((p) => (p.otherTargets ?? []).length > 0);
  if (wide.length > 0) {
    out.push('## Policies that also target other apps', '');
    for (const p of wide) {
      out.push(`- ${md(p.displayName)} (${code(p.path)}): ${p.otherTargets!.map(md).join(', ')}`);
    }
    out.push('');
  }
  if (doc.forwardingProfile !== undefined) {
    out.push(`Tenant-wide: the Private Access forwarding profile is set to **${md(doc.forwardingProfile)}** by this stack.`, '');
  }
  const rules = doc.networkRules ?? [];
  const hosts = doc.connectorHosts ?? [];
  if (rules.length + hosts.length > 0) {
    out.push('## The network path', '');
    if (hosts.length > 0) {
      out.push(`Connector hosts: ${hosts.map((h) => `${md(h.name)} (${md(h.size)}${h.zone ? `, zone ${md(h.zone)}` : ''})`).join(', ')}`, '');
    }
    if (rules.length > 0) {
      out.push('| NSG | rule | direction | access | protocol | from | to | ports | priority |', '|---|---|---|---|---|---|---|---|---|');
      for (const r of rules) {
        out.push(
          `| ${md(r.networkSecurityGroup)} | ${md(r.name)} | ${md(r.direction)} | ${md(r.access)} | ${md(r.protocol)} | ${md(r.sources.join(', '))} | ${md(r.destinations.join(', '))} | ${md(r.ports.join(', '))} | ${md(r.priority)} |`,
        );
      }
      out.push('');
    }
  }
  const facts = doc.facts;
  if (facts && facts.names.length + facts.memberships.length > 0) {
    out.push('## Stated facts', '', 'What the stack states about the tenant and DNS (`AccessFacts`); the answers above rely on them.', '');
    for (const n of facts.names) {
      out.push(`- ${md(n.name)} resolves to ${n.addresses.map(md).join(', ')}`);
    }
    for (const m of facts.memberships) {
      const members = m.memberDescriptions.map(md).join(', ') || 'nobody';
      out.push(`- ${md(m.description)}: ${m.complete ? `exactly ${members}` : m.members.length > 0 ? `among others ${members}` : 'members not all stated'}${m.nonMembers.length > 0 ? `; not ${m.nonMemberDescriptions.map(md).join(', ')}` : ''}`);
    }
    out.push('');
  }
}

function rulePackLine(pack: ReviewedRulePack): string {
  if (pack.uncheckedApplications.length === 0 && pack.rules.length > 0) {
    return `Rule pack: \`PrivateAccessChecks\` checked every app of this stack (${pack.rules.map(md).join(', ')}).`;
  }
  const add = 'add it with `Aspects.of(stack).add(new PrivateAccessChecks())`';
  if (pack.rules.length === 0) {
    return `**Rule pack: not run on this stack.** No finding below comes from it; ${add}.`;
  }
  return `**Rule pack: not run on ${pack.uncheckedApplications.map((p) => code(p)).join(', ')}.** Their findings are incomplete; ${add}.`;
}

/** The Mermaid flowchart: principals → app → segments → connector group. */
function diagram(doc: AccessReviewDocument): string[] {
  const lines = ['flowchart LR'];
  const principals = [...new Set(doc.applications.flatMap((a) => a.principals.map((p) => p.description)))].sort();
  const groups = [...new Set(doc.applications.map((a) => a.connectorGroup))].sort();
  principals.forEach((p, i) => lines.push(`  P${i}["${mermaidLabel(p)}"]`));
  groups.forEach((g, i) => lines.push(`  C${i}[("connector group: ${mermaidLabel(g)}")]`));
  doc.applications.forEach((app, a) => {
    lines.push(`  A${a}{{"${mermaidLabel(app.displayName)}"}}`);
    for (const p of app.principals) {
      lines.push(`  P${principals.indexOf(p.description)} --> A${a}`);
    }
    app.segments.forEach((s, k) => {
      lines.push(`  A${a} --> S${a}_${k}["${mermaidLabel(`${s.protocol}/${portsText(s.ports).replace(/ /g, '')} ${s.destination}`)}"]`);
      lines.push(`  S${a}_${k} -.- C${groups.indexOf(app.connectorGroup)}`);
    });
    (app.dnsSuffixes ?? []).forEach((suffix, k) => {
      lines.push(`  A${a} --> D${a}_${k}["${mermaidLabel(`DNS suffix ${suffix}`)}"]`);
      lines.push(`  D${a}_${k} -.- C${groups.indexOf(app.connectorGroup)}`);
    });
  });
  return lines;
}
