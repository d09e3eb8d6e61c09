/**
 * The body dialect: CommonMark (raw HTML off, unsafe link schemes refused by markdown-it's
 * validateLink) plus two data extensions:
 *
 *   ::: ranking index=chi-so-cchc-cap-huyen-ha-tinh edition=2018 highlight=436 display=table
 *   Caption text
 *   :::
 *
 *   ::: related count=5 slugs=a-slug,another-slug
 *   :::
 *
 *   … đứng đầu {{streak unit=436 index=chi-so-cchc-cap-huyen-ha-tinh edition=2018}} …
 *
 * Parsing collects every directive with its source line, and every problem with its line.
 */
import MarkdownIt from 'markdown-it';
type StateBlock = MarkdownIt.StateBlock;
type StateCore = MarkdownIt.StateCore;
type StateInline = MarkdownIt.StateInline;
export type Token = MarkdownIt.Token;

import { type Directive, type DirectiveError, factDirective, type FactDirective, rankingDirective, relatedDirective } from './directives';

export interface BodyEnv {
  directives: Directive[];
  errors: DirectiveError[];
  counters: { widget: number; fact: number };
}

export function newEnv(): BodyEnv {
  return { directives: [], errors: [], counters: { widget: 0, fact: 0 } };
}

const OPEN = /^:::\s*([A-Za-z][\w-]*)(.*)$/;

function directiveBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const env = state.env as unknown as BodyEnv;
  const start = state.bMarks[startLine] + state.tShift[startLine];
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const first = state.src.slice(start, state.eMarks[startLine]);
  if (!first.startsWith(':::')) return false;
  if (silent) return true;
  const line = startLine + 1;
  const open = OPEN.exec(first.trim());
  if (!open) {
    env.errors.push({ line, message: 'a ":::" closes nothing: no directive is open here' });
    state.line = startLine + 1;
    return true;
  }
  let next = startLine + 1;
  let closed = false;
  const inner: string[] = [];
  for (; next < endLine; next++) {
    const text = state.src.slice(state.bMarks[next] + state.tShift[next], state.eMarks[next]).trim();
    if (text === ':::') {
      closed = true;
      break;
    }
    if (text.startsWith(':::')) break; // another directive opens before this one closed
    inner.push(text);
  }
  const name = open[1].toLowerCase();
  if (!closed) env.errors.push({ line, message: `the "${name}" directive opened on line ${line} is not closed with ":::"` });
  const id = `w${++env.counters.widget}`;
  let directive: Directive | null = null;
  if (name === 'ranking') directive = rankingDirective(id, line, open[2], inner.join(' '), env.errors);
  else if (name === 'related') directive = relatedDirective(id, line, open[2], inner.join(' '), env.errors);
  else env.errors.push({ line, message: `unknown directive "${name}" (known: ranking, related)` });
  if (directive) {
    env.directives.push(directive);
    const token = state.push('rd_directive', 'figure', 0);
    token.meta = directive as unknown as Record<string, unknown>;
    token.map = [startLine, closed ? next + 1 : next];
    token.block = true;
  }
  state.line = closed ? next + 1 : next;
  return true;
}

const FACT = /^\{\{\s*([A-Za-z]+)((?:[^{}])*)\}\}/;

function factInline(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x7b || state.src.charCodeAt(state.pos + 1) !== 0x7b) return false;
  const m = FACT.exec(state.src.slice(state.pos));
  if (!m) return false;
  if (!silent) {
    const token = state.push('rd_fact', 'span', 0);
    token.meta = { kind: m[1].toLowerCase(), args: m[2], offset: state.pos };
  }
  state.pos += m[0].length;
  return true;
}

/** Gives inline facts their source line (inline rules do not know it) and validates them. */
function collectFacts(state: StateCore): void {
  const env = state.env as unknown as BodyEnv;
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const firstLine = (block.map?.[0] ?? 0) + 1;
    for (const child of block.children) {
      if (child.type === 'rd_fact' && !('id' in (child.meta ?? {}))) {
        const { kind, args, offset } = child.meta as unknown as { kind: string; args: string; offset: number };
        const line = firstLine + (block.content.slice(0, offset).match(/\n/g)?.length ?? 0);
        const fact: FactDirective = factDirective(`f${++env.counters.fact}`, line, kind, args, env.errors);
        env.directives.push(fact);
        child.meta = fact as unknown as Record<string, unknown>;
      }
    }
  }
  // Unclosed "{{" left in text is almost always a typo in a fact: say so.
  for (const block of state.tokens) {
    if (block.type !== 'inline') continue;
    block.content.split('\n').forEach((text, i) => {
      const stray = text.replace(/\{\{\s*[A-Za-z]+[^{}]*\}\}/g, '');
      if (stray.includes('{{')) env.errors.push({ line: (block.map?.[0] ?? 0) + 1 + i, message: 'an inline fact "{{" is not closed with "}}"' });
    });
  }
}

export function createMarkdown(): MarkdownIt.MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  md.block.ruler.before('fence', 'rd_directive', directiveBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.inline.ruler.before('emphasis', 'rd_fact', factInline);
  md.core.ruler.after('inline', 'rd_collect_facts', collectFacts);
  // External links open safely.
  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    const href = String(tokens[idx].attrGet('href') ?? '');
    if (/^https?:\/\//i.test(href)) tokens[idx].attrSet('rel', 'noopener noreferrer');
    return self.renderToken(tokens, idx, options);
  };
  return md;
}

export const markdown = createMarkdown();

export interface ParsedBody {
  tokens: Token[];
  directives: Directive[];
  errors: DirectiveError[];
}

export function parseBody(source: string): ParsedBody {
  const env = newEnv();
  const tokens = markdown.parse(source.normalize('NFC'), env as unknown as Record<string, unknown>);
  return { tokens, directives: env.directives, errors: env.errors.sort((a, b) => a.line - b.line) };
}
