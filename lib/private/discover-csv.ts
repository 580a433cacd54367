/**
 * The proposal of `discover` as a Migrate2GSA CSV (one row per segment), the file people review
 * and edit in a spreadsheet and `PrivateAccessInventory.fromMigrate2GsaCsv` reads. Every value in
 * it was checked when the proposal was made: names and addresses are what `Destination` accepts,
 * users are UPNs or object IDs, and nothing starts with a character a spreadsheet reads as a
 * formula.
 */
import { DiscoveryProposal, showPortList } from '../analysis/discover';
import { writeCsv } from './migrate2gsa';

/** The CSV text of the proposal. */
export function discoveryCsv(proposal: DiscoveryProposal): string {
  const rows: Array<{ [column: string]: string }> = [];
  for (const app of proposal.applications) {
    for (const s of app.segments) {
      rows.push({
        SegmentId: `DISC-${String(rows.length + 1).padStart(6, '0')}`,
        OriginalAppName: app.groupedBy,
        EnterpriseAppName: app.displayName,
        destinationHost: s.destination,
        DestinationType: s.destinationType === 'fqdn' ? 'FQDN' : 'ipAddress',
        Protocol: s.protocol.toUpperCase(),
        Ports: showPortList(s.ports),
        EntraGroups: '',
        EntraUsers: s.users.join('; '),
        ConnectorGroup: app.connectorGroup,
        Conflict: 'No',
        Provision: 'Yes',
        isQuickAccess: 'no',
      });
    }
  }
  return writeCsv(rows);
}
