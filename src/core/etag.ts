/**
 * If-None-Match against an entity tag (RFC 9110 §13.1.2: weak comparison, lists, "*"), for every
 * route that answers 304: the response cache's fast path (which runs before express), media
 * variants and ranking widgets.
 *
 * Not express's `req.fresh`: it also treats `Cache-Control: no-cache` as "never fresh", and
 * fetch() adds that header to every request that carries If-None-Match, so fetch clients would
 * never get their 304.
 */
export function ifNoneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((tag) => {
    const t = opaque(tag);
    return t === '*' || t === wanted;
  });
}
