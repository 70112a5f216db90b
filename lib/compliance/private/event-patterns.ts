/**
 * Matching of CloudWatch Logs filter patterns and EventBridge event patterns against sample
 * events, so a rule can ask "would this filter see a StopLogging call" instead of looking for
 * words (an exclusion such as `$.eventName != Describe*` names eventName without selecting by it).
 * Not public API.
 */

type Json = unknown;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------- CloudWatch Logs filter patterns ----------

type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'cmp'; path: string[]; op: string; value: string | number }
  | { kind: 'exists'; path: string[]; negated: boolean }
  | { kind: 'null'; path: string[] }
  | { kind: 'bool'; path: string[]; value: boolean };

const TOKEN = /\s*(\(|\)|&&|\|\||!=|<=|>=|=|<|>|"(?:[^"\\]|\\.)*"|\$[^\s()=!<>&|]*|[^\s()=!<>&|"]+)/y;

function tokenize(text: string): string[] | undefined {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(text);
    if (!m) return undefined;
    tokens.push(m[1]);
  }
  return tokens;
}

function parsePath(selector: string): string[] {
  return selector.replace(/^\$\.?/, '').split('.').filter((p) => p.length > 0).map((p) => p.replace(/\[\d+\]$/, ''));
}

/** Parses the JSON form `{ ($.a = x) && ($.b != y*) || ... }`; undefined when it is not one. */
export function parseFilterPattern(pattern: string): Expr | undefined {
  const body = pattern.trim();
  if (!body.startsWith('{') || !body.endsWith('}')) return undefined;
  const tokens = tokenize(body.slice(1, -1));
  if (!tokens || tokens.length === 0) return undefined;
  let i = 0;
  const or = (): Expr | undefined => {
    let left = and();
    while (left && tokens[i] === '||') {
      i++;
      const right = and();
      if (!right) return undefined;
      left = { kind: 'or', left, right };
    }
    return left;
  };
  const and = (): Expr | undefined => {
    let left = term();
    while (left && tokens[i] === '&&') {
      i++;
      const right = term();
      if (!right) return undefined;
      left = { kind: 'and', left, right };
    }
    return left;
  };
  const term = (): Expr | undefined => {
    const t = tokens[i];
    if (t === '(') {
      i++;
      const e = or();
      if (tokens[i] !== ')') return undefined;
      i++;
      return e;
    }
    if (t === undefined || !t.startsWith('$')) return undefined;
    const path = parsePath(t);
    i++;
    const op = tokens[i]?.toUpperCase();
    if (op === 'NOT' && tokens[i + 1]?.toUpperCase() === 'EXISTS') {
      i += 2;
      return { kind: 'exists', path, negated: true };
    }
    if (op === 'EXISTS') {
      i++;
      return { kind: 'exists', path, negated: false };
    }
    if (op === 'IS') {
      const what = tokens[i + 1]?.toUpperCase();
      i += 2;
      if (what === 'NULL') return { kind: 'null', path };
      if (what === 'TRUE' || what === 'FALSE') return { kind: 'bool', path, value: what === 'TRUE' };
      return undefined;
    }
    if (!['=', '!=', '<', '>', '<=', '>='].includes(op ?? '')) return undefined;
    i++;
    const raw = tokens[i];
    if (raw === undefined) return undefined;
    i++;
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    return { kind: 'cmp', path, op: op!, value };
  };
  const expr = or();
  return expr && i === tokens.length ? expr : undefined;
}

