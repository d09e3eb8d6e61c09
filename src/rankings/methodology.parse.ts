/**
 * The methodology file (YAML or JSON): an index and its editions, each with its own criteria
 * tree. Validation collects every problem with its line and field; nothing is thrown.
 */
import type { Problems } from '../import-kit/problems';
import { isValidIsoDate } from '../core/dates';
import { isLocated, lineOf, type Located, parseLocated } from '../import-kit/located-yaml';
import { ComponentKind, EditionStatus, IndexLevel } from './ranking.enums';
import { round, type TreeNode } from './ranking.compute';

export interface IndexSpec {
  slug: string;
  name: string;
  publisher: string | null;
  level: IndexLevel;
  scopeCode: string | null;
  description: string | null;
  sources: string | null;
  illustrative: boolean;
  topN: number;
}

export interface NodeSpec extends TreeNode {
  component?: ComponentKind | null;
  depth: number;
  position: number;
}

export interface EditionSpec {
  line: number;
  year: number;
  title: string;
  status: EditionStatus | null;
  publishedOn: string | null;
  sourceDocument: string | null;
  sourceUrl: string | null;
  methodology: string | null;
  rankedUnits: number | null;
  illustrative: boolean | null;
  nodes: NodeSpec[];
  maxTotal: number;
}

export interface MethodologySpec {
  index: IndexSpec;
  editions: EditionSpec[];
}

/** Reads typed fields of one map, reporting each wrong field at its line. */
class Fields {
  constructor(
    private readonly file: string,
    private readonly map: Located,
    private readonly path: string,
    private readonly problems: Problems,
  ) {}
  private bad(key: string, message: string) {
    this.problems.add(this.file, message, lineOf(this.map, key), this.path ? `${this.path}.${key}` : key);
  }
  text(key: string, required = false): string | null {
    const v = this.map[key];
    if (v === undefined || v === null || v === '') {
      if (required) this.bad(key, `${key} is required`);
      return null;
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      this.bad(key, `${key} must be text`);
      return null;
    }
    return String(v).trim();
  }
  number(key: string, opts: { required?: boolean; integer?: boolean; min?: number } = {}): number | null {
    const v = this.map[key];
    if (v === undefined || v === null || v === '') {
      if (opts.required) this.bad(key, `${key} is required`);
      return null;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) {
      this.bad(key, `${key} must be ${opts.integer ? 'a whole number' : 'a number'}, got ${JSON.stringify(v)}`);
      return null;
    }
    if (opts.min !== undefined && v < opts.min) {
      this.bad(key, `${key} must be at least ${opts.min}, got ${v}`);
      return null;
    }
    return v;
  }
  bool(key: string): boolean | null {
    const v = this.map[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'boolean') this.bad(key, `${key} must be true or false`);
    return v === true;
  }
  oneOf<T extends string>(key: string, values: readonly T[], required = false): T | null {
    const v = this.text(key, required);
    if (v === null) return null;
    const upper = v.toUpperCase() as T;
    if (!values.includes(upper)) {
      this.bad(key, `${key} must be one of ${values.join(', ')}, got "${v}"`);
      return null;
    }
    return upper;
  }
  date(key: string): string | null {
    const raw = this.map[key];
    const v = raw instanceof Date ? raw.toISOString().slice(0, 10) : this.text(key);
    if (v !== null && !isValidIsoDate(v)) this.bad(key, `${key} must be a date YYYY-MM-DD, got "${v}"`);
    return v;
  }
}

