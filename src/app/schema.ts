import 'reflect-metadata';
import { BodyResolver, ImageBlockResolver, InlineFactResolver, WidgetRowResolver } from '../bodies/body.resolver';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { UnitResolver } from '../units/unit.resolver';
import { ImageResolver } from '../media/image.resolver';
import { ArticleResolver } from '../newsroom/article.resolver';
import { ArticleRevisionResolver } from '../newsroom/revision.resolver';
import { ImageRefResolver } from '../newsroom/article.images';
import { ArticleImageResolver } from '../widgets/og-image.resolver';
import { TagResolver, TopicResolver } from '../newsroom/taxonomy.resolver';
import { RANKING_RESOLVERS } from '../rankings/ranking.resolver';
import { AccountsResolver } from '../accounts/accounts.resolver';
import { AdminResolver } from '../accounts/admin.resolver';
import { ApiTokenResolver } from '../accounts/api-token.resolver';
import { authChecker } from '../accounts/auth-checker';
import { runMutationsThroughPolicy } from './mutation-runner';
import { OUTREACH_RESOLVERS } from '../outreach/calendar.resolver';
import { PreviewResolver } from '../web/preview.resolver';
import { LiveResolver } from '../live/live.resolver';
import { WEBHOOK_RESOLVERS } from '../live/webhooks/webhook.resolver';

export const RESOLVERS = [
  AccountsResolver,
  AdminResolver,
  ApiTokenResolver,
  UnitResolver,
  ...RANKING_RESOLVERS,
  ArticleResolver,
  ArticleRevisionResolver,
  ArticleImageResolver,
  ImageRefResolver,
  TopicResolver,
  TagResolver,
  ImageResolver,
  BodyResolver,
  ImageBlockResolver,
  InlineFactResolver,
  WidgetRowResolver,
  ...OUTREACH_RESOLVERS,
  PreviewResolver,
  LiveResolver,
  ...WEBHOOK_RESOLVERS,
] as const;

const NO_TOPIC_PUBSUB = {
  publish(): void {
    throw new Error("publish to the change feed with recordChange (src/outbox/record.ts), in the write's transaction");
  },
  subscribe(): AsyncIterable<unknown> {
    throw new Error('subscriptions filter the change feed with `subscribe` (src/live/live.resolver.ts), not topics');
  },
};

let cached: Promise<GraphQLSchema> | null = null;

export function getSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    // type-graphql's own signature takes `Function` (any class), so the cast names it too.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    resolvers: [...RESOLVERS] as [Function, ...Function[]],
    validate: false,
    authChecker,
    // JS Date fields are exposed as the standard `DateTime` scalar (RFC 3339).
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    emitSchemaFile: false,
    // Subscriptions read the change feed of their socket's server through the context
    // (src/live/live.resolver.ts): topic-based pub/sub is not how they subscribe.
    pubSub: NO_TOPIC_PUBSUB,
  }).then(runMutationsThroughPolicy);
  return cached;
}

/** The committed SDL: sorted so it is stable whatever order resolvers are registered in. */
export async function printSortedSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
