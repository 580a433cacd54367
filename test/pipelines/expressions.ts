/**
 * The expression languages of the two CI systems, as far as the example pipelines use them:
 * GitHub Actions' `${{ … }}` and `if:` (contexts, literals, ==, !=, !, &&, ||, a few functions),
 * and Azure Pipelines' conditions (and, or, not, eq, ne, in, startsWith, succeeded, …) and `$(…)`
 * macros. Anything else is an error, so a pipeline that uses more fails its test instead of being
 * evaluated wrongly.
 *
 * Semantics follow the documentation: GitHub compares strings without regard to case and `&&`/`||`
 * return an operand; a status function in `if:` replaces the implied `success()`. Azure's `eq` and
 * `ne` compare strings without regard to case; `succeeded()` is true when every dependency
 * succeeded (a skipped one did not).
 */

type Token = { kind: 'name' | 'string' | 'number' | 'op' | 'punct'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) {
          throw new Error(`unterminated string in ${JSON.stringify(text)}`);
        }
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i++;
          break;
        } else {
          value += text[i++];
        }
      }
      tokens.push({ kind: 'string', value });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', value: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'name', value: m[0] });
      i += m[0].length;
    } else {
      const two = text.slice(i, i + 2);
      if (['==', '!=', '&&', '||', '<=', '>='].includes(two)) {
        tokens.push({ kind: 'op', value: two });
        i += 2;
      } else if ('!<>'.includes(c)) {
        tokens.push({ kind: 'op', value: c });
        i++;
      } else if ('().,[]*'.includes(c)) {
        tokens.push({ kind: 'punct', value: c });
        i++;
      } else {
        throw new Error(`unexpected ${JSON.stringify(c)} in ${JSON.stringify(text)}`);
      }
    }
  }
  return tokens;
}

type Node =
  | { type: 'literal'; value: unknown }
  | { type: 'context'; name: string }
  | { type: 'member'; object: Node; key: Node }
  | { type: 'call'; name: string; args: Node[] }
  | { type: 'unary'; op: string; operand: Node }
  | { type: 'binary'; op: string; left: Node; right: Node };

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  parse(): Node {
    const node = this.or();
    if (this.pos !== this.tokens.length) {
      throw new Error(`unexpected ${JSON.stringify(this.tokens[this.pos].value)} in ${JSON.stringify(this.text)}`);
    }
    return node;
  }

  private peek(value?: string): Token | undefined {
    const t = this.tokens[this.pos];
    return t && (value === undefined || t.value === value) ? t : undefined;
  }

  private take(value: string): void {
    if (!this.peek(value)) {
      throw new Error(`expected ${JSON.stringify(value)} in ${JSON.stringify(this.text)}`);
    }
    this.pos++;
  }

  private or(): Node {
    let left = this.and();
    while (this.peek('||')) {
      this.pos++;
      left = { type: 'binary', op: '||', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.comparison();
    while (this.peek('&&')) {
      this.pos++;
      left = { type: 'binary', op: '&&', left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): Node {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t && t.kind === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(t.value)) {
        this.pos++;
        left = { type: 'binary', op: t.value, left, right: this.unary() };
      } else {
        return left;
      }
    }
  }

  private unary(): Node {
    if (this.peek('!')) {
      this.pos++;
      return { type: 'unary', op: '!', operand: this.unary() };
    }
    return this.postfix();
  }

  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      if (this.peek('.')) {
        this.pos++;
        const t = this.tokens[this.pos++];
        if (!t || t.kind !== 'name') {
          throw new Error(`expected a property name in ${JSON.stringify(this.text)}`);
        }
        node = { type: 'member', object: node, key: { type: 'literal', value: t.value } };
      } else if (this.peek('[')) {
        this.pos++;
        const key = this.or();
        this.take(']');
        node = { type: 'member', object: node, key };
      } else {
        return node;
      }
    }
  }

  private primary(): Node {
    const t = this.tokens[this.pos++];
    if (!t) {
      throw new Error(`unexpected end of ${JSON.stringify(this.text)}`);
    }
    if (t.kind === 'string') {
      return { type: 'literal', value: t.value };
    }
    if (t.kind === 'number') {
      return { type: 'literal', value: Number(t.value) };
    }
    if (t.value === '(') {
      const node = this.or();
      this.take(')');
      return node;
    }
    if (t.kind === 'name') {
      if (t.value === 'true' || t.value === 'false') {
        return { type: 'literal', value: t.value === 'true' };
      }
      if (t.value === 'null') {
        return { type: 'literal', value: null };
      }
      if (this.peek('(')) {
        this.pos++;
        const args: Node[] = [];
        while (!this.peek(')')) {
          args.push(this.or());
          if (!this.peek(')')) {
            this.take(',');
          }
        }
        this.take(')');
        return { type: 'call', name: t.value, args };
      }
      return { type: 'context', name: t.value };
    }
    throw new Error(`unexpected ${JSON.stringify(t.value)} in ${JSON.stringify(this.text)}`);
  }
}