/** Flattens a criteria tree depth-first, checking codes, maxima and that children fit in their parent. */
export function parseCriteria(file: string, value: unknown, path: string, line: number | undefined, problems: Problems): NodeSpec[] {
  const nodes: NodeSpec[] = [];
  const seen = new Set<string>();
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(file, 'criteria must be a non-empty list of areas', line, path);
    return nodes;
  }
  const walk = (items: unknown[], parent: NodeSpec | null, itemsPath: string, parentMap: Located | null) => {
    let childMax = 0;
    items.forEach((item, i) => {
      const here = `${itemsPath}[${i}]`;
      if (!isLocated(item)) {
        problems.add(file, 'each criterion must be a map with code, title and max', parentMap ? lineOf(parentMap) : line, here);
        return;
      }
      const f = new Fields(file, item, here, problems);
      const code = f.text('code', true);
      const title = f.text('title', true);
      const max = f.number('max', { required: true, min: 0 });
      const component = f.oneOf('component', Object.values(ComponentKind)) ?? parent?.component ?? null;
      if (code && seen.has(code.toLowerCase())) problems.add(file, `duplicate criterion code "${code}"`, lineOf(item, 'code'), `${here}.code`);
      if (code && /^(index|year|unit_code|unit_name|reported_total|reported_rank)$/i.test(code)) {
        problems.add(file, `"${code}" is reserved for a scores CSV column`, lineOf(item, 'code'), `${here}.code`);
      }
      if (code) seen.add(code.toLowerCase());
      const node: NodeSpec = {
        code: code ?? '',
        title: title ?? '',
        maxPoints: max ?? 0,
        parentCode: parent?.code ?? null,
        component,
        depth: parent ? parent.depth + 1 : 0,
        position: nodes.length,
      };
      nodes.push(node);
      childMax += node.maxPoints;
      const children = item.children;
      if (children !== undefined && children !== null) {
        if (!Array.isArray(children)) problems.add(file, 'children must be a list', lineOf(item, 'children'), `${here}.children`);
        else walk(children, node, `${here}.children`, item);
      }
    });
    if (parent && parentMap && round(childMax) > parent.maxPoints) {
      problems.add(
        file,
        `the maxima of the children of "${parent.code}" add up to ${round(childMax)}, more than its maximum ${parent.maxPoints}`,
        lineOf(parentMap, 'max'),
        `${itemsPath.replace(/\.children$/, '')}.max`,
      );
    }
  };
  walk(value, null, path, null);
  return nodes;
}

export function parseEditionSpec(file: string, map: Located, path: string, problems: Problems): EditionSpec {
  const f = new Fields(file, map, path, problems);
  const nodes = parseCriteria(file, map.criteria, `${path ? `${path}.` : ''}criteria`, lineOf(map, 'criteria'), problems);
  return {
    line: lineOf(map) ?? 0,
    year: f.number('year', { required: true, integer: true, min: 1990 }) ?? 0,
    title: f.text('title', true) ?? '',
    status: f.oneOf('status', Object.values(EditionStatus)),
    publishedOn: f.date('published_on'),
    sourceDocument: f.text('source_document'),
    sourceUrl: f.text('source_url'),
    methodology: f.text('methodology'),
    rankedUnits: f.number('ranked_units', { integer: true, min: 1 }),
    illustrative: f.bool('illustrative'),
    nodes,
    maxTotal: round(nodes.filter((n) => !n.parentCode).reduce((s, n) => s + n.maxPoints, 0)),
  };
}

export function parseMethodology(file: string, text: string, problems: Problems): MethodologySpec | null {
  const doc = parseLocated(file, text, problems);
  if (doc === null) return null;
  if (!isLocated(doc) || !isLocated(doc.index)) {
    problems.add(file, 'expected a map with "index" (a map) and "editions" (a list)', 1, 'index');
    return null;
  }
  const f = new Fields(file, doc.index, 'index', problems);
  const slug = f.text('slug', true) ?? '';
  if (slug && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) problems.add(file, `slug must be lowercase words joined by "-", got "${slug}"`, lineOf(doc.index, 'slug'), 'index.slug');
  const index: IndexSpec = {
    slug,
    name: f.text('name', true) ?? '',
    publisher: f.text('publisher'),
    level: f.oneOf('level', Object.values(IndexLevel), true) ?? IndexLevel.DISTRICT,
    scopeCode: f.text('scope'),
    description: f.text('description'),
    sources: f.text('sources'),
    illustrative: f.bool('illustrative') ?? false,
    topN: f.number('top_n', { integer: true, min: 1 }) ?? 3,
  };
  const editions: EditionSpec[] = [];
  if (!Array.isArray(doc.editions)) {
    problems.add(file, 'editions must be a list', lineOf(doc, 'editions') ?? 1, 'editions');
  } else {
    const years = new Map<number, number>();
    doc.editions.forEach((e, i) => {
      if (!isLocated(e)) return problems.add(file, 'each edition must be a map', lineOf(doc, 'editions'), `editions[${i}]`);
      const spec = parseEditionSpec(file, e, `editions[${i}]`, problems);
      if (years.has(spec.year)) problems.add(file, `duplicate edition year ${spec.year} (first at row ${years.get(spec.year)})`, lineOf(e, 'year'), `editions[${i}].year`);
      years.set(spec.year, spec.line);
      editions.push(spec);
    });
  }
  return { index, editions };
}
