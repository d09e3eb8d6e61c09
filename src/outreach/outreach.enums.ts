/** Workflow of one outreach item (and of one overridden occurrence). */
export enum OutreachStatus {
  IDEA = 'IDEA',
  DRAFT = 'DRAFT',
  PENDING_APPROVAL = 'PENDING_APPROVAL',
  APPROVED = 'APPROVED',
  SCHEDULED = 'SCHEDULED',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

export enum CampaignStatus {
  PLANNING = 'PLANNING',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}

export enum Audience {
  CITIZENS = 'CITIZENS',
  BUSINESSES = 'BUSINESSES',
  OFFICIALS = 'OFFICIALS',
}

/** How a linked ranking widget shows its index. */
export enum RankingWidgetView {
  TABLE = 'TABLE',
  UNIT_CARD = 'UNIT_CARD',
  AREA_CHART = 'AREA_CHART',
}

/** Allowed moves; CANCELLED is reachable from every state that is not final. */
const NEXT: Record<OutreachStatus, OutreachStatus[]> = {
  IDEA: [OutreachStatus.DRAFT],
  DRAFT: [OutreachStatus.PENDING_APPROVAL, OutreachStatus.IDEA],
  PENDING_APPROVAL: [OutreachStatus.APPROVED, OutreachStatus.DRAFT],
  APPROVED: [OutreachStatus.SCHEDULED, OutreachStatus.DRAFT],
  SCHEDULED: [OutreachStatus.DONE, OutreachStatus.APPROVED],
  DONE: [],
  CANCELLED: [],
};

export function canMove(from: OutreachStatus, to: OutreachStatus): boolean {
  if (from === to) return true;
  if (to === OutreachStatus.CANCELLED) return from !== OutreachStatus.DONE && from !== OutreachStatus.CANCELLED;
  return NEXT[from].includes(to);
}

/** Occurrences that count as outreach in coverage and conflicts (ideas and cancellations do not). */
export const COUNTED_STATUSES = new Set([OutreachStatus.DRAFT, OutreachStatus.PENDING_APPROVAL, OutreachStatus.APPROVED, OutreachStatus.SCHEDULED, OutreachStatus.DONE]);
