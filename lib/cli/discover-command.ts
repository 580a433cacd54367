import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_DISCOVER_OPTIONS, DiscoverOptions, DiscoveryProposal, proposeSegmentation } from '../analysis/discover';
import { discoveryCsv } from '../private/discover-csv';
import { renderDiscoveryProposal } from '../private/discover-markdown';
import { discoveryProgram } from '../private/discover-program';
import { withDeadline } from '../private/deadline';
import { logLine } from '../private/log-text';
import { Period, readConnectorMemberships, readDiscoveredSegments, readQuickAccess, readTraffic } from '../readers/tenant-reader';
import { CliCommand, parseArgs, ParsedArgs, stringOption, UsageError } from './command';
import { GraphClient } from './graph-client';
import { graphToken } from './token';

/** The options of `entra-private-access discover`. */
export interface DiscoverCommandOptions {
  readonly out: string;
  readonly program?: string;
  readonly stack: string;
  readonly library: string;
  readonly force: boolean;
  readonly period: Period;
  readonly grouping: DiscoverOptions;
  readonly maxLogEntries: number;
  readonly graphEndpoint: string;
  readonly timeoutMs: number;
  readonly progress: boolean;
}

/** A period ending at `until` (or now) and starting `since` (`30d`, `12h`) before. */
export function periodOf(since: string, until?: string): Period {
  const m = /^(\d{1,3})([dh])$/.exec(since);
  const hours = m ? Number(m[1]) * (m[2] === 'd' ? 24 : 1) : NaN;
  if (!m || hours < 1 || hours > 90 * 24) {
    throw new UsageError(`--since ${JSON.stringify(since)} is not a period such as 30d or 12h (from 1h to 90d)`);
  }
  const end = until === undefined ? Date.now() : Date.parse(until);
  if (!Number.isFinite(end) || (until !== undefined && !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?Z$/.test(until))) {
    throw new UsageError(`--until ${JSON.stringify(until)} is not a UTC time such as 2026-01-31T00:00:00Z`);
  }
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { start: iso(end - hours * 3600 * 1000), end: iso(end) };
}

/**
 * `entra-private-access discover`: reads what people reached, proposes per-app access and writes
 * the proposal (and the program that reads it). Reads only; nothing is applied.
 */
export async function runDiscover(options: DiscoverCommandOptions, log: (message: string) => void): Promise<{ proposal: DiscoveryProposal; files: string[] }> {
  const out = path.resolve(options.out);
  const program = options.program !== undefined ? path.resolve(options.program) : undefined;
  for (const file of [out, ...(program ? [program] : [])]) {
    if (fs.existsSync(file) && !options.force) {
      throw new Error(`${file} exists; choose another file, or pass --force to overwrite it`);
    }
  }
  // The program's text is made (and its names checked) before anything is read.
  const programText = program
    ? discoveryProgram({ csv: path.relative(path.dirname(program), out).split(path.sep).join('/'), stack: options.stack, library: options.library })
    : undefined;

  const progress = options.progress ? (m: string) => log(m) : () => undefined;
  const graph = new GraphClient({ endpoint: options.graphEndpoint, token: graphToken(), progress: (m) => log(logLine(m)) });
  const endpoint = options.graphEndpoint;
  const read = async () => {
    progress(`reading the application discovery report from ${options.period.start} to ${options.period.end}`);
    const discovered = await readDiscoveredSegments(graph, options.period, { endpoint, progress });
    progress(`reading the private traffic logs (at most ${options.maxLogEntries} entries)`);
    const traffic = await readTraffic(graph, options.period, { endpoint, maxEntries: options.maxLogEntries, progress });
    progress("reading the tenant's Quick Access app");
    const quickAccess = await readQuickAccess(graph, { endpoint, progress });
    const memberships = options.grouping.connectorGroup === undefined ? await readConnectorMemberships(graph, { endpoint, progress }) : undefined;
    return { discovered, traffic, quickAccess, memberships };
  };
  const r = await withDeadline(read(), options.timeoutMs, 'reading the discovery report and the traffic logs');
  const proposal = proposeSegmentation({
    period: options.period,
    discovered: r.discovered,
    traffic: r.traffic.entries,
    trafficTruncated: r.traffic.truncated,
    ...(r.quickAccess ? { quickAccess: r.quickAccess } : {}),
    quickAccessRead: r.quickAccess !== undefined,
    ...(r.memberships ? { memberships: r.memberships } : {}),
    options: options.grouping,
  });

  const files: string[] = [];
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { flag: options.force ? 'w' : 'wx' });
    const relative = path.relative(process.cwd(), file);
    files.push(relative === '' || relative.startsWith('..') ? file : relative);
  };
  write(out, discoveryCsv(proposal));
  if (program && programText) {
    write(program, programText);
  }
  progress(`proposed ${proposal.applications.length} app(s); wrote ${files.join(' and ')}`);
  return { proposal, files };
}

function integerOption(parsed: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const text = stringOption(parsed, name, String(fallback));
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`--${name} ${JSON.stringify(text)} is not a whole number from ${min} to ${max}`);
  }
  return value;
}

