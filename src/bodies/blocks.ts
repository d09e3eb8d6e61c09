/**
 * Turns the token stream into typed blocks for the GraphQL union. Each block carries safe
 * HTML and plain text; paragraphs list the facts they contain; widget blocks point at their
 * directive, which the resolver fills with data.
 */
import type { Directive, FactDirective } from './directives';
import { markdown, type Token } from './markdown';
import { renderHtml } from './render';
import type { ResolvedBody } from './resolved';

export type BodyBlock =
  | { type: 'heading'; line: number; level: number; text: string; html: string }
  | { type: 'paragraph'; line: number; text: string; html: string; factIds: string[] }
  | { type: 'list'; line: number; ordered: boolean; items: string[] }
  | { type: 'quote'; line: number; text: string; html: string }
  | { type: 'image'; line: number; url: string; alt: string; caption: string | null }
  | { type: 'code'; line: number; language: string | null; code: string }
  | { type: 'divider'; line: number }
  | { type: 'table'; line: number; html: string }
  | { type: 'ranking'; line: number; directiveId: string }
  | { type: 'related'; line: number; directiveId: string };

function inlineText(children: Token[], resolved: ResolvedBody): string {
  return children
    .map((t) => {
      if (t.type === 'text' || t.type === 'code_inline') return t.content;
      if (t.type === 'softbreak' || t.type === 'hardbreak') return ' ';
      if (t.type === 'image') return t.content;
      if (t.type === 'rd_fact') return resolved.facts.get((t.meta as unknown as FactDirective).id)?.text ?? '…';
      return '';
    })
    .join('');
}

/** Index of the token closing the container opened at `start` (same level, nesting -1). */
function closingIndex(tokens: Token[], start: number): number {
  const level = tokens[start].level;
  for (let i = start + 1; i < tokens.length; i++) if (tokens[i].level === level && tokens[i].nesting === -1) return i;
  return tokens.length - 1;
}

export function toBlocks(tokens: Token[], resolved: ResolvedBody): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const line = (t.map?.[0] ?? 0) + 1;
    switch (t.type) {
      case 'heading_open': {
        const inline = tokens[i + 1];
        blocks.push({
          type: 'heading',
          line,
          level: Number(t.tag.slice(1)),
          text: inlineText(inline.children ?? [], resolved),
          html: markdown.renderer.render([inline], markdown.options, { resolved }),
        });
        i += 2;
        break;
      }
      case 'paragraph_open': {
        const inline = tokens[i + 1];
        const children = inline.children ?? [];
        const only = children.filter((c) => !(c.type === 'text' && c.content.trim() === '') && c.type !== 'softbreak');
        if (only.length === 1 && only[0].type === 'image') {
          const img = only[0];
          blocks.push({ type: 'image', line, url: String(img.attrGet('src') ?? ''), alt: img.content, caption: (img.attrGet('title') as string | null) || null });
        } else {
          const factIds = children.filter((c) => c.type === 'rd_fact').map((c) => (c.meta as unknown as Directive).id);
          blocks.push({ type: 'paragraph', line, text: inlineText(children, resolved), html: markdown.renderer.render([inline], markdown.options, { resolved }), factIds });
        }
        i += 2;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const end = closingIndex(tokens, i);
        const items: string[] = [];
        for (let j = i + 1; j < end; j++) {
          if (tokens[j].type === 'list_item_open' && tokens[j].level === t.level + 1) {
            const close = closingIndex(tokens, j);
            items.push(renderHtml(tokens.slice(j + 1, close), resolved).trim());
            j = close;
          }
        }
        blocks.push({ type: 'list', line, ordered: t.type === 'ordered_list_open', items });
        i = end;
        break;
      }
      case 'blockquote_open': {
        const end = closingIndex(tokens, i);
        const inner = tokens.slice(i + 1, end);
        const text = inner
          .filter((x) => x.type === 'inline')
          .map((x) => inlineText(x.children ?? [], resolved))
          .join('\n');
        blocks.push({ type: 'quote', line, text, html: renderHtml(inner, resolved).trim() });
        i = end;
        break;
      }
      case 'table_open': {
        const end = closingIndex(tokens, i);
        blocks.push({ type: 'table', line, html: renderHtml(tokens.slice(i, end + 1), resolved).trim() });
        i = end;
        break;
      }
      case 'fence':
      case 'code_block':
        blocks.push({ type: 'code', line, language: t.info.trim().split(/\s+/)[0] || null, code: t.content });
        break;
      case 'hr':
        blocks.push({ type: 'divider', line });
        break;
      case 'rd_directive': {
        const d = t.meta as unknown as Directive;
        blocks.push({ type: d.kind === 'related' ? 'related' : 'ranking', line, directiveId: d.id });
        break;
      }
      default:
        break;
    }
  }
  return blocks;
}
