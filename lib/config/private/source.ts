import { Document, LineCounter, Node, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument } from 'yaml';

/** The most alias expansions the loader accepts (yaml's `maxAliasCount`). */
export const MAX_ALIAS_EXPANSION = 1000;

/** One step of a path into the file: a key of a mapping or an index of a list. */
export type PathSegment = string | number;

/** Where something is in the file, 1-based. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** `['tenants', 2, 'cidr']` → `tenants[2].cidr`. */
export function fieldOf(path: readonly PathSegment[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

/** `tenants[2].keys.kmsKeyArn` → `['tenants', 2, 'keys', 'kmsKeyArn']`. */
export function parseField(field: string): PathSegment[] {
  const path: PathSegment[] = [];
  for (const match of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    path.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return path;
}

/** A mistake YAML itself found (syntax, duplicate key, several documents). */
export interface YamlProblem {
  readonly position: Position;
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/**
 * A parsed YAML file that keeps its node ranges, so a path into the data can be turned back into
 * the line and column it was written at.
 */
export class YamlSource {
  private readonly lineCounter = new LineCounter();
  public readonly document: Document.Parsed;

  constructor(private readonly text: string) {
    this.document = parseDocument(text, { lineCounter: this.lineCounter, uniqueKeys: true, prettyErrors: false, merge: true });
  }

  /** The root node, or undefined for an empty file. */
  public get root(): Node | undefined {
    const contents = this.document.contents;
    return isNode(contents) && !(isScalar(contents) && contents.value === null) ? contents : undefined;
  }

  /** Syntax errors, duplicate keys and the like, as YAML reports them. */
  public problems(): YamlProblem[] {
    return this.document.errors.map((error) => {
      const offset = error.pos[0];
      if (error.code === 'DUPLICATE_KEY') {
        const found = this.keyAt(offset);
        const path = found?.path ?? [];
        const key = path.length > 0 ? String(path[path.length - 1]) : '';
        return { position: this.positionAt(found?.start ?? offset), path, message: `duplicate key "${cut(key)}": each key may appear once in a mapping` };
      }
      if (error.code === 'MULTIPLE_DOCS') {
        return { position: this.positionAt(offset), path: [], message: 'the file must hold one YAML document: remove the "---" separator and what follows, or merge the documents' };
      }
      return { position: this.positionAt(offset), path: [], message: `not valid YAML: ${cut(error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), 200)}` };
    });
  }

  /**
   * Explicit YAML tags (`!Ref`, `!!binary`, `!!str`...): the landing zones file is plain data, and
   * a tag would silently change or drop what is written (`name: !Ref Foo` reads as `Foo`).
   */
  public tagProblems(): YamlProblem[] {
    const problems: YamlProblem[] = [];
    this.walk((node, path) => {
      const tag = (node as { tag?: string }).tag;
      if (isNode(node) && !isAlias(node) && tag !== undefined) {
        const shown = tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
        problems.push({
          position: this.tagStart(node),
          path,
          message: `YAML tags are not allowed in the landing zones file, got ${cut(shown)}: write the plain value without the tag (the file is data, nothing in it is evaluated)`,
        });
      }
    });
    return problems;
  }

  /** Where the tag of a node is written: the `!` before the node's value on its line, else the value. */
  private tagStart(node: Node): Position {
    const start = node.range?.[0];
    if (start === undefined) return { line: 1, column: 1 };
    let bang = this.text.lastIndexOf('!', start);
    if (bang < 0 || start - bang > 1000) return this.positionAt(start);
    while (bang > 0 && this.text[bang - 1] === '!') bang -= 1;
    return this.positionAt(bang);
  }

  /** The first alias (`*name`) of the file, or the first one of `name`, with its path, for messages. */
  public firstAlias(name?: string): { position: Position; path: PathSegment[] } | undefined {
    let found: { position: Position; path: PathSegment[] } | undefined;
    this.walk((node, path) => {
      if (!found && isAlias(node) && (name === undefined || node.source === name)) found = { position: this.startOf(node), path };
    });
    return found;
  }

  /** The data, as plain JavaScript values. @throws when aliases expand beyond {@link MAX_ALIAS_EXPANSION} */
  public toJS(): unknown {
    return this.document.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  }

  /** Visits every node (keys included) with its path, in document order. */
  private walk(fn: (node: unknown, path: PathSegment[]) => void): void {
    const visit = (node: unknown, path: PathSegment[]): void => {
      if (node === null || node === undefined) return;
      fn(node, path);
      if (isMap(node)) {
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          visit(pair.key, path);
          visit(pair.value, [...path, key]);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => visit(item, [...path, i]));
      }
    };
    visit(this.document.contents, []);
  }

  /** The position of a 1-based line and column for a character offset. */
  public positionAt(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  /**
   * Where the value at `path` is written; with `at: 'key'`, where its key is. A path that does not
   * exist (a missing key) gives the position of its nearest enclosing entry.
   */
  public positionOf(path: readonly PathSegment[], at: 'key' | 'value' = 'value'): Position {
    let node: unknown = this.root;
    let position: Position = node ? this.startOf(node as Node) : { line: 1, column: 1 };
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node) && typeof segment === 'string') {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
        if (!pair) break;
        if (last && at === 'key' && isNode(pair.key)) return this.startOf(pair.key);
        // `key:` with nothing after it has a null value without a range: point at the key.
        const value = pair.value;
        if (isNode(value) && value.range) {
          node = value;
          position = this.startOf(value);
        } else {
          node = undefined;
          position = isNode(pair.key) ? this.startOf(pair.key) : position;
        }
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        node = node.items[segment];
        position = isNode(node) ? this.startOf(node) : position;
      } else {
        break;
      }
    }
    return position;
  }

  private startOf(node: Node): Position {
    return node.range ? this.positionAt(node.range[0]) : { line: 1, column: 1 };
  }

  /**
   * The mapping key that starts at `offset`, with its path; or else the first key after it (YAML
   * reports a duplicate that follows a key without a value at the end of that empty value).
   */
  private keyAt(offset: number): { path: PathSegment[]; start: number } | undefined {
    let best: { path: PathSegment[]; start: number } | undefined;
    const visit = (node: unknown, path: PathSegment[]): void => {
      if (isMap(node)) {
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          const start = isNode(pair.key) ? pair.key.range?.[0] : undefined;
          if (start !== undefined && start >= offset && (!best || start < best.start)) best = { path: [...path, key], start };
          visit(pair.value, [...path, key]);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => visit(item, [...path, i]));
      }
    };
    visit(this.document.contents, []);
    return best;
  }
}

/** A text of a message cut to its first characters and its length when it is long. */
function cut(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}... (${text.length} characters)` : text;
}
