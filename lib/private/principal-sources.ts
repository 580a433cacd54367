import type { IConstruct } from 'constructs';

/**
 * How each `Principal` was made, for the analysis glue to say who it is in the access model's
 * terms (the same identity the model reader gives the object in the synthesized configuration).
 */
export interface PrincipalSource {
  /** `name` (group display name or UPN), `id` (an object ID or a token), `resource` (a construct). */
  readonly kind: 'name' | 'id' | 'resource';
  /** The object ID as given: a GUID or a token. */
  readonly objectId?: string;
  /** The label given with an object ID. */
  readonly label?: string;
  /** The group or user construct. */
  readonly resource?: IConstruct & { readonly objectId: string };
}

const SOURCES = new WeakMap<object, PrincipalSource>();

/** Records how a principal was made. */
export function setPrincipalSource(principal: object, source: PrincipalSource): void {
  SOURCES.set(principal, source);
}

/** How a principal was made. */
export function principalSource(principal: object): PrincipalSource | undefined {
  return SOURCES.get(principal);
}
