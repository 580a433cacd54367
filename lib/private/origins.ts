import { IConstruct } from 'constructs';

/** Where a construct was declared when it was not declared in code: a file and its rows. */
export interface Origin {
  /** The file's name (without the machine's directories, so that output stays byte-identical). */
  readonly file: string;
  /** The rows: their ids, or `line N`. */
  readonly rows: string[];
}

const ORIGINS = new WeakMap<IConstruct, Origin>();

/** Records where `construct` came from. */
export function setOrigin(construct: IConstruct, origin: Origin): void {
  ORIGINS.set(construct, origin);
}

/** Where `construct` came from, if it was read from a file. */
export function originOf(construct: IConstruct): Origin | undefined {
  return ORIGINS.get(construct);
}

/** `file rows a, b` for messages, or the empty string. */
export function describeOrigin(construct: IConstruct): string {
  const origin = ORIGINS.get(construct);
  return origin ? ` (${origin.file}: ${origin.rows.join(', ')})` : '';
}
