import { IConstruct } from 'constructs';
import { perApp } from './per-app';

/** The tag the service gives the tenant's Quick Access app (`applicationType "quickaccessapp"`). */
export const QUICK_ACCESS_TAG = 'NetworkAccessQuickAccessApplication';

/** What the checks shared with enterprise apps need to know of the Quick Access app. */
export interface QuickAccessFacts {
  /** The app exists in the tenant: what it holds beyond what the program declares is unknown here. */
  readonly existing: boolean;
  /** Its DNS suffixes, as text. */
  readonly dnsSuffixes: () => string[];
}

const QUICK_ACCESS_APPS = new WeakMap<IConstruct, IConstruct[]>();
const FACTS = new WeakMap<IConstruct, QuickAccessFacts>();

/**
 * Records a Quick Access app of the cdktf App and returns the ones recorded before it (a tenant has
 * one, so there should be none).
 */
export function registerQuickAccess(app: IConstruct, facts: QuickAccessFacts): IConstruct[] {
  const apps = perApp(QUICK_ACCESS_APPS, app, () => [] as IConstruct[]);
  const before = [...apps];
  apps.push(app);
  FACTS.set(app, facts);
  return before;
}

/** Whether `app` is the Quick Access app: its segments may overlap enterprise apps', which win. */
export function isQuickAccess(app: IConstruct): boolean {
  return FACTS.has(app);
}

/** The Quick Access facts of `app`, or undefined for an enterprise app. */
export function quickAccessFacts(app: IConstruct): QuickAccessFacts | undefined {
  return FACTS.get(app);
}
