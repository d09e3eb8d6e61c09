/** From plain blocks and resolved values to the GraphQL block classes (the union resolves by class). */
import { defaultVariantUrl } from '../media/media.urls';
import type { BodyBlock } from './blocks';
import type { BodyView } from './body.view';
import {
  CodeBlock,
  DividerBlock,
  HeadingBlock,
  ImageBlock,
  InlineFact,
  ListBlock,
  ParagraphBlock,
  QuoteBlock,
  RankingWidgetBlock,
  RelatedReadingBlock,
  TableBlock,
} from './body.types';
import type { Directive, RankingDirective, RelatedDirective } from './directives';
import type { FactValue, RankingWidgetValue } from './resolved';

const sameRows = (a: RankingWidgetValue, b: RankingWidgetValue) =>
  a.year === b.year && JSON.stringify(a.rows.map((r) => [r.unitCode, r.rank, r.total])) === JSON.stringify(b.rows.map((r) => [r.unitCode, r.rank, r.total]));

function fact(id: string, view: BodyView): InlineFact | null {
  const shown = view.shown.facts.get(id);
  if (!shown) return null;
  const live = view.live.facts.get(id);
  const published: FactValue | undefined = view.snapshot?.facts.find((f) => f.id === id);
  return Object.assign(new InlineFact(), shown, {
    changedSincePublished: !!published && (!live || live.value !== published.value || live.year !== published.year),
    publishedText: published?.text ?? null,
    publishedValue: published?.value ?? null,
  });
}

function widget(d: RankingDirective, line: number, view: BodyView): RankingWidgetBlock {
  const shown = view.shown.widgets.get(d.id);
  const live = view.live.widgets.get(d.id);
  const published = view.snapshot?.widgets.find((w) => w.id === d.id);
  return Object.assign(new RankingWidgetBlock(), {
    id: d.id,
    line,
    index: d.index,
    indexName: shown?.indexName ?? null,
    year: shown?.year ?? null,
    area: d.area,
    areaTitle: shown?.areaTitle ?? null,
    display: d.display,
    caption: d.caption || (shown ? `${shown.indexName} ${shown.year}` : ''),
    highlight: d.highlight,
    limit: d.limit,
    maxPoints: shown?.maxPoints ?? null,
    illustrative: shown?.illustrative ?? false,
    source: shown?.source ?? null,
    revision: shown?.revision ?? null,
    rows: shown?.rows ?? [],
    trend: shown?.trend ?? [],
    changedSincePublished: !!published && (!live || !sameRows(live, published)),
    publishedRevision: published?.revision ?? null,
  });
}

export function toGraphQLBlock(block: BodyBlock, view: BodyView): object {
  const directive = (id: string) => view.parsed.directives.find((d) => d.id === id) as Directive;
  switch (block.type) {
    case 'paragraph':
      return Object.assign(new ParagraphBlock(), { line: block.line, html: block.html, text: block.text, facts: block.factIds.map((id) => fact(id, view)).filter(Boolean) });
    case 'heading':
      return Object.assign(new HeadingBlock(), block);
    case 'list':
      return Object.assign(new ListBlock(), block);
    case 'quote':
      return Object.assign(new QuoteBlock(), block);
    case 'image': {
      const ref = block.url.startsWith('image:') ? block.url.slice('image:'.length) : null;
      const known = ref ? view.images.get(ref) : undefined;
      const imageId = known?.imageId ?? null;
      return Object.assign(new ImageBlock(), {
        line: block.line,
        ref,
        url: ref ? (known?.url ?? (imageId ? defaultVariantUrl(view.mediaConfig, imageId) : null)) : block.url,
        imageId,
        alt: known?.alt || block.alt,
        caption: known?.caption ?? block.caption,
        credit: known?.credit ?? null,
      });
    }
    case 'code':
      return Object.assign(new CodeBlock(), block);
    case 'divider':
      return Object.assign(new DividerBlock(), block);
    case 'table':
      return Object.assign(new TableBlock(), block);
    case 'ranking':
      return widget(directive(block.directiveId) as RankingDirective, block.line, view);
    case 'related': {
      const d = directive(block.directiveId) as RelatedDirective;
      return Object.assign(new RelatedReadingBlock(), { id: d.id, line: block.line, caption: d.caption || 'Đọc thêm', items: view.related.get(d.id) ?? [] });
    }
  }
}
