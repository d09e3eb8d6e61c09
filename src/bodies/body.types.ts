/** GraphQL shapes of article bodies: a union of typed blocks, widgets with rows, inline facts. */
import { createUnionType, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Article } from '../newsroom/article.entity';
import { ScoreRevision } from '../rankings/score.entity';
import { BodyVersion, RelatedReasonKind } from './body.enums';

// Importers of the GraphQL shapes keep finding the enums here.
export { BodyVersion, RelatedReasonKind };

registerEnumType(BodyVersion, {
  name: 'BodyVersion',
  description: 'LIVE: values from the data now. AS_PUBLISHED: the values snapshotted when the article went live.',
});

@ObjectType()
export class InlineFact {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'rank, score, rankchange, scorechange or streak' }) kind!: string;
  @Field(() => String) unitCode!: string;
  @Field(() => String) unitName!: string;
  @Field(() => String, { description: 'Index slug' }) index!: string;
  @Field(() => Int) year!: number;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => String, { description: 'What readers see, e.g. "3 năm liên tục"' }) text!: string;
  @Field(() => String, { description: 'What the value means (for tooltips and screen readers)' }) meaning!: string;
  @Field(() => Int, { description: 'Data revision of the edition the value came from' }) revision!: number;
  @Field(() => Boolean, { description: 'The live value differs from the one snapshotted at publication' }) changedSincePublished!: boolean;
  @Field(() => String, { nullable: true }) publishedText!: string | null;
  @Field(() => Float, { nullable: true }) publishedValue!: number | null;
}

@ObjectType()
export class WidgetRow {
  @Field(() => String) unitCode!: string;
  @Field(() => String) unitName!: string;
  @Field(() => Float) total!: number;
  @Field(() => Int) rank!: number;
  @Field(() => String) rankKind!: string;
  @Field(() => Int, { nullable: true }) rankChange!: number | null;
  @Field(() => Float, { nullable: true }) scoreChange!: number | null;
  @Field(() => Int) streak!: number;
  @Field(() => Boolean) highlighted!: boolean;
}

@ObjectType()
export class TrendPoint {
  @Field(() => Int) year!: number;
  @Field(() => Float) total!: number;
  @Field(() => Int) rank!: number;
}

@ObjectType()
export class TrendSeries {
  @Field(() => String) unitCode!: string;
  @Field(() => String) unitName!: string;
  @Field(() => [TrendPoint]) points!: TrendPoint[];
}

@ObjectType()
export class ParagraphBlock {
  @Field(() => Int) line!: number;
  @Field(() => String) html!: string;
  @Field(() => String) text!: string;
  @Field(() => [InlineFact]) facts!: InlineFact[];
}

@ObjectType()
export class HeadingBlock {
  @Field(() => Int) line!: number;
  @Field(() => Int) level!: number;
  @Field(() => String) text!: string;
  @Field(() => String) html!: string;
}

@ObjectType()
export class ListBlock {
  @Field(() => Int) line!: number;
  @Field(() => Boolean) ordered!: boolean;
  @Field(() => [String], { description: 'Safe HTML of each item' }) items!: string[];
}

@ObjectType()
export class QuoteBlock {
  @Field(() => Int) line!: number;
  @Field(() => String) text!: string;
  @Field(() => String) html!: string;
}

@ObjectType()
export class ImageBlock {
  @Field(() => Int) line!: number;
  @Field(() => String, { nullable: true, description: 'The article image reference (![alt](image:REF)), when the body uses one' }) ref!: string | null;
  @Field(() => String, { nullable: true, description: "The outside picture, else the media image's default variant; null when the reference has neither" }) url!: string | null;
  /** The media image of the reference; its Image is loaded only when asked (ImageBlockResolver), so pages not showing it pay no statement. */
  imageId!: string | null;
  @Field(() => String) alt!: string;
  @Field(() => String, { nullable: true }) caption!: string | null;
  @Field(() => String, { nullable: true }) credit!: string | null;
}

