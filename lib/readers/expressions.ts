/**
 * Reading Terraform expressions inside the strings of a synthesized configuration: where a string
 * interpolates (`${...}`), and which objects an expression refers to. Only what the readers need:
 * this is no HCL parser, and anything it does not recognise is kept as an expression, never
 * guessed at.
 */

/** The `${...}` parts of a string, their contents without the braces; `$${` is a literal. */
export function interpolations(text: string): string[] {
  const found: string[] = [];
  if (!text.includes('${')) {
    return found; // a literal (most strings of a configuration): nothing to scan
  }
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$' && text[i + 2] === '{') {
      i += 2; // an escaped `$${`: literal text
      continue;
    }
    if (text[i] === '$' && text[i + 1] === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) {
        return found; // unbalanced: Terraform would reject it; nothing more to read
      }
      found.push(text.slice(i + 2, end));
      i = end;
    }
  }
  return found;
}

/** Whether a string holds any interpolation, i.e. its value is known only at apply (or at plan). */
export function isExpression(text: string): boolean {
  return interpolations(text).length > 0;
}

/** The index of the `}` that closes an interpolation whose contents start at `from`, or -1. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = closingQuote(text, i + 1);
      if (i < 0) {
        return -1;
      }
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      if (depth === 0) {
        return i;
      }
      depth--;
    }
  }
  return -1;
}

/** The index of the `"` closing a quoted template string that starts at `from`, or -1. */
function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
    } else if (text[i] === '$' && text[i + 1] === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) {
        return -1;
      }
      i = end;
    } else if (text[i] === '"') {
      return i;
    }
  }
  return -1;
}

/** A reference in an expression, such as `data.msgraph_resource.Lookup_1.output.id`. */
export interface Reference {
  /** The address of the object referred to: `azuread_group.ops`, `data.azuread_group.x`, `var.port`. */
  readonly root: string;
  /** The attribute path after the root, dotted: `object_id`, `output.id`; empty for the whole object. */
  readonly attribute: string;
  /** `root` and `attribute` joined by a dot: the canonical form of the reference. */
  readonly path: string;
}

const IDENT = '[A-Za-z_][A-Za-z0-9_-]*';
const STEP = `(?:\\.${IDENT}|\\[\\s*"(?:[^"\\\\]|\\\\.)*"\\s*\\]|\\[\\s*\\d+\\s*\\])`;
const TRAVERSAL = new RegExp(`(?<![A-Za-z0-9_."\\]-])(${IDENT})((?:${STEP})*)`, 'g');

/** The references in one expression (the contents of a `${...}`), in order. */
export function referencesIn(expression: string): Reference[] {
  const withoutStrings = blankQuotedText(expression);
  const refs: Reference[] = [];
  for (const m of withoutStrings.matchAll(TRAVERSAL)) {
    const start = m.index ?? 0;
    const head = m[1];
    const steps = splitSteps(expression.slice(start + head.length, start + m[0].length));
    if (head === 'var' || head === 'local' || head === 'self' || head === 'each' || head === 'count' || head === 'path' || head === 'terraform') {
      if (steps.length === 0) {
        continue;
      }
      refs.push(reference(`${head}.${steps[0]}`, steps.slice(1)));
    } else if (head === 'data' || head === 'module') {
      if (steps.length < 2 && head === 'data') {
        continue;
      }
      const rootSteps = head === 'data' ? 2 : 1;
      refs.push(reference([head, ...steps.slice(0, rootSteps)].join('.'), steps.slice(rootSteps)));
    } else if (steps.length > 0 && /^[a-z][a-z0-9]*_[a-z0-9_]+$/.test(head)) {
      // A resource: `type.name[.attribute...]`. Function calls (`lower(`) have no steps here.
      refs.push(reference(`${head}.${steps[0]}`, steps.slice(1)));
    }
  }
  return refs;
}

