/** Values a body's directives resolve to, live or as published. Plain data, serialisable into snapshots. */

export interface WidgetRowValue {
  unitCode: string;
  unitName: string;
  total: number;
  rank: number;
  rankKind: string;
  rankChange: number | null;
  scoreChange: number | null;
  streak: number;
  highlighted: boolean;
}

export interface RankingWidgetValue {
  id: string;
  index: string;
  indexName: string;
  year: number;
  editionTitle: string;
  area: string | null;
  areaTitle: string | null;
  maxPoints: number | null;
  illustrative: boolean;
  source: string | null;
  revision: number;
  rows: WidgetRowValue[];
  /** For display=trend: totals of the highlighted units across editions. */
  trend: { unitCode: string; unitName: string; points: { year: number; total: number; rank: number }[] }[];
}

export interface FactValue {
  id: string;
  kind: string;
  unitCode: string;
  unitName: string;
  index: string;
  year: number;
  value: number | null;
  /** What readers see: "3 năm liên tục", "thứ nhất", "87,5" */
  text: string;
  /** What the number means, in Vietnamese, for tooltips and screen readers */
  meaning: string;
  revision: number;
}

export interface ResolvedBody {
  widgets: Map<string, RankingWidgetValue>;
  facts: Map<string, FactValue>;
  /** Related-reading directives: the slugs they resolve to, with titles. */
  related: Map<string, { slug: string; title: string }[]>;
}

export const emptyResolution = (): ResolvedBody => ({ widgets: new Map(), facts: new Map(), related: new Map() });
