/**
 * YAML (and JSON, a subset of YAML 1.2) parsed with line numbers, so import problems can point
 * at the line of the offending key, like CSV problems name their row. One parse, two views:
 * `parseYamlLocated` (the plain value plus `lineOf('images[2].url')`, for front matter and topic
 * files) and `parseLocated` (plain values whose maps remember their lines, for methodologies).
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Problems } from './problems';

interface Parsed {
  doc: Document;
  /** 1-based line in the whole file of an offset in the parsed text. */
  lineAt: (offset: number) => number;
}

/** `firstLine`: the line of the file the text starts on; `what` names the syntax in error messages. */
function parseWithLines(file: string, text: string, problems: Problems, firstLine: number, what: string): Parsed | null {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lc.linePos(offset).line + firstLine - 1;
  if (doc.errors.length) {
    for (const e of doc.errors) problems.add(file, `not valid ${what}: ${e.message.split('\n')[0]}`, lineAt(e.pos[0]));
    return null;
  }
  return { doc, lineAt };
}

const rangeStart = (node: unknown): number | undefined => (node as Node | null)?.range?.[0];

export interface LocatedYaml {
  value: unknown;
  /** 1-based line in the whole file of a field path such as "topics" or "images[1].caption"; the deepest node that exists. */
  lineOf(field: string): number | undefined;
}

export function parseYamlLocated(file: string, text: string, problems: Problems, firstLine = 1): LocatedYaml | null {
  const parsed = parseWithLines(file, text, problems, firstLine, 'YAML');
  if (!parsed) return null;
  const { doc, lineAt } = parsed;
  const lineOf = (field: string): number | undefined => {
    const path = field
      .split(/[.[\]]+/)
      .filter(Boolean)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    let node: unknown = doc.contents;
    let line: number | undefined;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === key);
        if (!pair) break;
        const start = rangeStart(pair.key);
        if (start !== undefined) line = lineAt(start);
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number' && node.items[key]) {
        node = node.items[key];
        const start = rangeStart(node);
        if (start !== undefined) line = lineAt(start);
      } else break;
    }
    return line;
  };
  return { value: doc.toJS(), lineOf };
}

const LINES = Symbol('lines');

export type Located = Record<string, unknown> & { [LINES]?: { self: number; keys: Record<string, number> } };

export function lineOf(map: Located, key?: string): number | undefined {
  const lines = map[LINES];
  return key !== undefined ? (lines?.keys[key] ?? lines?.self) : lines?.self;
}

function toPlain(node: unknown, parsed: Parsed): unknown {
  if (isAlias(node)) return toPlain(node.resolve(parsed.doc), parsed);
  const line = (n: unknown) => {
    const start = rangeStart(n);
    return start !== undefined ? parsed.lineAt(start) : undefined;
  };
  if (isMap(node)) {
    const out: Located = {};
    const keys: Record<string, number> = {};
    for (const pair of node.items) {
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      out[key] = toPlain(pair.value, parsed);
      keys[key] = line(pair.key) ?? line(node) ?? 0;
    }
    Object.defineProperty(out, LINES, { value: { self: line(node) ?? 0, keys }, enumerable: false });
    return out;
  }
  if (isSeq(node)) return node.items.map((item) => toPlain(item, parsed));
  if (isScalar(node)) return typeof node.value === 'string' ? node.value.normalize('NFC') : node.value;
  return null;
}

/** Parses YAML or JSON text into located plain values; syntax errors become problems with their line. */
export function parseLocated(file: string, text: string, problems: Problems): unknown {
  const parsed = parseWithLines(file, text, problems, 1, 'YAML/JSON');
  return parsed ? toPlain(parsed.doc.contents, parsed) : null;
}

export const isLocated = (v: unknown): v is Located => typeof v === 'object' && v !== null && !Array.isArray(v);
