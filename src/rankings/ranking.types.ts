/** GraphQL shapes that are not stored as such: ranking rows (per dimension), tables, facts, import reports. */
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Unit } from '../units/unit.entity';
import { Edition } from './edition.entity';
import { RankingIndex } from './index.entity';
import { ComponentKind, EditionStatus, IndexLevel, RankKind } from './ranking.enums';
import { ScoreRevision } from './score.entity';
import type { AreaStanding, NodeScoreView, RankingFactsView, RankingRowView, RankingTableView, ScoreSheetValues, UnitHistoryView } from './ranking.views';

// The plain enums of ranking.enums.ts become GraphQL enums here, in the GraphQL layer.
registerEnumType(IndexLevel, { name: 'IndexLevel', description: 'Level of the units an index ranks' });
registerEnumType(EditionStatus, { name: 'EditionStatus', description: 'DRAFT editions are visible to staff only' });
registerEnumType(ComponentKind, {
  name: 'ComponentKind',
  valuesConfig: { APPRAISED: { description: 'Điểm thẩm định' }, SURVEY: { description: 'Điểm điều tra xã hội học' } },
});
registerEnumType(RankKind, {
  name: 'RankKind',
  valuesConfig: {
    COMPUTED: { description: 'Computed here from the totals of every ranked unit (ties share a rank: 1, 2, 2, 4)' },
    REPORTED: { description: 'As published; the other units are not in the data, so the rank cannot be computed' },
  },
});

// simpleResolvers: plain values, so the fields skip the global middleware chain (hundreds of rows per table).
@ObjectType('AreaStanding', { description: "A unit's standing in one area (lĩnh vực) of an edition", simpleResolvers: true })
export class AreaStandingType implements AreaStanding {
  @Field(() => String) code!: string;
  @Field(() => String) title!: string;
  @Field(() => Float) points!: number;
  @Field(() => Float) max!: number;
  @Field(() => Int) rank!: number;
  @Field(() => Float) percentOfMax!: number;
  @Field(() => Int, { nullable: true, description: 'Places gained since the previous published edition (positive = moved up)' }) rankChange!: number | null;
  @Field(() => Float, { nullable: true }) scoreChange!: number | null;
  @Field(() => Float) gapToLeader!: number;
  @Field(() => Int) streak!: number;
  @Field(() => Int) topStreak!: number;
}

@ObjectType('RankingRow', { description: "One unit's place in an edition, precomputed when the data changed", simpleResolvers: true })
export class RankingRow implements RankingRowView {
  @Field(() => Unit) unit!: Unit;
  @Field(() => Edition) edition!: Edition;

  @Field(() => Int) year!: number;
  @Field(() => Float, { description: 'The total that ranks: the reported total when published, else the sum of the parts (or the area points when ranking one area)' })
  total!: number;
  @Field(() => Float, { nullable: true, description: 'Sum of the rounded parts' }) computedTotal!: number | null;
  @Field(() => Float, { nullable: true, description: 'The total exactly as published' }) reportedTotal!: number | null;
  @Field(() => Boolean, { description: 'True when the published total differs from the sum of the parts (published totals come from unrounded parts)' })
  totalsDiffer!: boolean;
  @Field(() => Int) rank!: number;
  @Field(() => RankKind) rankKind!: RankKind;
  @Field(() => Int, { nullable: true, description: 'The rank as published, when given' }) reportedRank!: number | null;
  @Field(() => Int, { nullable: true, description: 'How many units the edition ranks' }) outOf!: number | null;
  @Field(() => Int, { nullable: true }) previousRank!: number | null;
  @Field(() => Int, { nullable: true, description: 'Places gained since the previous published edition (positive = moved up); null when the unit was not in it' })
  rankChange!: number | null;
  @Field(() => Float, { nullable: true }) scoreChange!: number | null;
  @Field(() => Float, { nullable: true }) percentOfMax!: number | null;
  @Field(() => Float, { nullable: true, description: "Points behind the leader; null for reported ranks (the leader's score is not in the data)" })
  gapToLeader!: number | null;
  @Field(() => Int, { description: 'Consecutive published editions, ending with this one, at rank 1' }) streak!: number;
  @Field(() => Int, { description: "Consecutive published editions, ending with this one, within the index's top N" }) topStreak!: number;
  @Field(() => Boolean, { description: 'Asked for in `highlight`' }) highlighted!: boolean;
  @Field(() => Int, { description: 'The data revision of the edition this row was computed from' }) revision!: number;
  @Field(() => [AreaStandingType]) areas!: AreaStandingType[];
}