function get(event: Json, path: string[]): unknown {
  let current = event;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

function wildcard(value: string): RegExp {
  return new RegExp(`^${value.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

function evaluate(expr: Expr, event: Json): boolean {
  switch (expr.kind) {
    case 'and': return evaluate(expr.left, event) && evaluate(expr.right, event);
    case 'or': return evaluate(expr.left, event) || evaluate(expr.right, event);
    case 'exists': return (get(event, expr.path) !== undefined) !== expr.negated;
    case 'null': return get(event, expr.path) === null;
    case 'bool': return get(event, expr.path) === expr.value;
    case 'cmp': {
      const actual = get(event, expr.path);
      if (typeof expr.value === 'number') {
        const n = typeof actual === 'number' ? actual : Number(actual);
        if (actual === undefined || Number.isNaN(n)) return expr.op === '!=';
        switch (expr.op) {
          case '=': return n === expr.value;
          case '!=': return n !== expr.value;
          case '<': return n < expr.value;
          case '>': return n > expr.value;
          case '<=': return n <= expr.value;
          default: return n >= expr.value;
        }
      }
      const equal = actual !== undefined && actual !== null && wildcard(expr.value).test(String(actual));
      if (expr.op === '=') return equal;
      if (expr.op === '!=') return !equal;
      return false;
    }
  }
}

/**
 * Whether a CloudWatch Logs filter pattern matches a log event (a CloudTrail record): the JSON
 * form is parsed and evaluated; the text form (`"a" "b"`, `?a ?b`, `-a`) matches terms in the
 * event's JSON text. An empty pattern matches everything; an unparsable one matches nothing.
 */
export function filterPatternMatches(pattern: string, event: Json): boolean {
  const text = pattern.trim();
  if (text === '' || text === '""') return true;
  if (text.startsWith('{')) {
    const expr = parseFilterPattern(text);
    return expr !== undefined && evaluate(expr, event);
  }
  const body = JSON.stringify(event);
  const terms = text.match(/[?-]?"(?:[^"\\]|\\.)*"|[?-]?\S+/g) ?? [];
  const optional = terms.filter((t) => t.startsWith('?')).map((t) => t.slice(1).replace(/^"|"$/g, ''));
  if (optional.length > 0) return optional.some((t) => body.includes(t));
  return terms.every((t) => (t.startsWith('-') ? !body.includes(t.slice(1).replace(/^"|"$/g, '')) : body.includes(t.replace(/^"|"$/g, ''))));
}

// ---------- EventBridge event patterns ----------

function matchValue(rule: unknown, actual: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((a) => matchValue(rule, a));
  if (!isObject(rule)) return rule === actual || (rule === null && actual === null);
  if ('prefix' in rule) return typeof actual === 'string' && typeof rule.prefix === 'string' && actual.startsWith(rule.prefix);
  if ('suffix' in rule) return typeof actual === 'string' && typeof rule.suffix === 'string' && actual.endsWith(rule.suffix);
  if ('equals-ignore-case' in rule) return typeof actual === 'string' && String(rule['equals-ignore-case']).toLowerCase() === actual.toLowerCase();
  if ('wildcard' in rule) return typeof actual === 'string' && wildcard(String(rule.wildcard)).test(actual);
  if ('exists' in rule) return (actual !== undefined) === (rule.exists === true);
  if ('anything-but' in rule) {
    const but = rule['anything-but'];
    if (actual === undefined) return false;
    if (isObject(but)) return !matchValue(but, actual);
    return !(Array.isArray(but) ? but : [but]).some((b) => b === actual);
  }
  if ('numeric' in rule) return typeof actual === 'number';
  if ('cidr' in rule) return typeof actual === 'string';
  return false;
}

function isIntrinsic(value: unknown): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** Whether an EventBridge event pattern matches an event (arrays of values, nested fields, content filters, `$or`). */
export function eventPatternMatches(pattern: unknown, event: Json): boolean {
  if (!isObject(pattern)) return false;
  for (const [key, rule] of Object.entries(pattern)) {
    if (key === '$or' && Array.isArray(rule)) {
      if (!rule.some((alt) => eventPatternMatches(alt, event))) return false;
      continue;
    }
    const actual = isObject(event) ? event[key] : undefined;
    // Values known only at deploy time (e.g. `resources: [!GetAtt Key.Arn]`, the template's own
    // resources): the sample event cannot carry them, and the deployed rule matches its resources.
    if (Array.isArray(rule) && rule.length > 0 && rule.every(isIntrinsic)) continue;
    if (Array.isArray(rule)) {
      const absentOk = rule.some((r) => isObject(r) && r.exists === false);
      if (actual === undefined) {
        if (!absentOk) return false;
        continue;
      }
      if (!rule.some((r) => matchValue(r, actual))) return false;
    } else if (isObject(rule)) {
      if (!eventPatternMatches(rule, actual)) return false;
    } else {
      return false;
    }
  }
  return true;
}
