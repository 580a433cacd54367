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
  const out: string[] = [
    `# Access review: ${md(doc.stack)}`,
    '',
    'Who can reach what through Microsoft Entra Private Access in this stack, written by `cdktf synth`.',
    'Group membership is not expanded: it lives in the tenant.',
    '',
    rulePackLine(doc.rulePack),
    '',
  ];
  if (doc.applications.length === 0) {
    out.push('This stack has no Private Access app.', '');
  }
  for (const app of doc.applications) {
    out.push(`## ${md(app.displayName)}`, '', code(app.path), '');
    out.push('| | |', '|---|---|');
    if (app.quickAccess) {
      out.push("| Kind | the tenant's Quick Access app |");
    }
    if (app.source) {
      out.push(`| Read from | ${md(app.source.file)}, rows ${app.source.rows.map(md).join(', ')} |`);
    }
    out.push(`| Connector group | ${md(app.connectorGroup)} |`);
    out.push(`| Assigned | ${app.principals.map((p) => md(p.description)).join(', ') || 'nobody'} |`, '');
    out.push('| destination | type | protocol | ports |', '|---|---|---|---|');
    for (const s of app.segments) {
      out.push(`| ${md(s.destination)} | ${md(s.destinationType)} | ${md(s.protocol)} | ${md(portsText(s.ports))} |`);
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
  if (doc.accessTests.length > 0) {
    out.push('## Access tests', '', '| test | principal | entry | expected | result | through |', '|---|---|---|---|---|---|');
    for (const t of doc.accessTests) {
      for (const r of t.results) {
        const expected = r.kind === 'accept' ? (t.requireMfa ? 'reachable, with MFA' : 'reachable') : 'unreachable';
        out.push(
          `| ${code(t.path, true)} | ${md(t.principal.description)} | ${md(r.entry)} | ${expected} | ${r.passed ? 'pass' : '**FAIL**'} | ${r.grantedBy.map(md).join(', ') || '-'} |`,
        );
      }
    }
    out.push('');
  }
  if (doc.applications.length > 0) {
    out.push('## Diagram', '', ...fenced('mermaid', diagram(doc)), '');
  }
  return out.join('\n');
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
