import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A path into the configuration document: object keys and array indexes. */
export type ConfigPath = readonly (string | number)[];

/** 1-based line and column in a file. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Dotted form of a path as people read it: `mappings[2].fields[0].type`. Keys that are not
 * plain identifiers are quoted: `connectors["greenhouse-eu"].apiKey` is written
 * `connectors.greenhouse-eu.apiKey` (instance names are simple enough to read unquoted).
 */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out === '' ? '(document)' : out;
}

function keyOf(node: unknown): unknown {
  return isScalar(node) ? node.value : node;
}

/**
 * Maps configuration paths back to positions in the YAML source (parsed with a
 * `LineCounter`), so every error can name file:line:column.
 */
export class ConfigSourceMap {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  /** Position of a byte offset in the source (1-based line and column). */
  positionOfOffset(offset: number): SourcePosition {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  /**
   * The node at `path`, or the deepest existing ancestor (`exact: false`) when the path
   * does not exist (a missing key is reported where its parent object starts).
   */
  nodeAt(path: ConfigPath): { node: Node | undefined; keyNode?: Node; exact: boolean } {
    let node: unknown = this.doc.contents;
    let keyNode: Node | undefined;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => String(keyOf(p.key)) === String(segment));
        if (!pair) return { node: keyNode ?? (node as Node), exact: false };
        keyNode = pair.key as Node;
        if (pair.value === null || pair.value === undefined) {
          // `key:` with no value: point at the key.
          return { node: keyNode, keyNode, exact: i === path.length - 1 };
        }
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined || item === null || isPair(item)) {
          return { node: keyNode ?? (node as Node), exact: false };
        }
        keyNode = undefined;
        node = item;
      } else {
        return { node: (node as Node | null) ?? undefined, exact: false };
      }
    }
    return { node: node as Node, keyNode, exact: true };
  }

  /** Dotted path of `target` in the document, or undefined when it is not a value node. */
  pathOf(target: unknown): string | undefined {
    const walk = (node: unknown, path: (string | number)[]): string | undefined => {
      if (node === target) return formatPath(path);
      if (isMap(node)) {
        for (const pair of node.items) {
          const found = walk(pair.value, [...path, String(keyOf(pair.key))]);
          if (found !== undefined) return found;
        }
      } else if (isSeq(node)) {
        for (let i = 0; i < node.items.length; i++) {
          const found = walk(node.items[i], [...path, i]);
          if (found !== undefined) return found;
        }
      }
      return undefined;
    };
    return walk(this.doc.contents, []);
  }

  /** Position of the value at `path` (or of its nearest existing ancestor). */
  position(path: ConfigPath): SourcePosition {
    const { node } = this.nodeAt(path);
    const offset = node?.range?.[0] ?? 0;
    return this.positionOfOffset(offset);
  }

  /** Position of the key `key` inside the object at `path` (e.g. for an unknown key). */
  keyPosition(path: ConfigPath, key: string): SourcePosition {
    const { node, exact } = this.nodeAt(path);
    if (exact && isMap(node)) {
      const pair = node.items.find((p) => String(keyOf(p.key)) === key);
      const keyRange = (pair?.key as Node | undefined)?.range;
      if (keyRange) return this.positionOfOffset(keyRange[0]);
    }
    return this.position(path);
  }

  /** True when the value at `path` is a YAML flow mapping (e.g. an unquoted `{{ … }}`). */
  isFlowMap(path: ConfigPath): boolean {
    const { node, exact } = this.nodeAt(path);
    return exact && isMap(node) && node.flow === true;
  }

  /**
   * Position of a (1-based) line and column inside the text of the scalar at `path`, for
   * errors inside a template. Exact for single-line plain and quoted scalars; otherwise
   * the scalar's own position.
   */
  positionInScalar(path: ConfigPath, line: number, column: number): SourcePosition {
    const { node, exact } = this.nodeAt(path);
    const start = this.position(path);
    if (!exact || !isScalar(node) || line !== 1 || typeof node.value !== 'string') return start;
    const end = node.range ? this.positionOfOffset(node.range[1]) : start;
    if (end.line !== start.line) return start;
    const prefix = node.value.slice(0, Math.max(0, column - 1));
    if (node.type === 'PLAIN') return { line: start.line, column: start.column + column - 1 };
    if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && !/["'\\]/.test(prefix)) {
      return { line: start.line, column: start.column + column };
    }
    return start;
  }
}
