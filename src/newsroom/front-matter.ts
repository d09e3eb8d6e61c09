/**
 * YAML (and Markdown front matter) with line numbers, so import problems can point at the
 * line of the offending key. `lineOf('images[2].url')` finds the deepest node that exists.
 */
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Problems } from '../content/problems';

export interface LocatedYaml {
  value: unknown;
  /** 1-based line in the whole file of a field path such as "topics" or "images[1].caption". */
  lineOf(field: string): number | undefined;
}

export function parseYamlLocated(file: string, text: string, problems: Problems, firstLine = 1): LocatedYaml | null {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    for (const e of doc.errors) problems.add(file, `not valid YAML: ${e.message.split('\n')[0]}`, lc.linePos(e.pos[0]).line + firstLine - 1);
    return null;
  }
  const lineOf = (field: string): number | undefined => {
    const path = field.split(/[.[\]]+/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    let node: unknown = doc.contents;
    let line: number | undefined;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === key);
        if (!pair) break;
        const range = (pair.key as { range?: [number, number, number] }).range;
        if (range) line = lc.linePos(range[0]).line + firstLine - 1;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number' && node.items[key]) {
        node = node.items[key];
        const range = (node as { range?: [number, number, number] }).range;
        if (range) line = lc.linePos(range[0]).line + firstLine - 1;
      } else break;
    }
    return line;
  };
  return { value: doc.toJS(), lineOf };
}

export interface MarkdownFile {
  front: LocatedYaml;
  body: string;
  bodyLine: number;
}

/** Splits "---\n<yaml>\n---\n<markdown>" and parses the YAML with lines counted from the file's start. */
export function parseMarkdownFile(file: string, text: string, problems: Problems): MarkdownFile | null {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const m = /^---\n([\s\S]*?)\n---(?:\n|$)/.exec(normalized);
  if (!m) {
    problems.add(file, 'expected YAML front matter between "---" lines at the top of the file', 1);
    return null;
  }
  const front = parseYamlLocated(file, m[1], problems, 2);
  if (!front) return null;
  if (!front.value || typeof front.value !== 'object' || Array.isArray(front.value)) {
    problems.add(file, 'the front matter must be a YAML mapping (key: value lines)', 2);
    return null;
  }
  return { front, body: normalized.slice(m[0].length), bodyLine: m[0].split('\n').length };
}
