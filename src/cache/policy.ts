/**
 * @cacheControl-style hints, per root field of Query. A response may be cached (and sent with a
 * public Cache-Control) only when every root field it selects has a public hint; anything not
 * listed here — the viewer's own account and tokens, staff tools, outreach planning — is
 * `private, no-store`. Safe by default: a new root field is private until someone adds it here.
 *
 * maxAge is for browsers (which nobody can purge), sMaxAge for shared caches that purge by key
 * (see Surrogate-Key in docs/caching.md); both are capped by the next scheduled visibility change.
 */
import type { DocumentNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { Kind } from 'graphql';

export interface CacheHint {
  maxAge: number;
  sMaxAge: number;
  staleWhileRevalidate: number;
}

const NEWS: CacheHint = { maxAge: 30, sMaxAge: 300, staleWhileRevalidate: 30 };
const DATA: CacheHint = { maxAge: 60, sMaxAge: 600, staleWhileRevalidate: 60 };

export const PUBLIC_ROOT_FIELDS: Record<string, CacheHint> = {
  __typename: DATA,
  article: NEWS,
  articleById: NEWS,
  articles: NEWS,
  tags: NEWS,
  topic: NEWS,
  topics: NEWS,
  image: NEWS,
  images: NEWS,
  edition: DATA,
  editions: DATA,
  indices: DATA,
  rankingFacts: DATA,
  rankingIndex: DATA,
  rankingTable: DATA,
  scoreSheet: DATA,
  scoreRevisions: DATA,
  unit: DATA,
  unitHistory: DATA,
  units: DATA,
};

/** The strictest hint over all root fields, or null when one of them is not public (or it is not a query). */
export function operationHint(document: DocumentNode, operation: OperationDefinitionNode): CacheHint | null {
  if (operation.operation !== 'query') return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let hint: CacheHint | null = { maxAge: Infinity, sMaxAge: Infinity, staleWhileRevalidate: Infinity };
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode): void => {
    for (const s of set.selections) {
      if (!hint) return;
      // @include/@skip are not evaluated: a field that might be selected counts.
      if (s.kind === Kind.FIELD) {
        const h = PUBLIC_ROOT_FIELDS[s.name.value];
        if (!h) {
          hint = null;
          return;
        }
        hint = {
          maxAge: Math.min(hint.maxAge, h.maxAge),
          sMaxAge: Math.min(hint.sMaxAge, h.sMaxAge),
          staleWhileRevalidate: Math.min(hint.staleWhileRevalidate, h.staleWhileRevalidate),
        };
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        visit(s.selectionSet);
      } else {
        const f = fragments.get(s.name.value);
        if (f && !seen.has(f.name.value)) {
          seen.add(f.name.value);
          visit(f.selectionSet);
        }
      }
    }
  };
  visit(operation.selectionSet);
  const result = hint as CacheHint | null;
  return result && Number.isFinite(result.maxAge) ? result : null;
}

export const PRIVATE_CACHE_CONTROL = 'private, no-store';

export function publicCacheControl(hint: Pick<CacheHint, 'sMaxAge' | 'staleWhileRevalidate'> & { maxAge: number }, secondsLeft: number): string {
  const left = Math.max(0, Math.floor(secondsLeft));
  // Capped by a coming visibility change: nothing stale may be served past that instant either.
  const swr = left < hint.sMaxAge ? 0 : hint.staleWhileRevalidate;
  return `public, max-age=${Math.min(hint.maxAge, left)}, s-maxage=${Math.min(hint.sMaxAge, left)}, stale-while-revalidate=${swr}`;
}
