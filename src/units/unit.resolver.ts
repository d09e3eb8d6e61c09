import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { allowedBy } from '../graphql/authorization';
import { UNIT_OPERATIONS } from './unit.policy';
import type { RequestContext } from '../graphql/context';
import { DateScalar } from '../graphql/scalars';
import { Unit } from './unit.entity';
import { UnitService } from './unit.service';

const Allowed = allowedBy(UNIT_OPERATIONS);

@Resolver(() => Unit)
export class UnitResolver {
  @Allowed('Query.unit')
  @Query(() => Unit, { description: 'One unit by its GSO code; NOT_FOUND when unknown.' })
  unit(@Arg('code', () => String) code: string, @Ctx() ctx: RequestContext): Promise<Unit> {
    return new UnitService(ctx.em).byCode(code);
  }

  @Allowed('Query.units')
  @Query(() => [Unit], { description: 'Units under a parent and/or valid on a date, sorted in Vietnamese order.' })
  units(
    @Ctx() ctx: RequestContext,
    @Arg('parentCode', () => String, { nullable: true }) parentCode?: string,
    @Arg('validOn', () => DateScalar, { nullable: true }) validOn?: string,
  ): Promise<Unit[]> {
    return new UnitService(ctx.em).list({ parentCode, validOn });
  }

  @FieldResolver(() => Unit, { nullable: true })
  parent(@Root() unit: Unit, @Ctx() ctx: RequestContext): Promise<Unit | null> | null {
    return unit.parent ? ctx.loaders.unitById.load(unit.parent.id) : null;
  }

  @FieldResolver(() => [Unit], {
    description: 'The units that took over this one; empty while it exists, and for a unit split among several (a district abolished in 2025: see validTo)',
  })
  successors(@Root() unit: Unit, @Ctx() ctx: RequestContext): Promise<Unit[]> | Unit[] {
    return unit.successor ? ctx.loaders.unitById.load(unit.successor.id).then((u) => (u ? [u] : [])) : [];
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'The unit that took over this one after a merger' })
  successor(@Root() unit: Unit, @Ctx() ctx: RequestContext): Promise<Unit | null> | null {
    return unit.successor ? ctx.loaders.unitById.load(unit.successor.id) : null;
  }
}
