/** Markdown files with YAML front matter; the YAML is parsed with lines counted from the file's start. */
import type { Problems } from '../import-kit/problems';
import { parseYamlLocated, type LocatedYaml } from '../import-kit/located-yaml';

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
