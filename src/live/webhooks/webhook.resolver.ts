/** Admin-only GraphQL API of outbound webhooks (docs/webhooks.md). Thin: rules live in WebhookService. */
import { allowedBy } from '../../graphql/authorization';
import { LIVE_OPERATIONS } from '../live.policy';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { loadWebhookConfig } from '../../config';
import type { RequestContext } from '../../graphql/context';
import { WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from './webhook.entity';
import { WEBHOOK_EVENT_TYPES } from './webhook.events';
import { WebhookService } from './webhook.service';

const Allowed = allowedBy(LIVE_OPERATIONS);

const EVENT_TYPES_HELP = `Event types to receive, among: ${WEBHOOK_EVENT_TYPES.join(', ')}`;

@InputType('WebhookEndpointInput')
class WebhookEndpointInput {
  @Field(() => String, { description: 'https URL the events are POSTed to; private, loopback and metadata addresses are refused' })
  url!: string;

  @Field(() => [String], { description: EVENT_TYPES_HELP })
  eventTypes!: string[];

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "Organisation slug: the endpoint also receives that organisation's staff events" })
  organisation?: string | null;
}

@InputType('WebhookEndpointUpdate')
class WebhookEndpointUpdate {
  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [String], { nullable: true, description: EVENT_TYPES_HELP })
  eventTypes?: string[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Organisation slug; an empty string removes it' })
  organisation?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true re-enables a disabled endpoint (its waiting deliveries resume)' })
  active?: boolean | null;
}

@ObjectType('CreatedWebhookSecret')
class CreatedWebhookSecret {
  @Field(() => String, { description: 'The signing secret, shown once: keep it on the receiving side' })
  secret!: string;

  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;
}

function service(ctx: RequestContext): WebhookService {
  const config = ctx.config.webhooks ?? loadWebhookConfig({});
  return new WebhookService(ctx.em, ctx.now, { allowPrivateTargets: config.allowPrivateTargets });
}

const userIdOf = (ctx: RequestContext) => (ctx.viewer.kind === 'staff' ? ctx.viewer.userId : null);

@Resolver()
export class WebhookResolver {
  @Allowed('Query.webhookEndpoints')
  @Query(() => [WebhookEndpoint], { description: 'Registered webhook endpoints, oldest first. 1 ≤ first ≤ 200; page on with afterId.' })
  webhookEndpoints(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('afterId', () => ID, { nullable: true }) afterId?: string,
  ): Promise<WebhookEndpoint[]> {
    return service(ctx).endpoints(first, afterId ? Number(afterId) : null);
  }

  @Allowed('Query.webhookDeliveries')
  @Query(() => [WebhookDelivery], { description: 'Deliveries, newest first. 1 ≤ first ≤ 200; page on with beforeId.' })
  webhookDeliveries(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('beforeId', () => ID, { nullable: true }) beforeId?: string,
    @Arg('endpointId', () => ID, { nullable: true }) endpointId?: string,
    @Arg('eventId', () => String, { nullable: true }) eventId?: string,
    @Arg('status', () => WebhookDeliveryStatus, { nullable: true }) status?: WebhookDeliveryStatus,
  ): Promise<WebhookDelivery[]> {
    return service(ctx).deliveries({ first, beforeId: beforeId ? Number(beforeId) : null, endpointId: endpointId ? Number(endpointId) : null, eventId, status });
  }

  @Allowed('Mutation.createWebhookEndpoint')
  @Mutation(() => CreatedWebhookSecret, { description: 'Registers an endpoint; the signing secret is returned once.' })
  createWebhookEndpoint(@Arg('input', () => WebhookEndpointInput) input: WebhookEndpointInput, @Ctx() ctx: RequestContext): Promise<CreatedWebhookSecret> {
    return service(ctx).create(userIdOf(ctx), input);
  }

  @Allowed('Mutation.updateWebhookEndpoint')
  @Mutation(() => WebhookEndpoint)
  updateWebhookEndpoint(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => WebhookEndpointUpdate) input: WebhookEndpointUpdate,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookEndpoint> {
    return service(ctx).update(Number(id), input);
  }

  @Allowed('Mutation.disableWebhookEndpoint')
  @Mutation(() => WebhookEndpoint, { description: 'Stops deliveries to an endpoint; waiting ones resume when it is re-enabled.' })
  disableWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<WebhookEndpoint> {
    return service(ctx).disable(Number(id));
  }

  @Allowed('Mutation.deleteWebhookEndpoint')
  @Mutation(() => Boolean, { description: 'Deletes an endpoint and its delivery records.' })
  deleteWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return service(ctx).delete(Number(id));
  }

  @Allowed('Mutation.rotateWebhookSecret')
  @Mutation(() => CreatedWebhookSecret, { description: 'A new signing secret, returned once; the previous one keeps signing (a second v1) for 24 hours.' })
  rotateWebhookSecret(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<CreatedWebhookSecret> {
    return service(ctx).rotateSecret(Number(id));
  }

  @Allowed('Mutation.replayWebhookDelivery')
  @Mutation(() => WebhookDelivery, { description: 'Sends a delivery again (one more attempt, same event id and Idempotency-Key).' })
  replayWebhookDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<WebhookDelivery> {
    return service(ctx).replayDelivery(Number(id));
  }

  @Allowed('Mutation.replayWebhookEvent')
  @Mutation(() => [WebhookDelivery], { description: 'Sends one change event again to every endpoint it went to, or only to endpointId.' })
  replayWebhookEvent(
    @Arg('eventId', () => String) eventId: string,
    @Ctx() ctx: RequestContext,
    @Arg('endpointId', () => ID, { nullable: true }) endpointId?: string,
  ): Promise<WebhookDelivery[]> {
    return service(ctx).replayEvent(eventId, endpointId ? Number(endpointId) : null);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => [WebhookAttempt], { description: 'Every attempt, oldest first' })
  async attemptLog(@Root() delivery: WebhookDelivery, @Ctx() ctx: RequestContext): Promise<WebhookAttempt[]> {
    const attempts = delivery.attemptLog.isInitialized() ? delivery.attemptLog.getItems() : await ctx.em.find(WebhookAttempt, { delivery: delivery.id });
    return [...attempts].sort((a, b) => a.attempt - b.attempt || a.id - b.id);
  }
}

export const WEBHOOK_RESOLVERS = [WebhookResolver, WebhookDeliveryResolver] as const;
