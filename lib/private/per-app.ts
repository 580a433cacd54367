import { IConstruct } from 'constructs';

/**
 * One value per cdktf App (the root of the construct tree), made on first use: the registries
 * that checks spanning stacks read.
 */
export function perApp<T>(values: WeakMap<IConstruct, T>, scope: IConstruct, make: () => T): T {
  const root = scope.node.root;
  let value = values.get(root);
  if (value === undefined) {
    value = make();
    values.set(root, value);
  }
  return value;
}
