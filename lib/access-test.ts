import { Construct } from 'constructs';
import { AccessEntry, assigns, parseAccessEntry, Route, routesTo, undecidedRoutesTo } from './private/access';
import { mfaPoliciesFor } from './private/coverage';
import { failAt, withConstructPath } from './private/errors';
import { checkPrincipal } from './private/principals';
import { checkList } from './private/text';
import { PrivateAccessRegistry } from './private/registry';
import { ensureStackChecks } from './private/stack-checks';
import { Principal } from './principal';

/** Properties of an `AccessTest`. */
export interface AccessTestProps {
  /** The user or group whose access is tested. */
  readonly principal: Principal;

  /**
   * What the principal must be able to reach: `"host:port"` (TCP) or `"host:port/udp"`, the host
   * an IPv4 address or a host name, one port each.
   *
   * @default - nothing
   */
  readonly accept?: string[];

  /**
   * What the principal must not be able to reach, written like `accept`.
   *
   * @default - nothing
   */
  readonly deny?: string[];

  /**
   * Also require that every app granting an accepted entry is covered, for this principal, by an
   * enforced Conditional Access policy requiring MFA or an authentication strength.
   *
   * @default false
   */
  readonly requireMfa?: boolean;
}

/** Whether an access test entry must be reachable or must not be. */
export enum AccessTestEntryKind {
  /** The principal must be able to reach the entry. */
  ACCEPT = 'accept',
  /** The principal must not be able to reach the entry. */
  DENY = 'deny',
}

/** The outcome of one entry of an access test. */
export interface AccessTestResult {
  /** Whether the entry is an accept or a deny entry. */
  readonly kind: AccessTestEntryKind;
  /** The entry as written. */
  readonly entry: string;
  /** Whether the entry holds. */
  readonly passed: boolean;
  /** Why it fails; empty when it passes. */
  readonly reason: string;
  /** The apps through which the principal reaches the entry. */
  readonly grantedBy: string[];
}

/**
 * An assertion about who can reach what, checked at synth like a Tailscale policy test: a failing
 * access test fails `cdktf synth`, so a change that opens or breaks access fails CI instead of
 * reaching the tenant.
 *
 * An entry is reachable for the principal when some Private Access app of the cdktf App (every
 * stack) assigns that principal and has a segment covering the host, port and protocol (an address
 * in a network or range, the same host name, or a host under a wildcard). The principal is matched
 * as the same directory object (`principal.isSameAs`: group names and UPNs in any case). Group
 * membership is not expanded: who is in a group lives in the tenant and changes without a
 * deployment, so test the groups you assign. A deny entry that a segment known only at apply might
 * cover cannot be decided at synth and fails.
 *
 * @example
 * new AccessTest(this, 'LinuxAdminsReachServers', {
 *   principal: linuxAdmins,
 *   accept: ['10.20.0.4:22', 'bastion.corp.contoso.com:22'],
 *   deny: ['10.20.0.4:3389', '10.20.0.4:53/udp'],
 *   requireMfa: true,
 * });
 */
export class AccessTest extends Construct {
  /** The principal whose access is tested. */
  public readonly principal: Principal;

  /** The entries that must be reachable. */
  public readonly accept: string[];

  /** The entries that must not be reachable. */
  public readonly deny: string[];

  /** Whether accepted access must be protected by MFA. */
  public readonly requireMfa: boolean;

  private readonly acceptEntries: readonly AccessEntry[];
  private readonly denyEntries: readonly AccessEntry[];

  constructor(scope: Construct, id: string, props: AccessTestProps) {
    super(scope, id);
    this.principal = withConstructPath(this, () => checkPrincipal('principal', props.principal));
    this.accept = withConstructPath(this, () => [...checkList('accept', props.accept, '["10.1.0.4:22"]')]);
    this.deny = withConstructPath(this, () => [...checkList('deny', props.deny, '["10.1.0.4:3389"]')]);
    this.requireMfa = props.requireMfa ?? false;
    if (this.accept.length + this.deny.length === 0) {
      failAt(this, 'the access test has no entry; give `accept` or `deny` entries such as "10.1.0.4:22"');
    }
    this.acceptEntries = withConstructPath(this, () => this.accept.map(parseAccessEntry));
    this.denyEntries = withConstructPath(this, () => this.deny.map(parseAccessEntry));
    PrivateAccessRegistry.of(this).accessTests.push(this);
    ensureStackChecks(this);
    this.node.addValidation({
      validate: () =>
        this.results()
          .filter((r) => !r.passed)
          .map((r) => `access test failed: ${r.kind} "${r.entry}": ${r.reason}`),
    });
  }

  /** Evaluates every entry against the apps of the cdktf App as they are now. */
  public results(): AccessTestResult[] {
    const registry = PrivateAccessRegistry.of(this);
    const who = `${this.principal}`;
    const granted = (routes: Route[]) => routes.filter((r) => assigns(r.app, this.principal));
    const names = (routes: Route[]) => [...new Set(routes.map((r) => r.app.displayName))];

    const accepts = this.acceptEntries.map((entry): AccessTestResult => {
      const routes = routesTo(entry, registry.applications);
      const via = granted(routes);
      const result = { kind: AccessTestEntryKind.ACCEPT, entry: entry.text, grantedBy: names(via) };
      if (routes.length === 0) {
        return { ...result, passed: false, reason: `no segment of any Private Access app covers ${entry.protocol}/${entry.port} to ${entry.host}` };
      }
      if (via.length === 0) {
        return {
          ...result,
          passed: false,
          reason: `${describeRoutes(routes)} ${routes.length > 1 ? 'cover' : 'covers'} it, but ${who} is not assigned to ${routes.length > 1 ? 'any of them' : 'it'}`,
        };
      }
      if (this.requireMfa) {
        const unprotected = via.filter((r) => mfaPoliciesFor(r.app, this.principal, registry.policies).length === 0);
        if (unprotected.length > 0) {
          return {
            ...result,
            passed: false,
            reason: `${describeRoutes(unprotected)} ${unprotected.length > 1 ? 'grant' : 'grants'} it, but no enforced Conditional Access policy requiring MFA or an authentication strength applies to ${who} there`,
          };
        }
      }
      return { ...result, passed: true, reason: '' };
    });

    const denies = this.denyEntries.map((entry): AccessTestResult => {
      const via = granted(routesTo(entry, registry.applications));
      const result = { kind: AccessTestEntryKind.DENY, entry: entry.text, grantedBy: names(via) };
      if (via.length > 0) {
        return { ...result, passed: false, reason: `${who} reaches it through ${describeRoutes(via)}` };
      }
      // A segment known only at apply might grant it: the test cannot be decided, which is never a pass.
      const unknown = granted(undecidedRoutesTo(entry, registry.applications));
      if (unknown.length > 0) {
        return {
          ...result,
          passed: false,
          reason: `cannot be decided at synth: ${unknown.map((r) => `segment ${r.segment.node.path} of app "${r.app.displayName}"`).join(' and ')}, assigned to ${who}, has a destination or ports known only at apply; give the segment literal values, or test another entry`,
        };
      }
      return { ...result, passed: true, reason: '' };
    });
    return [...accepts, ...denies];
  }
}

/** `app "X" (segment path: tcp/22 10.1.2.0/24)`, for one or more routes. */
function describeRoutes(routes: readonly Route[]): string {
  return routes.map((r) => `app "${r.app.displayName}" (segment ${r.segment.node.path}: ${r.segment})`).join(' and ');
}