function reference(root: string, attributeSteps: string[]): Reference {
  const attribute = attributeSteps.join('.');
  return { root, attribute, path: attribute ? `${root}.${attribute}` : root };
}

const STEP_PARTS = new RegExp(`\\.(${IDENT})|\\[\\s*"((?:[^"\\\\]|\\\\.)*)"\\s*\\]|\\[\\s*(\\d+)\\s*\\]`, 'g');

/** `.a["b"][0]` → `['a', 'b', '0']`. */
function splitSteps(text: string): string[] {
  const steps: string[] = [];
  for (const m of text.matchAll(STEP_PARTS)) {
    steps.push(m[1] ?? (m[2] !== undefined ? JSON.parse(`"${m[2]}"`) : m[3]));
  }
  return steps;
}

/** The expression with the contents of its quoted strings replaced by spaces (same length). */
function blankQuotedText(expression: string): string {
  if (!expression.includes('"')) {
    return expression;
  }
  let out = '';
  for (let i = 0; i < expression.length; i++) {
    if (expression[i] === '"') {
      const end = closingQuote(expression, i + 1);
      const stop = end < 0 ? expression.length - 1 : end;
      out += `"${' '.repeat(Math.max(0, stop - i - 1))}${end < 0 ? '' : '"'}`;
      i = stop;
    } else {
      out += expression[i];
    }
  }
  return out;
}

/**
 * The reference a string is exactly (`"${azuread_group.ops.object_id}"`), or undefined when the
 * string is a literal, holds text around the interpolation, or computes something.
 */
export function exactReference(text: string): Reference | undefined {
  // A configuration refers to the same object many times (every segment of an app to the app):
  // the answers are kept, within a bound.
  const known = EXACT_REFERENCES.get(text);
  if (known !== undefined) {
    return known ?? undefined;
  }
  const found = findExactReference(text);
  if (EXACT_REFERENCES.size >= MAX_KEPT_REFERENCES) {
    EXACT_REFERENCES.clear();
  }
  EXACT_REFERENCES.set(text, found ?? null);
  return found;
}

const EXACT_REFERENCES = new Map<string, Reference | null>();
const MAX_KEPT_REFERENCES = 100_000;

function findExactReference(text: string): Reference | undefined {
  const m = /^\$\{([^]*)\}$/.exec(text);
  if (!m || interpolations(text).length !== 1) {
    return undefined;
  }
  const inner = m[1].trim();
  const refs = referencesIn(inner);
  if (refs.length !== 1) {
    return undefined;
  }
  // The whole expression must be that one traversal.
  const compact = inner.replace(/\s+/g, '');
  const ref = refs[0];
  const rendered = renderTraversal(ref);
  return compact === rendered || canonicalTraversal(compact) === rendered ? ref : undefined;
}

/** `data.x.y.output.id` as written with dots. */
function renderTraversal(ref: Reference): string {
  return ref.path;
}

/** `a.b["c"][0]` → `a.b.c.0`. */
function canonicalTraversal(text: string): string {
  return text.replace(/\[\s*"((?:[^"\\]|\\.)*)"\s*\]/g, (_m, key: string) => `.${JSON.parse(`"${key}"`)}`).replace(/\[\s*(\d+)\s*\]/g, '.$1');
}

/** Every reference in every interpolation of a string. */
export function referencesInText(text: string): Reference[] {
  return interpolations(text).flatMap(referencesIn);
}

/** Every string in a JSON value, with the keys on its way (for skipping `//`, `depends_on` and the like). */
export function* stringsOf(value: unknown, skipKeys: ReadonlySet<string>): Generator<string> {
  if (typeof value === 'string') {
    yield value;
  } else if (Array.isArray(value)) {
    for (const v of value) {
      yield* stringsOf(v, skipKeys);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (!skipKeys.has(k)) {
        yield* stringsOf(v, skipKeys);
      }
    }
  }
}