@ObjectType()
export class CodeBlock {
  @Field(() => Int) line!: number;
  @Field(() => String, { nullable: true }) language!: string | null;
  @Field(() => String) code!: string;
}

@ObjectType()
export class DividerBlock {
  @Field(() => Int) line!: number;
}

@ObjectType()
export class TableBlock {
  @Field(() => Int) line!: number;
  @Field(() => String) html!: string;
}

@ObjectType()
export class RankingWidgetBlock {
  @Field(() => ID) id!: string;
  @Field(() => Int) line!: number;
  @Field(() => String, { description: 'Index slug' }) index!: string;
  @Field(() => String, { nullable: true }) indexName!: string | null;
  @Field(() => Int, { nullable: true, description: 'The edition shown (null when the data is missing)' }) year!: number | null;
  @Field(() => String, { nullable: true }) area!: string | null;
  @Field(() => String, { nullable: true }) areaTitle!: string | null;
  @Field(() => String, { description: 'table, bars or trend' }) display!: string;
  @Field(() => String, { nullable: true }) caption!: string | null;
  @Field(() => [String]) highlight!: string[];
  @Field(() => Int, { nullable: true }) limit!: number | null;
  @Field(() => Float, { nullable: true }) maxPoints!: number | null;
  @Field(() => Boolean) illustrative!: boolean;
  @Field(() => String, { nullable: true }) source!: string | null;
  @Field(() => Int, { nullable: true }) revision!: number | null;
  @Field(() => [WidgetRow]) rows!: WidgetRow[];
  @Field(() => [TrendSeries]) trend!: TrendSeries[];
  @Field(() => Boolean, { description: 'The live rows differ from the ones snapshotted at publication' }) changedSincePublished!: boolean;
  @Field(() => Int, { nullable: true }) publishedRevision!: number | null;
}

registerEnumType(RelatedReasonKind, { name: 'RelatedReasonKind' });

@ObjectType()
export class RelatedReason {
  @Field(() => RelatedReasonKind) kind!: RelatedReasonKind;
  @Field(() => String, { description: 'A label frontends can show, e.g. "Cùng chủ đề: Cải cách hành chính"' }) label!: string;
  @Field(() => String, { nullable: true, description: 'The shared topic, tag or unit' }) name!: string | null;
}

@ObjectType()
export class RelatedItem {
  @Field(() => Article) article!: Article;
  @Field(() => [RelatedReason]) reasons!: RelatedReason[];
}

@ObjectType()
export class RelatedReadingBlock {
  @Field(() => ID) id!: string;
  @Field(() => Int) line!: number;
  @Field(() => String, { nullable: true }) caption!: string | null;
  @Field(() => [RelatedItem]) items!: RelatedItem[];
}

export const BodyBlockUnion = createUnionType({
  name: 'BodyBlock',
  types: () => [ParagraphBlock, HeadingBlock, ListBlock, QuoteBlock, ImageBlock, CodeBlock, DividerBlock, TableBlock, RankingWidgetBlock, RelatedReadingBlock] as const,
});

@ObjectType()
export class BodyProblem {
  @Field(() => Int) line!: number;
  @Field(() => String) message!: string;
}

@ObjectType()
export class ClaimDifferenceType {
  @Field(() => String) directiveId!: string;
  @Field(() => String) kind!: string;
  @Field(() => String) label!: string;
  @Field(() => String) publishedText!: string;
  @Field(() => String) liveText!: string;
  @Field(() => Float, { nullable: true }) publishedValue!: number | null;
  @Field(() => Float, { nullable: true }) liveValue!: number | null;
  @Field(() => Int) publishedRevision!: number;
  @Field(() => Int) liveRevision!: number;
}

@ObjectType()
export class StaleArticleType {
  @Field(() => Article) article!: Article;
  @Field(() => Date) snapshotTakenAt!: Date;
  @Field(() => [ClaimDifferenceType]) differences!: ClaimDifferenceType[];
  @Field(() => [ScoreRevision], { description: 'Score corrections recorded since the snapshot' }) corrections!: ScoreRevision[];
}
