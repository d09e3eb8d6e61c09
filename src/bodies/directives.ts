/** The data directives an article body can hold, as parsed (before resolution against data). */
import { editionArg, intArg, listArg, oneOf, parseArgs } from './directive-args';

export const RANKING_DISPLAYS = ['table', 'bars', 'trend'] as const;
export type RankingDisplay = (typeof RANKING_DISPLAYS)[number];

export interface RankingDirective {
  kind: 'ranking';
  id: string;
  line: number;
  index: string;
  edition: number | 'latest';
  area: string | null;
  highlight: string[];
  limit: number | null;
  display: RankingDisplay;
  caption: string;
}

export interface RelatedDirective {
  kind: 'related';
  id: string;
  line: number;
  slugs: string[];
  count: number;
  caption: string;
}

export const FACT_KINDS = ['rank', 'score', 'rankchange', 'scorechange', 'streak'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export interface FactDirective {
  kind: FactKind;
  id: string;
  line: number;
  unit: string;
  index: string;
  edition: number | 'latest';
  area: string | null;
  /** number: "3"; text: the Vietnamese phrase ("3 năm liên tục", "thứ nhất", "tăng 2 bậc") */
  format: 'number' | 'text';
  /** Streaks: count editions within the top N (1 = at rank 1). */
  top: number;
}

export type Directive = RankingDirective | RelatedDirective | FactDirective;

export interface DirectiveError {
  line: number;
  message: string;
}

export function rankingDirective(id: string, line: number, args: string, caption: string, errors: DirectiveError[]): RankingDirective {
  const { values, errors: problems } = parseArgs(args, ['index', 'edition', 'year', 'area', 'highlight', 'limit', 'display']);
  if (!values.index) problems.push('index is required (the index slug)');
  const directive: RankingDirective = {
    kind: 'ranking',
    id,
    line,
    index: values.index ?? '',
    edition: editionArg(values, problems),
    area: values.area ?? null,
    highlight: listArg(values, 'highlight'),
    limit: intArg(values, 'limit', 1, 500, problems) ?? null,
    display: oneOf(values, 'display', RANKING_DISPLAYS, 'table', problems),
    caption: caption.trim(),
  };
  for (const message of problems) errors.push({ line, message: `ranking: ${message}` });
  return directive;
}

export function relatedDirective(id: string, line: number, args: string, caption: string, errors: DirectiveError[]): RelatedDirective {
  const { values, errors: problems } = parseArgs(args, ['slugs', 'count']);
  const slugs = listArg(values, 'slugs');
  const directive: RelatedDirective = { kind: 'related', id, line, slugs, count: intArg(values, 'count', 1, 20, problems) ?? Math.max(slugs.length, 5), caption: caption.trim() };
  for (const message of problems) errors.push({ line, message: `related: ${message}` });
  return directive;
}

export function factDirective(id: string, line: number, kind: string, args: string, errors: DirectiveError[]): FactDirective {
  const problems: string[] = [];
  if (!FACT_KINDS.includes(kind as FactKind)) problems.push(`unknown fact "${kind}" (known: ${FACT_KINDS.join(', ')})`);
  const parsed = parseArgs(args, ['unit', 'index', 'edition', 'year', 'area', 'format', 'top']);
  problems.push(...parsed.errors);
  const values = parsed.values;
  if (!values.unit) problems.push('unit is required (a GSO unit code, e.g. unit=436)');
  if (!values.index) problems.push('index is required (the index slug)');
  const directive: FactDirective = {
    kind: (FACT_KINDS.includes(kind as FactKind) ? kind : 'rank') as FactKind,
    id,
    line,
    unit: values.unit ?? '',
    index: values.index ?? '',
    edition: editionArg(values, problems),
    area: values.area ?? null,
    format: oneOf(values, 'format', ['number', 'text'] as const, 'text', problems),
    top: intArg(values, 'top', 1, 100, problems) ?? 1,
  };
  for (const message of problems) errors.push({ line, message: `fact ${kind}: ${message}` });
  return directive;
}
