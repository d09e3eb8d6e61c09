/** Counts what an import created, updated and left unchanged, per kind of record. */
export class ImportStats {
  readonly counts: Record<string, { created: number; updated: number; unchanged: number }> = {};

  private bucket(kind: string) {
    return (this.counts[kind] ??= { created: 0, updated: 0, unchanged: 0 });
  }
  created(kind: string, n = 1) {
    this.bucket(kind).created += n;
  }
  updated(kind: string, n = 1) {
    this.bucket(kind).updated += n;
  }
  unchanged(kind: string, n = 1) {
    this.bucket(kind).unchanged += n;
  }
  get changed(): boolean {
    return Object.values(this.counts).some((c) => c.created + c.updated > 0);
  }
  summary(): string {
    if (!this.changed) return 'content is up to date: nothing changed';
    return Object.entries(this.counts)
      .map(([kind, c]) => `${kind}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`)
      .join('; ');
  }
}
