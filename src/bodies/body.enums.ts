/** Plain enums of article bodies; src/bodies/body.types.ts registers them with GraphQL. */
/** LIVE: values from the data now. AS_PUBLISHED: the values snapshotted when the article went live. */
export enum BodyVersion {
  LIVE = 'LIVE',
  AS_PUBLISHED = 'AS_PUBLISHED',
}

/** Why an article is in a related-reading list. */
export enum RelatedReasonKind {
  PINNED = 'PINNED',
  TOPIC = 'TOPIC',
  UNIT = 'UNIT',
  TAG = 'TAG',
  RECENT = 'RECENT',
}
