import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import type { Principal } from '../principal';

/** An access test, as its construct declares it. */
export interface TestDeclaration {
  readonly construct: IConstruct;
  readonly principal: Principal;
  readonly accept: string[];
  readonly deny: string[];
  readonly requireMfa: boolean;
}

/** Facts a stack states (`AccessFacts`). */
export interface FactsDeclaration {
  readonly names: Array<{ readonly name: string; readonly addresses: string[] }>;
  readonly memberships: Array<{ readonly group: Principal; readonly members?: Principal[]; readonly nonMembers?: Principal[] }>;
}

/**
 * What a stack declares for its analysis besides its Terraform: access tests and facts. The
 * Private Access configuration itself is never taken from here: it is read from the synthesized
 * stack.
 */
export class StackDeclarations {
  /** The declarations of the stack `scope` belongs to. */
  public static of(scope: IConstruct): StackDeclarations {
    const stack = TerraformStack.of(scope);
    let found = DECLARATIONS.get(stack);
    if (!found) {
      found = new StackDeclarations();
      DECLARATIONS.set(stack, found);
    }
    return found;
  }

  /** The access tests, in the order they were made. */
  public readonly tests: TestDeclaration[] = [];

  /** The facts, in the order they were stated. */
  public readonly facts: FactsDeclaration[] = [];

  private constructor() {}
}

const DECLARATIONS = new WeakMap<TerraformStack, StackDeclarations>();

/**
 * Every Private Access app construct of one cdktf App, in the order they were made: what
 * `PrivateAccessInventory.toMigrate2GsaCsv` exports. The analysis never reads it.
 */
export class PrivateAccessRegistry {
  /** The registry of the cdktf App that `scope` belongs to. */
  public static of(scope: IConstruct): PrivateAccessRegistry {
    const root = scope.node.root;
    let found = REGISTRIES.get(root);
    if (!found) {
      found = new PrivateAccessRegistry();
      REGISTRIES.set(root, found);
    }
    return found;
  }

  /** The Private Access apps, in the order they were made. */
  public readonly applications: Array<import('../private-access-application-base').PrivateAccessApplicationBase> = [];

  private constructor() {}
}

const REGISTRIES = new WeakMap<IConstruct, PrivateAccessRegistry>();
