import type { AccessChange, AccessDelta, DeltaChange } from '../analysis/delta';
import { code, md } from './markdown';

/** The delta as Markdown for a pull request comment; one line when nothing changed and everything could be compared. */
export function renderAccessDelta(delta: AccessDelta): string {
  const count = delta.gained.length + delta.lost.length + delta.changes.length + delta.uncomparable.length + delta.checks.length;
  if (count === 0) {
    return `Access delta of ${md(delta.stack)}: no change in who can reach what, in the Conditional Access that guards it, or in the checks.\n`;
  }
  const out = [`## Access delta: ${md(delta.stack)}`, ''];
  const table = (title: string, changes: AccessChange[], gains: boolean) => {
    if (changes.length === 0) {
      return;
    }
    out.push(`### ${title} (${changes.length})`, '', `| principal | protocol and ports | destination | app |${gains ? ' MFA |' : ''}`, `|---|---|---|---|${gains ? '---|' : ''}`);
    for (const c of changes) {
      const ports = c.ports.map((p) => (/^(\d+)-\1$/.test(p) ? p.split('-')[0] : p)).join(', ');
      const who = `${md(c.principal.description)}${c.principal.unverified ? ' (**unverified**)' : ''}`;
      const where = `${md(c.destination)}${c.via ? ` (${md(c.via)})` : ''}`;
      const mfa = gains ? ` ${c.mfa === 'yes' ? 'yes' : `**${md(c.mfa ?? 'no')}**`} |` : '';
      out.push(`| ${who} | ${md(`${c.protocol} ${ports}`)} | ${where} | ${md(c.application.displayName)} |${mfa}`);
    }
    out.push('');
  };
  const list = (title: string, changes: DeltaChange[]) => {
    if (changes.length === 0) {
      return;
    }
    out.push(`### ${title} (${changes.length})`, '');
    for (const c of changes) {
      const text = `${md(c.subject)}: ${md(c.message)}`;
      out.push(`- ${c.alarm ? `**${text}**` : text}`);
    }
    out.push('');
  };
  list('Cannot be compared', delta.uncomparable);
  table('Gains access', delta.gained, true);
  table('Loses access', delta.lost, false);
  list('Conditional Access, apps and the network', delta.changes);
  list('Rule pack and access tests', delta.checks);
  out.push(`Computed from the access models of both reviews (${code('access-review.json')}), as Terraform applies them.`, '');
  return out.join('\n');
}
