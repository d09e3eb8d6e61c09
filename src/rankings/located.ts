/**
 * YAML (and JSON, a subset of YAML 1.2) parsed into plain values that remember the line of
 * every map and key, so methodology problems can name their row like CSV problems do.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Problems } from '../content/problems';

const LINES = Symbol('lines');

export type Located = Record<string, unknown> & { [LINES]?: { self: number; keys: Record<string, number> } };

export function lineOf(map: Located, key?: string): number | undefined {
  const lines = map[LINES];
  return key !== undefined ? (lines?.keys[key] ?? lines?.self) : lines?.self;
}

function toPlain(node: unknown, doc: Document, lc: LineCounter): unknown {
  if (isAlias(node)) return toPlain(node.resolve(doc), doc, lc);
  const line = (n: unknown) => {
    const range = (n as Node | null)?.range;
    return range ? lc.linePos(range[0]).line : undefined;
  };
  if (isMap(node)) {
    const out: Located = {};
    const keys: Record<string, number> = {};
    for (const pair of node.items) {
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      out[key] = toPlain(pair.value, doc, lc);
      keys[key] = line(pair.key) ?? line(node) ?? 0;
    }
    Object.defineProperty(out, LINES, { value: { self: line(node) ?? 0, keys }, enumerable: false });
    return out;
  }
  if (isSeq(node)) return node.items.map((item) => toPlain(item, doc, lc));
  if (isScalar(node)) return typeof node.value === 'string' ? node.value.normalize('NFC') : node.value;
  return null;
}

/** Parses YAML or JSON text; syntax errors become problems with their line. */
export function parseLocated(file: string, text: string, problems: Problems): unknown {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    for (const e of doc.errors) problems.add(file, `not valid YAML/JSON: ${e.message.split('\n')[0]}`, lc.linePos(e.pos[0]).line);
    return null;
  }
  return toPlain(doc.contents, doc, lc);
}

export const isLocated = (v: unknown): v is Located => typeof v === 'object' && v !== null && !Array.isArray(v);