/** Parses an expression of either system (they share this grammar). */
export function parseExpression(text: string): Node {
  return new Parser(tokenize(text), text).parse();
}

/** Whether an expression calls one of the named functions anywhere. */
export function callsAny(node: Node, names: string[]): boolean {
  switch (node.type) {
    case 'call':
      return names.includes(node.name) || node.args.some((a) => callsAny(a, names));
    case 'member':
      return callsAny(node.object, names) || callsAny(node.key, names);
    case 'unary':
      return callsAny(node.operand, names);
    case 'binary':
      return callsAny(node.left, names) || callsAny(node.right, names);
    default:
      return false;
  }
}

// ---------------------------------------------------------------- GitHub Actions

/** The contexts and status of a GitHub Actions evaluation. */
export interface GithubScope {
  readonly contexts: Record<string, unknown>;
  /** Whether everything before succeeded (the needs of a job, the earlier steps of a step). */
  readonly succeeded: boolean;
}

function ghTruthy(v: unknown): boolean {
  return !(v === false || v === 0 || v === '' || v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)));
}

function ghEquals(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === undefined ? null : v);
  const x = norm(a);
  const y = norm(b);
  if (typeof x === 'string' && typeof y === 'string') {
    return x.toLowerCase() === y.toLowerCase();
  }
  if (typeof x === typeof y) {
    return x === y;
  }
  // Mixed types: GitHub casts to numbers.
  const num = (v: unknown) => (v === null ? 0 : typeof v === 'boolean' ? Number(v) : typeof v === 'string' ? (v.trim() === '' ? 0 : Number(v)) : Number(v));
  return num(x) === num(y);
}

function ghEval(node: Node, scope: GithubScope): unknown {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'context':
      return scope.contexts[node.name];
    case 'member': {
      const object = ghEval(node.object, scope);
      const key = ghEval(node.key, scope);
      if (object === null || object === undefined || typeof object !== 'object') {
        return null;
      }
      const match = Object.keys(object).find((k) => k.toLowerCase() === String(key).toLowerCase());
      return match === undefined ? null : (object as Record<string, unknown>)[match];
    }
    case 'unary':
      return !ghTruthy(ghEval(node.operand, scope));
    case 'binary': {
      if (node.op === '&&') {
        const left = ghEval(node.left, scope);
        return ghTruthy(left) ? ghEval(node.right, scope) : left;
      }
      if (node.op === '||') {
        const left = ghEval(node.left, scope);
        return ghTruthy(left) ? left : ghEval(node.right, scope);
      }
      const left = ghEval(node.left, scope);
      const right = ghEval(node.right, scope);
      if (node.op === '==') {
        return ghEquals(left, right);
      }
      if (node.op === '!=') {
        return !ghEquals(left, right);
      }
      throw new Error(`operator ${node.op} is not used by the pipelines and not emulated`);
    }
    case 'call': {
      const args = node.args.map((a) => ghEval(a, scope));
      switch (node.name) {
        case 'success':
          return scope.succeeded;
        case 'failure':
          return !scope.succeeded;
        case 'always':
          return true;
        case 'cancelled':
          return false;
        case 'hashFiles':
          return `hash-of-${args.join(',')}`;
        case 'contains':
          return Array.isArray(args[0]) ? args[0].some((x) => ghEquals(x, args[1])) : String(args[0] ?? '').toLowerCase().includes(String(args[1] ?? '').toLowerCase());
        case 'startsWith':
          return String(args[0] ?? '').toLowerCase().startsWith(String(args[1] ?? '').toLowerCase());
        case 'format':
          return String(args[0]).replace(/\{(\d+)\}/g, (_, n) => String(args[Number(n) + 1] ?? ''));
        default:
          throw new Error(`function ${node.name}() is not emulated`);
      }
    }
  }
}

