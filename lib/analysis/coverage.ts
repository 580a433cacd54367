/**
 * The one evaluation of Conditional Access coverage: which enforced policies require MFA (or an
 * authentication strength) on every way into an app for a principal. The rule pack (EPA-CA-1), the
 * access tests (`requireMfa`), the review and the delta all use it.
 *
 * A policy applies to a principal it includes (directly, through all users, or through a group
 * whose members are stated) and does not exclude (directly, or through a group). Report-only and
 * disabled policies enforce nothing. When a principal is a group and the policy excludes another
 * group whose members are not stated, members of both connect without MFA: coverage is undecided,
 * and says so. Excluded users and roles are exceptions the review names.
 */
import { ModelApplication, ModelPolicy, ModelPrincipalReference, ModelPrincipalType } from '../model/access-model';
import { AccessGraph, Answer, Subject } from './routes';
import { show } from './shapes';

/** Whether every way to satisfy the policy's grant controls includes MFA or an authentication strength. */
export function requiresMfaOnEveryPath(policy: ModelPolicy): boolean {
  const controls = policy.builtInControls.map((c) => c.toLowerCase());
  const strong = controls.includes('mfa') || policy.authenticationStrengthPolicyId !== undefined;
  if (!strong || controls.includes('block')) {
    return false;
  }
  // With AND every control is required; with OR any one lets in, so MFA or the strength must be the only kind.
  return (policy.grantOperator.value ?? '').toUpperCase() === 'AND' || controls.every((c) => c === 'mfa');
}

/** Whether the policy is enforced (`enabled`, known when the configuration is written). */
export function isEnforced(policy: ModelPolicy): boolean {
  return policy.state.value === 'enabled';
}

/** Whether the policy targets the app: by the app's client ID, or all apps, and does not exclude it. */
export function targets(policy: ModelPolicy, app: ModelApplication): boolean {
  const all = policy.otherApplications.some((v) => v.value === 'All');
  const excluded = app.clientId !== undefined && policy.excludedApplications.some((v) => v.value === app.clientId);
  return (policy.applications.includes(app.source.address) || all) && !excluded;
}

/** How a policy bears on one principal. */
export interface PolicyApplication {
  readonly answer: Answer;
  /** Who the policy leaves out although it covers the principal (excluded users, roles, stated members). */
  readonly except: string[];
  readonly why: string;
}

/** Whether the policy applies to the subject, with the exceptions it makes. */
export function appliesTo(policy: ModelPolicy, subject: Subject, graph: AccessGraph): PolicyApplication {
  // Coverage needs proof of inclusion: a group the policy includes may contain the principal, but
  // unless that is stated, the principal is taken as not included (EPA-CA-1 then errs on the safe side).
  const memberships = policy.includes.map((p) => graph.memberOf(subject, p, true));
  const included = policy.includesAllUsers || memberships.includes('yes');
  if (!included) {
    const maybe = policy.includes.filter((_, i) => memberships[i] === 'unknown').map((p) => p.description);
    return {
      answer: 'no',
      except: [],
      why: maybe.length > 0 || policy.includedRoles.length > 0
        ? `not included (it includes ${[...maybe, ...policy.includedRoles.map((r) => `role ${show(r)}`)].join(', ')}; if ${subject.description} is in one, state it with AccessFacts)`
        : 'not included',
    };
  }
  const except: string[] = [];
  const undecided: string[] = [];
  let excluded: Answer = 'no';
  for (const x of policy.excludes) {
    const m = graph.memberOf(subject, x, true);
    if (m === 'yes') {
      excluded = 'yes';
    } else if (x.principalType === ModelPrincipalType.USER || x.principalType === ModelPrincipalType.SERVICE_PRINCIPAL) {
      if (subject.principalType === ModelPrincipalType.GROUP) {
        except.push(x.description); // the excluded user, if a member of the group
      }
    } else if (subject.principalType === ModelPrincipalType.GROUP || m === 'unknown') {
      const members = graph.facts.membersOf(x.identity);
      if (members !== undefined) {
        except.push(...members.filter((id) => id !== subject.identity).map((id) => graph.facts.describeMember(id)));
        if (members.includes(subject.identity)) {
          excluded = 'yes';
        }
      } else if (x.reference === ModelPrincipalReference.EXPRESSION || subject.reference === ModelPrincipalReference.EXPRESSION || x.principalType === ModelPrincipalType.GROUP || x.principalType === ModelPrincipalType.UNKNOWN) {
        undecided.push(
          subject.principalType === ModelPrincipalType.GROUP
            ? `it excludes ${x.description}: members of both ${subject.description} and ${x.description} are not covered, and who they are is not stated (AccessFacts members)`
            : `it excludes ${x.description}, and whether ${subject.description} is a member is not stated (AccessFacts members)`,
        );
      }
    }
  }
  if (excluded === 'yes') {
    return { answer: 'no', except: [], why: 'excluded' };
  }
  except.push(...policy.excludedRoles.map((r) => `holders of the role ${show(r)}`));
  if (undecided.length > 0) {
    return { answer: 'unknown', except, why: undecided.join('; ') };
  }
  return { answer: 'yes', except, why: 'included' };
}

