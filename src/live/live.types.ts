/** GraphQL shapes of the live subscriptions (src/live/live.resolver.ts). */
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('NewsroomEvent', { description: 'Something staff should hear about at once, scoped by role and organisation' })
export class NewsroomEvent {
  @Field(() => ID, { description: 'The change-feed event id: increasing, and the key to ignore a repeat' })
  id!: string;
  @Field(() => String, {
    description:
      'article.transitioned (e.g. submitted for review), article.published, article.scheduled, article.revisionPublished, article.conflict, claim.stale, score.corrected, scores.imported, edition.published, outreach.changed',
  })
  type!: string;
  @Field(() => GraphQLDateTime)
  occurredAt!: Date;
  @Field(() => [String], { description: 'Entities touched, as kind:id keys' })
  keys!: string[];
  @Field(() => Int, { nullable: true, description: 'The article concerned, if any' })
  articleId!: number | null;
  @Field(() => String, { nullable: true, description: "The article's state after the change" })
  state!: string | null;
  @Field(() => String, { nullable: true, description: 'Slug, when the article is live' })
  slug!: string | null;
  @Field(() => String, { nullable: true, description: 'Ranking index slug, for data events' })
  index!: string | null;
  @Field(() => Int, { nullable: true, description: 'Edition year, for data events' })
  year!: number | null;
  @Field(() => Int, { nullable: true, description: 'Data revision after the change' })
  revision!: number | null;
  @Field(() => Int, { nullable: true, description: 'Organisation the event belongs to (outreach plans)' })
  organisationId!: number | null;
}
