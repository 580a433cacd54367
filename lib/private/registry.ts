import { IConstruct } from 'constructs';
import type { AccessTest } from '../access-test';
import type { PrivateAccessApplicationBase } from '../private-access-application-base';
import type { PrivateAccessConditionalAccessPolicy } from '../private-access-conditional-access-policy';
import { perApp } from './per-app';
import { computeOverlaps, SegmentOverlaps } from './segment-overlaps';

/**
 * Every Private Access app and Conditional Access policy of one cdktf App, so that validations
 * and checks that span apps (overlaps, policy coverage) need no walk of the construct tree.
 */
export class PrivateAccessRegistry {
  /** The registry of the cdktf App that `scope` belongs to. */
  public static of(scope: IConstruct): PrivateAccessRegistry {
    return perApp(REGISTRIES, scope, () => new PrivateAccessRegistry());
  }

  /** The Private Access apps, in the order they were made. */
  public readonly applications: PrivateAccessApplicationBase[] = [];

  /** The Conditional Access policies, in the order they were made. */
  public readonly policies: PrivateAccessConditionalAccessPolicy[] = [];

  /** The access tests, in the order they were made. */
  public readonly accessTests: AccessTest[] = [];

  private segmentCount = 0;
  private cached?: { readonly signature: string; readonly result: SegmentOverlaps };

  private constructor() {}

  /** Tells the registry that an app gained a segment, so that cached overlaps are recomputed. */
  public segmentAdded(): void {
    this.segmentCount++;
  }

  /**
   * The overlaps between all segments of all apps. Segments and apps are only ever added, so the
   * result is cached until their number changes: each app's validation then costs only its own
   * findings.
   */
  public overlaps(): SegmentOverlaps {
    const signature = `${this.applications.length}:${this.segmentCount}`;
    if (this.cached?.signature === signature) {
      return this.cached.result;
    }
    const result = computeOverlaps(this.applications.flatMap((app) => app.segments));
    this.cached = { signature, result };
    return result;
  }
}

const REGISTRIES = new WeakMap<IConstruct, PrivateAccessRegistry>();