/** MFA coverage of a principal on an app. */
export interface Coverage {
  readonly answer: Answer;
  /** The enforced MFA policies that cover the principal there (display names). */
  readonly policies: string[];
  /** Who those policies leave out. */
  readonly except: string[];
  /** Why, in words, when not covered or undecided. */
  readonly why: string;
}

/** The enforced policies targeting the app that require MFA on every way in. */
export function mfaPoliciesOf(app: ModelApplication, policies: readonly ModelPolicy[]): ModelPolicy[] {
  return policies.filter((p) => isEnforced(p) && targets(p, app) && requiresMfaOnEveryPath(p));
}

/** Whether an enforced policy requiring MFA on every way in covers the subject on the app. */
export function coverage(app: ModelApplication, subject: Subject, policies: readonly ModelPolicy[], graph: AccessGraph): Coverage {
  const candidates = mfaPoliciesOf(app, policies);
  if (candidates.length === 0) {
    return { answer: 'no', policies: [], except: [], why: 'no enforced Conditional Access policy requiring MFA or an authentication strength on every way in targets the app' };
  }
  const results = candidates.map((p) => ({ p, a: appliesTo(p, subject, graph) }));
  const covering = results.filter((r) => r.a.answer === 'yes');
  if (covering.length > 0) {
    // Several policies apply together: someone one leaves out is still covered by another.
    const except = covering.map((r) => new Set(r.a.except)).reduce((acc, s) => new Set([...acc].filter((x) => s.has(x))));
    return { answer: 'yes', policies: covering.map((r) => policyName(r.p)).sort(), except: [...except].sort(), why: '' };
  }
  const undecided = results.filter((r) => r.a.answer === 'unknown');
  if (undecided.length > 0) {
    return { answer: 'unknown', policies: [], except: [], why: undecided.map((r) => `policy "${policyName(r.p)}": ${r.a.why}`).join('; ') };
  }
  return {
    answer: 'no',
    policies: [],
    except: [],
    why: `the enforced MFA ${candidates.length > 1 ? 'policies' : 'policy'} ${candidates.map((p) => `"${policyName(p)}"`).join(', ')} ${results.some((r) => r.a.why === 'excluded') ? 'exclude' : 'do not include'} ${subject.description}`,
  };
}

/** A policy's display name, or its path when known only at apply. */
export function policyName(p: ModelPolicy): string {
  return p.displayName.value ?? p.source.path ?? p.source.address;
}

/** The subject of a model principal. */
export function subjectOf(p: { identity: string; principalType: string; description: string; reference?: string }): Subject {
  return { identity: p.identity, principalType: p.principalType, description: p.description, ...(p.reference ? { reference: p.reference } : {}) };
}