/** `entra-private-access discover`. */
export const DISCOVER_COMMAND: CliCommand = {
  name: 'discover',
  usage: `discover --out <proposal.csv> [--program <file.ts>] [--since 30d] [--until <time>]
         [--group-by-domain-labels 3] [--group-by-prefix 24] [--split-by-port] [--min-users 1]
         [--include-addresses] [--include-private-access] [--connector-group <name>]
         [--name-prefix <text>] [--max-log-entries 100000] [--format markdown|json]
         [--graph-endpoint <url>] [--stack <name>] [--library <module>] [--force]
         [--timeout <seconds>] [--progress]
    Reads Global Secure Access's application discovery report and private traffic logs over a
    period, groups what people reached into proposed Private Access apps (by DNS domain and by
    network, optionally by port), each with the users who used it and the Quick Access segments
    it would make unnecessary, and writes them as a Migrate2GSA CSV to review and edit (and,
    with --program, a cdktf program that reads that CSV). Reads only: nothing is applied.
    Token: ENTRA_PRIVATE_ACCESS_TOKEN, else \`az account get-access-token\`.
    --since                   how far back, such as 30d or 12h (default: 30d; at most 90d)
    --until                   the end of the period, UTC (default: now)
    --group-by-domain-labels  names are grouped by this many labels from the right (default: 3)
    --group-by-prefix         addresses are grouped by networks of this length (default: 24)
    --split-by-port           one app per protocol and port within a group
    --min-users               leave out destinations fewer users reached (default: 1)
    --include-addresses       add the address each name was reached at as a segment too
    --include-private-access  also propose what enterprise apps carry already
    --connector-group         the connector group of every proposed app (default: the group
                              whose connectors carried the traffic, else a placeholder)
    --name-prefix             put before each proposed app's name (default: "Discovered ")
    --max-log-entries         the most traffic log entries read (default: 100000)
    --format                  the summary on stdout: markdown (default) or json
    --stack, --library        the stack's name (default: discovered) and the module the program
                              imports (default: cdktf-entra-private-access)
    --force                   overwrite --out and --program if they exist
    --timeout                 the most seconds the reads may take (default: 900)
    --progress                print what is being read (default: when stderr is a terminal)`,
  run: async (args, io) => {
    const parsed = parseArgs(
      args,
      ['split-by-port', 'include-addresses', 'include-private-access', 'force', 'progress'],
      [
        'out',
        'program',
        'since',
        'until',
        'group-by-domain-labels',
        'group-by-prefix',
        'min-users',
        'connector-group',
        'name-prefix',
        'max-log-entries',
        'format',
        'graph-endpoint',
        'stack',
        'library',
        'timeout',
      ],
    );
    if (parsed.positional.length > 0) {
      throw new UsageError(`unknown argument ${JSON.stringify(parsed.positional[0])}`);
    }
    const out = stringOption(parsed, 'out');
    if (out === undefined) {
      throw new UsageError('discover needs --out <proposal.csv>');
    }
    const format = stringOption(parsed, 'format', 'markdown');
    if (format !== 'markdown' && format !== 'json') {
      throw new UsageError(`--format ${JSON.stringify(format)} is neither markdown nor json`);
    }
    const connectorGroup = stringOption(parsed, 'connector-group');
    if (connectorGroup !== undefined && (connectorGroup.trim() === '' || /^[=+\-@]/.test(connectorGroup) || /[\u0000-\u001f\u007f-\u009f]/.test(connectorGroup))) {
      throw new UsageError(`--connector-group ${JSON.stringify(connectorGroup)} is empty, has control characters, or starts with a character a spreadsheet reads as a formula`);
    }
    const namePrefix = stringOption(parsed, 'name-prefix', DEFAULT_DISCOVER_OPTIONS.namePrefix);
    if (/[\u0000-\u001f\u007f-\u009f]/.test(namePrefix) || /^[=+\-@]/.test(namePrefix) || namePrefix.length > 100) {
      throw new UsageError(`--name-prefix ${JSON.stringify(namePrefix)} has control characters, starts with a character a spreadsheet reads as a formula, or is longer than 100 characters`);
    }
    const until = stringOption(parsed, 'until');
    const result = await runDiscover(
      {
        out,
        ...(stringOption(parsed, 'program') !== undefined ? { program: stringOption(parsed, 'program') } : {}),
        stack: stringOption(parsed, 'stack', 'discovered'),
        library: stringOption(parsed, 'library', 'cdktf-entra-private-access'),
        force: parsed.options.force === true,
        period: periodOf(stringOption(parsed, 'since', '30d'), until),
        grouping: {
          domainLabels: integerOption(parsed, 'group-by-domain-labels', DEFAULT_DISCOVER_OPTIONS.domainLabels, 2, 10),
          prefixLength: integerOption(parsed, 'group-by-prefix', DEFAULT_DISCOVER_OPTIONS.prefixLength, 8, 32),
          splitByPort: parsed.options['split-by-port'] === true,
          minUsers: integerOption(parsed, 'min-users', DEFAULT_DISCOVER_OPTIONS.minUsers, 1, 1000000),
          accessTypes: parsed.options['include-private-access'] === true ? ['quickAccess', 'privateAccess'] : ['quickAccess'],
          includeAddresses: parsed.options['include-addresses'] === true,
          ...(connectorGroup !== undefined ? { connectorGroup } : {}),
          namePrefix,
        },
        maxLogEntries: integerOption(parsed, 'max-log-entries', 100000, 1, 1000000),
        graphEndpoint: stringOption(parsed, 'graph-endpoint', 'https://graph.microsoft.com'),
        timeoutMs: integerOption(parsed, 'timeout', 900, 1, 86400) * 1000,
        progress: parsed.options.progress === true || process.stderr.isTTY === true,
      },
      io.log,
    );
    io.write(format === 'json' ? `${JSON.stringify(result.proposal, null, 2)}\n` : renderDiscoveryProposal(result.proposal, result.files));
    return 0;
  },
};
