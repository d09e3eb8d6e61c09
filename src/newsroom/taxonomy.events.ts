/** The change feed's event for topics and tags (issue 12): recorded where they are created or changed. */
import type { NewChange } from '../outbox/record';

/** `taxonomy.changed` for one topic or tag: its key and its public slug and name. */
export function taxonomyChanged(kind: 'topic' | 'tag', item: { id: number; slug: string; name: string }): NewChange {
  return { type: 'taxonomy.changed', keys: [`${kind}:${item.id}`], payload: { kind, id: item.id, slug: item.slug, name: item.name } };
}
