/**
 * Writes validated score sheets into an edition, recording a revision (who, when, old, new)
 * for every value changed in an edition that already had data: a corrected file and a
 * corrected score leave the same history. Revisions get the edition's new data revision
 * once the rankings are recomputed.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../accounts/account-visibility';
import type { ImportStats } from '../import-kit/stats';
import type { Unit } from '../units/unit.entity';
import type { Edition } from './edition.entity';
import type { RankingIndex } from './index.entity';
import { recomputeIndex } from './ranking.store';
import { recordEditionChanges } from './ranking.events';
import { ScoreRevision, ScoreSheet } from './score.entity';
import type { SheetValues } from './scores.parse';

export const REPORTED_TOTAL = 'REPORTED_TOTAL';
export const REPORTED_RANK = 'REPORTED_RANK';

export interface Author {
  who: Actor;
  via: string;
  reason?: string | null;
  at: Date;
}

function fieldsOf(values: SheetValues | null): Map<string, number> {
  const out = new Map<string, number>();
  if (!values) return out;
  for (const [code, v] of Object.entries(values.points)) out.set(code, v);
  if (values.reportedTotal !== null && values.reportedTotal !== undefined) out.set(REPORTED_TOTAL, values.reportedTotal);
  if (values.reportedRank !== null && values.reportedRank !== undefined) out.set(REPORTED_RANK, values.reportedRank);
  return out;
}

/** Field-by-field differences between two versions of a sheet (null = no sheet). */
export function diffSheet(before: SheetValues | null, after: SheetValues | null): { field: string; oldValue: number | null; newValue: number | null }[] {
  const a = fieldsOf(before);
  const b = fieldsOf(after);
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
  return fields.filter((f) => a.get(f) !== b.get(f)).map((field) => ({ field, oldValue: a.get(field) ?? null, newValue: b.get(field) ?? null }));
}

export class SheetWriter {
  private readonly pending: ScoreRevision[] = [];
  readonly changedEditions = new Set<number>();
  readonly indices = new Map<number, RankingIndex>();
  /** Every edition written to, changed or not. */
  readonly touched = new Map<number, Edition>();
  revisions = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly author: Author,
    private readonly stats?: ImportStats,
  ) {}

  /**
   * Makes the sheets of `incoming` (unit id → values) equal to it and deletes the sheets of
   * `removals`; other units are left alone (nothing is deleted by omission). The first data of
   * an edition is not a correction, so it records no history unless `alwaysRecord`.
   */
  async write(edition: Edition, incoming: Map<number, { unit: Unit; values: SheetValues }>, removals: Unit[] = [], alwaysRecord = false): Promise<void> {
    this.touched.set(edition.id, edition);
    const existing = await this.em.find(ScoreSheet, { edition });
    const byUnit = new Map(existing.map((s) => [s.unit.id, s]));
    const recordHistory = alwaysRecord || existing.length > 0;
    const record = (unit: Unit, changes: ReturnType<typeof diffSheet>) => {
      if (!recordHistory) return;
      for (const c of changes) {
        this.pending.push(
          this.em.create(ScoreRevision, {
            edition,
            unit,
            ...c,
            changedBy: this.author.who.name,
            changedByUserId: this.author.who.userId,
            changedAt: this.author.at,
            reason: this.author.reason ?? null,
            via: this.author.via,
            dataRevision: 0,
          }),
        );
      }
    };
    for (const [unitId, { unit, values }] of incoming) {
      const sheet = byUnit.get(unitId);
      const changes = diffSheet(sheet ? { points: sheet.points, reportedTotal: sheet.reportedTotal ?? null, reportedRank: sheet.reportedRank ?? null } : null, values);
      if (changes.length === 0) {
        this.stats?.unchanged('score sheets');
        continue;
      }
      this.changedEditions.add(edition.id);
      record(unit, changes);
      if (sheet) {
        // A new object, so MikroORM sees the jsonb change.
        this.em.assign(sheet, { points: { ...values.points }, reportedTotal: values.reportedTotal, reportedRank: values.reportedRank });
        this.stats?.updated('score sheets');
      } else {
        this.em.create(ScoreSheet, { edition, unit, points: values.points, reportedTotal: values.reportedTotal, reportedRank: values.reportedRank });
        this.stats?.created('score sheets');
      }
    }
    const removed = new Set(removals.map((u) => u.id));
    for (const sheet of existing) {
      if (!removed.has(sheet.unit.id)) continue;
      this.changedEditions.add(edition.id);
      record(sheet.unit, diffSheet({ points: sheet.points, reportedTotal: sheet.reportedTotal ?? null, reportedRank: sheet.reportedRank ?? null }, null));
      this.em.remove(sheet);
      this.stats?.updated('score sheets');
    }
    this.indices.set(edition.index.id, edition.index);
  }

  /** Recomputes the touched indices and stamps the revisions with the data revision they produced. */
  async finish(): Promise<void> {
    await this.em.flush();
    const bumped = new Set<number>();
    for (const index of this.indices.values()) for (const id of await recomputeIndex(this.em, index, this.changedEditions, this.stats)) bumped.add(id);
    for (const revision of this.pending) revision.dataRevision = revision.edition.revision;
    this.revisions = this.pending.length;
    if (this.pending.length) this.stats?.created('score revisions', this.pending.length);
    await this.em.flush();
    // In the same transaction: the change feed hears of it exactly when it commits.
    await recordEditionChanges(
      this.em,
      this.author.via === 'correctScore' /* API_CORRECTION; not imported: scores.corrections imports this file */ ? 'score.corrected' : 'scores.imported',
      bumped,
    );
  }
}
