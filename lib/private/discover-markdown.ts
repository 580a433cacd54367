/**
 * The proposal of `discover` as Markdown for people: what was read, the proposed apps and what
 * was left out. Every piece of text from the tenant goes through `md` or `code`.
 */
import { CONNECTOR_GROUP_PLACEHOLDER, DiscoveryProposal, showPortList } from '../analysis/discover';
import { code, md } from './markdown';

/** How many users a segment's row lists before "and N more". */
const USERS_SHOWN = 5;

/** How many segments an app's table lists before "and N more" (the CSV has them all). */
const SEGMENTS_SHOWN = 20;

/** Renders the proposal; `files` are the files written, for the closing lines. */
export function renderDiscoveryProposal(p: DiscoveryProposal, files: string[]): string {
  const lines: string[] = [];
  const segments = p.applications.reduce((n, a) => n + a.segments.length, 0);
  const left = p.skipped.reduce((n, s) => n + s.count, 0);
  lines.push('## Private Access: per-app access proposed from what people reached', '');
  lines.push(
    `From ${code(p.period.start)} to ${code(p.period.end)}: ${p.discoveredSegments} discovered segment(s) and ${p.trafficEntries} private traffic log entries read; ` +
      `${p.applications.length} app(s) proposed with ${segments} segment(s); ${left} discovered segment(s) left out.`,
    '',
  );
  lines.push(
    `Grouped by the last ${p.options.domainLabels} labels of names and /${p.options.prefixLength} networks of addresses${p.options.splitByPort ? ', split by protocol and port' : ''}; ` +
      `access types ${p.options.accessTypes.map((t) => code(t)).join(', ')}; at least ${p.options.minUsers} user(s)${p.options.includeAddresses ? '; the addresses names were reached at included' : ''}.`,
    '',
  );
  if (p.applications.length > 0) {
    lines.push('| app | grouped by | segments | users | connector group | Quick Access segments made unnecessary |', '|---|---|---|---|---|---|');
    for (const a of p.applications) {
      const group = a.connectorGroupFrom === 'placeholder' ? `${code(CONNECTOR_GROUP_PLACEHOLDER, true)} (fill in)` : `${md(a.connectorGroup)}${a.connectorGroupFrom === 'traffic' ? ' (from the traffic)' : ''}`;
      lines.push(`| ${md(a.displayName)} | ${md(a.groupedBy)} | ${a.segments.length} | ${a.users.length} | ${group} | ${a.quickAccessSegmentsMadeUnnecessary.map(md).join('; ') || '-'} |`);
    }
    lines.push('');
  }
  for (const a of p.applications) {
    lines.push(`### ${md(a.displayName)}`, '', '| destination | protocol | ports | users (report) | who (traffic logs) | last access |', '|---|---|---|---|---|---|');
    for (const s of a.segments.slice(0, SEGMENTS_SHOWN)) {
      const who = s.users.length > USERS_SHOWN ? `${s.users.slice(0, USERS_SHOWN).map(md).join(', ')} and ${s.users.length - USERS_SHOWN} more` : s.users.map(md).join(', ') || '-';
      lines.push(`| ${md(s.destination)} | ${md(s.protocol)} | ${md(showPortList(s.ports))} | ${s.userCount} | ${who} | ${md(s.lastAccessDateTime ?? '-')} |`);
    }
    if (a.segments.length > SEGMENTS_SHOWN) {
      lines.push(`| … and ${a.segments.length - SEGMENTS_SHOWN} more in the CSV | | | | | |`);
    }
    if (a.quickAccessSegmentsPartlyTaken.length > 0) {
      lines.push('', `Takes part of the Quick Access segment(s) ${a.quickAccessSegmentsPartlyTaken.map(md).join('; ')}, which stay for the rest.`);
    }
    lines.push('');
  }
  if (p.skipped.length > 0) {
    lines.push('### Left out', '', ...p.skipped.map((s) => `- ${md(s.reason)}: ${s.count} (${s.examples.map((e) => code(e)).join(', ')}${s.count > s.examples.length ? ', …' : ''})`), '');
  }
  const notes: string[] = [];
  if (p.trafficTruncated) {
    notes.push(`The traffic logs were read up to the limit (${p.trafficEntries} entries, --max-log-entries): some users may be missing; choose a shorter --since or raise the limit.`);
  }
  if (!p.quickAccessRead) {
    notes.push('The tenant has no Quick Access app: no Quick Access segment is made unnecessary.');
  }
  if (!p.connectorGroupsRead && !p.applications.every((a) => a.connectorGroupFrom === 'given')) {
    notes.push('Connector groups could not be read (Microsoft supports those reads for signed-in users only): give --connector-group, or fill the placeholders in.');
  }
  if (p.applications.some((a) => a.connectorGroupFrom === 'placeholder')) {
    notes.push(`Apps with the connector group ${code(CONNECTOR_GROUP_PLACEHOLDER)} do not deploy until it is replaced with the group whose connectors reach their servers.`);
  }
  notes.push('Users are listed as the traffic logs name them; replace them with groups in the CSV before deploying. Nothing was applied.');
  lines.push('### Notes', '', ...notes.map((n) => `- ${n}`), '');
  if (files.length > 0) {
    lines.push(`Written: ${files.map((f) => code(f)).join(', ')}.`, '');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