@ObjectType('RankingTable')
export class RankingTable implements RankingTableView {
  @Field(() => RankingIndex) index!: RankingIndex;
  @Field(() => Edition) edition!: Edition;
  @Field(() => String, { nullable: true, description: 'The area code when the table ranks one area' }) area!: string | null;
  @Field(() => Int, { description: "The edition's data revision" }) revision!: number;
  @Field(() => Int, { description: 'How many units the edition ranks' }) outOf!: number;
  @Field(() => [RankingRow]) rows!: RankingRow[];
}

@ObjectType('UnitHistory')
export class UnitHistory implements UnitHistoryView {
  @Field(() => RankingIndex) index!: RankingIndex;
  @Field(() => Unit) unit!: Unit;
  @Field(() => [RankingRow], { description: 'One row per edition the unit is in, oldest first' }) rows!: RankingRow[];
}

@ObjectType('RankingFacts', { description: 'Rank and streak facts of a unit in one edition, for articles' })
export class RankingFacts implements RankingFactsView {
  @Field(() => RankingIndex) index!: RankingIndex;
  @Field(() => Unit) unit!: Unit;
  @Field(() => RankingRow) row!: RankingRow;
  @Field(() => Int, { description: 'N of topStreak' }) topN!: number;
  @Field(() => Int) bestRank!: number;
  @Field(() => [Int], { description: 'Years of the best rank' }) bestRankYears!: number[];
  @Field(() => Int, { description: 'Editions (up to this one) with the unit at rank 1' }) timesFirst!: number;
  @Field(() => Int, { description: 'Editions (up to this one) the unit was ranked in' }) editionsRanked!: number;
  @Field(() => Boolean) illustrative!: boolean;
  @Field(() => String, { description: 'The facts as one Vietnamese sentence' }) summary!: string;
}

@ObjectType('ImportProblem')
export class ImportProblemType {
  @Field(() => Int, { nullable: true }) row!: number | null;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field(() => String) message!: string;
}

@ObjectType('ScoreImportReport', { description: 'All-or-nothing: with any problem, nothing was written' })
export class ScoreImportReport {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => [ImportProblemType]) problems!: ImportProblemType[];
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int, { description: 'Revisions recorded for corrected values' }) revisions!: number;
  @Field(() => [Edition], { description: 'Editions the file holds' }) editions!: Edition[];
}

@ObjectType('ScoreCorrection')
export class ScoreCorrection {
  @Field(() => ScoreRevision) revision!: ScoreRevision;
  @Field(() => Edition) edition!: Edition;
}

@InputType()
export class CreateEditionInput {
  @Field(() => String) index!: string;
  @Field(() => Int) year!: number;
  @Field(() => String) title!: string;
  @Field(() => String, { description: 'The criteria tree as YAML or JSON: a list of {code, title, max, component, children}' }) criteria!: string;
  @Field(() => String, { nullable: true }) sourceDocument?: string | null;
  @Field(() => String, { nullable: true }) sourceUrl?: string | null;
  @Field(() => String, { nullable: true }) methodology?: string | null;
  @Field(() => Int, { nullable: true }) rankedUnits?: number | null;
  @Field(() => Boolean, { nullable: true, description: "Defaults to the index's flag" }) illustrative?: boolean | null;
}

@InputType()
export class CorrectScoreInput {
  @Field(() => String) index!: string;
  @Field(() => Int) year!: number;
  @Field(() => String, { description: 'Unit code' }) unit!: string;
  @Field(() => String, { description: 'A criterion code of the edition, or REPORTED_TOTAL / REPORTED_RANK' }) field!: string;
  @Field(() => Float, { nullable: true, description: 'The corrected value; null removes it' }) value!: number | null;
  @Field(() => String) reason!: string;
}

@ObjectType('NodeScore', { description: 'Points of one unit for one node of the criteria tree' })
export class NodeScore implements NodeScoreView {
  @Field(() => String) code!: string;
  @Field(() => String, { nullable: true }) parentCode!: string | null;
  @Field(() => String) title!: string;
  @Field(() => Int) depth!: number;
  @Field(() => Float) maxPoints!: number;
  @Field(() => Float, { nullable: true, description: 'Null when neither the node nor its children were scored' }) points!: number | null;
  @Field(() => Boolean, { description: 'True when the points are the sum of the children (not given for the node itself)' }) summed!: boolean;
}

@ObjectType('ScoreSheet', { description: "A unit's scores in one edition, per node of the tree, with the reported total and rank" })
export class ScoreSheetView implements ScoreSheetValues {
  @Field(() => Unit) unit!: Unit;
  @Field(() => Edition) edition!: Edition;
  @Field(() => Float, { nullable: true }) reportedTotal!: number | null;
  @Field(() => Int, { nullable: true }) reportedRank!: number | null;
  @Field(() => [NodeScore]) scores!: NodeScore[];
}
