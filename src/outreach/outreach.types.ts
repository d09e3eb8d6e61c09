/** GraphQL shapes of computed outreach data (occurrences, conflicts, coverage, suggestions, feeds). */
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Unit } from '../units/unit.entity';
import { Channel } from './channel.entity';
import { OutreachFeed } from './feed.entity';
import { OutreachItem } from './item.entity';
import { Audience, CampaignStatus, OutreachStatus, RankingWidgetView } from './outreach.enums';

// The plain enums of outreach.enums.ts become GraphQL enums here, in the GraphQL layer.
registerEnumType(OutreachStatus, {
  name: 'OutreachStatus',
  valuesConfig: {
    IDEA: { description: 'Ý tưởng' },
    DRAFT: { description: 'Dự thảo' },
    PENDING_APPROVAL: { description: 'Chờ phê duyệt' },
    APPROVED: { description: 'Đã phê duyệt' },
    SCHEDULED: { description: 'Đã lên lịch (needs an assignee and a met dependency)' },
    DONE: { description: 'Đã thực hiện (needs an outcome: reach and notes)' },
    CANCELLED: { description: 'Đã hủy' },
  },
});
registerEnumType(CampaignStatus, { name: 'CampaignStatus' });
registerEnumType(Audience, {
  name: 'Audience',
  valuesConfig: { CITIZENS: { description: 'Người dân' }, BUSINESSES: { description: 'Doanh nghiệp' }, OFFICIALS: { description: 'Cán bộ, công chức, viên chức' } },
});
registerEnumType(RankingWidgetView, { name: 'RankingWidgetView' });

@ObjectType('OutreachConflict', { description: 'More occurrences in one channel and time slot (per unit for per-unit channels) than the channel capacity' })
export class OutreachConflictType {
  @Field(() => ID) key!: string;
  @Field(() => Channel) channel!: Channel;
  @Field(() => Unit, { nullable: true, description: 'Set for channels whose capacity holds per unit' }) unit!: Unit | null;
  @Field(() => Date) slotStart!: Date;
  @Field(() => Date) slotEnd!: Date;
  @Field(() => Int) capacity!: number;
  @Field(() => [String], { description: 'Keys of the occurrences sharing the slot' }) occurrenceKeys!: string[];
}

@ObjectType('OutreachOccurrence', { description: 'One occurrence of an item in the calendar, with per-occurrence edits applied' })
export class OutreachOccurrenceType {
  @Field(() => ID, { description: '"<item id>@<original start>"' }) key!: string;
  @Field(() => OutreachItem) item!: OutreachItem;
  @Field(() => Date, { description: 'Start before any per-occurrence edit: the id of the occurrence in occurrence mutations' }) originalStart!: Date;
  @Field(() => Date) startsAt!: Date;
  @Field(() => Date) endsAt!: Date;
  @Field(() => String) title!: string;
  @Field(() => String) brief!: string;
  @Field(() => OutreachStatus) status!: OutreachStatus;
  @Field(() => Int, { nullable: true }) outcomeReach!: number | null;
  @Field(() => String, { nullable: true }) outcomeNotes!: string | null;
  @Field(() => Boolean, { description: 'True when this occurrence was edited on its own' }) overridden!: boolean;
  @Field(() => [OutreachConflictType]) conflicts!: OutreachConflictType[];
}

@ObjectType('OutreachCoverageCell')
export class CoverageCellType {
  @Field(() => Unit) unit!: Unit;
  @Field(() => Channel) channel!: Channel;
  @Field(() => Int) occurrences!: number;
}

@ObjectType('OutreachUnitCoverage')
export class UnitCoverageType {
  @Field(() => Unit) unit!: Unit;
  @Field(() => Int) occurrences!: number;
  @Field(() => [Channel]) channels!: Channel[];
  @Field(() => Int, { description: 'How many distinct channels reached the unit' }) distinctChannels!: number;
  @Field(() => Date, { nullable: true }) lastStartsAt!: Date | null;
}

@ObjectType('OutreachCoverage', { description: 'Who was reached through what in a period (ideas and cancelled occurrences do not count)' })
export class CoverageType {
  @Field(() => Date) from!: Date;
  @Field(() => Date) to!: Date;
  @Field(() => Int) quietDays!: number;
  @Field(() => [CoverageCellType], { description: 'Occurrences per unit × channel' }) cells!: CoverageCellType[];
  @Field(() => [UnitCoverageType]) units!: UnitCoverageType[];
  @Field(() => [Unit], { description: 'Target units (existing at the end of the range) with no outreach in the last quietDays days before `to`' }) quietUnits!: Unit[];
}

@ObjectType('OutreachAreaSuggestion', { description: 'A reform area to talk about, with the figures behind the suggestion' })
export class AreaSuggestionType {
  @Field(() => String) code!: string;
  @Field(() => String) title!: string;
  @Field(() => Float) points!: number;
  @Field(() => Float) max!: number;
  @Field(() => Float, { description: 'points / max × 100' }) percentOfMax!: number;
  @Field(() => Int) rank!: number;
  @Field(() => Int) rankedUnits!: number;
  @Field(() => Float) gapToLeader!: number;
  @Field(() => Float, { nullable: true }) scoreChange!: number | null;
}

@ObjectType('OutreachSuggestions')
export class SuggestionsType {
  @Field(() => Unit) unit!: Unit;
  @Field(() => String) indexSlug!: string;
  @Field(() => String) indexName!: string;
  @Field(() => Int) year!: number;
  @Field(() => Boolean, { description: 'True when the ranking data is illustrative' }) illustrative!: boolean;
  @Field(() => Float) total!: number;
  @Field(() => Int) rank!: number;
  @Field(() => [AreaSuggestionType], { description: 'Weakest areas first' }) areas!: AreaSuggestionType[];
}

@ObjectType('RankingWidget', { description: 'A ranking widget linked to an outreach item' })
export class RankingWidgetType {
  @Field(() => String) indexSlug!: string;
  @Field(() => Int, { nullable: true, description: 'null = the latest published edition' }) year!: number | null;
  @Field(() => RankingWidgetView) view!: RankingWidgetView;
  @Field(() => String, { nullable: true }) areaCode!: string | null;
  @Field(() => [String]) highlightUnitCodes!: string[];
}

@ObjectType('OutreachDependency', { description: '"After edition <year> of <index> is published"' })
export class DependencyType {
  @Field(() => String) indexSlug!: string;
  @Field(() => Int) year!: number;
  @Field(() => Boolean) met!: boolean;
}

@ObjectType('OutreachFeedCreated')
export class FeedCreatedType {
  @Field(() => OutreachFeed) feed!: OutreachFeed;
  @Field(() => String, { description: 'The secret subscription URL, shown only now' }) url!: string;
}
