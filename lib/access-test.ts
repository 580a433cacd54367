import { Construct } from 'constructs';
import { parseAccessEntry } from './analysis/routes';
import { PrivateAccessError } from './errors';
import { failAt, withConstructPath } from './private/errors';
import { checkPrincipal } from './private/principals';
import { StackDeclarations } from './private/registry';
import { analyseStackNow } from './private/stack-analysis';
import { ensureStackChecks } from './private/stack-checks';
import { checkList } from './private/text';
import { Principal } from './principal';
import { TerraformStack } from 'cdktf';

/** Properties of an `AccessTest`. */
export interface AccessTestProps {
  /** The user or group whose access is tested. */
  readonly principal: Principal;

  /**
   * What the principal must be able to reach: `"host:port"` (TCP) or `"host:port/udp"`, the host
   * an IPv4 address, a host name, or a single-label name that Private DNS resolves.
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
  /** Whether the entry holds. An entry that cannot be decided does not. */
  readonly passed: boolean;
  /** `pass`, `fail` or `undecided`. */
  readonly outcome: string;
  /** What decides it: the apps that carry the traffic, the policies, or the fact that is missing. */
  readonly reason: string;
  /** The apps through which the principal reaches the entry. */
  readonly grantedBy: string[];
}

/**
 * An assertion about who can reach what, checked at synth like a Tailscale policy test: a failing
 * access test fails `cdktf synth`, so a change that opens or breaks access fails CI instead of
 * reaching the tenant.
 *
 * The tests are evaluated on the access model of the synthesized configuration (every stack of the
 * cdktf App), the way Private Access routes: a name is carried by the FQDN segments that cover it,
 * else resolved (Private DNS under a Quick Access DNS suffix) and carried by the address; an
 * address by the IP segments that cover it; an enterprise app's segment wins over Quick Access's,
 * and users it does not assign are blocked there. A server given by address is also reached
 * through any name stated to resolve to it. What the program cannot know (the address a name
 * resolves to, who is in a group, the existing Quick Access app's undeclared content, values known
 * only at apply) makes the entry undecided, which never passes: state the facts with `AccessFacts`.
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

  constructor(scope: Construct, id: string, props: AccessTestProps) {
    super(scope, id);
    this.principal = withConstructPath(this, () => checkPrincipal('principal', props.principal));
    this.accept = withConstructPath(this, () => [...checkList('accept', props.accept, '["10.1.0.4:22"]')]);
    this.deny = withConstructPath(this, () => [...checkList('deny', props.deny, '["10.1.0.4:3389"]')]);
    this.requireMfa = props.requireMfa ?? false;
    if (this.accept.length + this.deny.length === 0) {
      failAt(this, 'the access test has no entry; give `accept` or `deny` entries such as "10.1.0.4:22"');
    }
    for (const entry of [...this.accept, ...this.deny]) {
      withConstructPath(this, () => {
        try {
          parseAccessEntry(entry);
        } catch (err) {
          throw new PrivateAccessError((err as Error).message);
        }
      });
    }
    StackDeclarations.of(this).tests.push({ construct: this, principal: this.principal, accept: this.accept, deny: this.deny, requireMfa: this.requireMfa });
    ensureStackChecks(this);
  }

  /**
   * The outcome of every entry for the program as it is now: the stack's configuration is
   * synthesized (nothing is written) and evaluated.
   */
  public results(): AccessTestResult[] {
    const test = analyseStackNow(TerraformStack.of(this)).document.accessTests.find((t) => t.path === this.node.path);
    return (test?.results ?? []).map((r) => ({
      kind: r.kind === 'accept' ? AccessTestEntryKind.ACCEPT : AccessTestEntryKind.DENY,
      entry: r.entry,
      passed: r.passed,
      outcome: r.outcome ?? (r.passed ? 'pass' : 'fail'),
      reason: r.reason ?? '',
      grantedBy: r.grantedBy,
    }));
  }
}