/** Evaluates a GitHub Actions `if:` (a bare expression or `${{ … }}`), with the implied `success()`. */
export function githubCondition(condition: unknown, scope: GithubScope): boolean {
  if (condition === undefined || condition === null) {
    return scope.succeeded;
  }
  if (typeof condition === 'boolean') {
    return condition && scope.succeeded;
  }
  const text = String(condition).trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const node = parseExpression(text);
  const value = ghTruthy(ghEval(node, scope));
  return callsAny(node, ['success', 'failure', 'always', 'cancelled']) ? value : value && scope.succeeded;
}

/** Replaces every `${{ … }}` in a value with its result, as GitHub does for `env`, `with` and others. */
export function githubInterpolate(value: unknown, scope: GithubScope): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{\{([\s\S]*?)\}\}$/.exec(value.trim());
    if (whole) {
      const v = ghEval(parseExpression(whole[1]), scope);
      return v === null || v === undefined ? '' : v;
    }
    return value.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => {
      const v = ghEval(parseExpression(expr), scope);
      return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
  }
  if (Array.isArray(value)) {
    return value.map((v) => githubInterpolate(v, scope));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, githubInterpolate(v, scope)]));
  }
  return value;
}

// ---------------------------------------------------------------- Azure Pipelines

/** What an Azure Pipelines condition sees. */
export interface AzureScope {
  /** Variables by name (compared without regard to case). */
  readonly variables: Record<string, string>;
  /** Whether every dependency succeeded (stages and jobs: the ones it depends on; steps: the job so far). */
  readonly succeeded: boolean;
  /** Whether a dependency failed. */
  readonly failed?: boolean;
}

function azString(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

function azEval(node: Node, scope: AzureScope): unknown {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'context':
      if (node.name === 'variables') {
        return scope.variables;
      }
      throw new Error(`context ${node.name} is not emulated in Azure conditions`);
    case 'member': {
      const object = azEval(node.object, scope) as Record<string, unknown>;
      const key = azString(azEval(node.key, scope)).toLowerCase();
      const match = Object.keys(object ?? {}).find((k) => k.toLowerCase() === key);
      return match === undefined ? null : object[match];
    }
    case 'call': {
      const args = () => node.args.map((a) => azEval(a, scope));
      const eq = (a: unknown, b: unknown) => azString(a).toLowerCase() === azString(b).toLowerCase();
      switch (node.name) {
        case 'and':
          return node.args.every((a) => Boolean(azEval(a, scope)));
        case 'or':
          return node.args.some((a) => Boolean(azEval(a, scope)));
        case 'not':
          return !azEval(node.args[0], scope);
        case 'eq': {
          const [a, b] = args();
          return eq(a, b);
        }
        case 'ne': {
          const [a, b] = args();
          return !eq(a, b);
        }
        case 'in': {
          const [a, ...rest] = args();
          return rest.some((b) => eq(a, b));
        }
        case 'startsWith': {
          const [a, b] = args();
          return azString(a).toLowerCase().startsWith(azString(b).toLowerCase());
        }
        case 'succeeded':
          return scope.succeeded;
        case 'failed':
          return Boolean(scope.failed);
        case 'always':
          return true;
        case 'succeededOrFailed':
          return true;
        default:
          throw new Error(`function ${node.name}() is not emulated`);
      }
    }
    default:
      throw new Error(`${node.type} expressions are not used in Azure conditions and not emulated`);
  }
}

/** Evaluates an Azure Pipelines `condition:`; without one, `succeeded()`. */
export function azureCondition(condition: unknown, scope: AzureScope): boolean {
  if (condition === undefined || condition === null) {
    return scope.succeeded;
  }
  return Boolean(azEval(parseExpression(String(condition)), scope));
}

/** Replaces `$(Name)` macros of defined variables, as Azure Pipelines does before a step runs. */
export function azureMacros(text: string, variables: Record<string, string>): string {
  return text.replace(/\$\(([A-Za-z0-9_.]+)\)/g, (whole, name: string) => {
    const key = Object.keys(variables).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? whole : variables[key];
  });
}
