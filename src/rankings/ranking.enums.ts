import { registerEnumType } from 'type-graphql';

/** The kind of subject an index ranks (subjects of one level are ranked against each other). */
export enum IndexLevel {
  PROVINCE = 'PROVINCE',
  DISTRICT = 'DISTRICT',
  COMMUNE = 'COMMUNE',
  /** Ministries and ministry-level agencies (bộ, cơ quan ngang bộ), as the national PAR INDEX ranks them. */
  MINISTRY = 'MINISTRY',
  /** A province's departments and agencies (sở, ban, ngành), as provincial CCHC indices rank them. */
  DEPARTMENT = 'DEPARTMENT',
}

export enum EditionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}

/** Where a methodology splits its points: appraised evidence vs. sociological survey. */
export enum ComponentKind {
  APPRAISED = 'APPRAISED',
  SURVEY = 'SURVEY',
}

/** COMPUTED: ranked here from every unit's total. REPORTED: the rank as published, the other units' scores unknown. */
export enum RankKind {
  COMPUTED = 'COMPUTED',
  REPORTED = 'REPORTED',
}

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
