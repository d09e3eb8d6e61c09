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
