/**
 * One computation per (event, question) however many sockets ask: 1,000 widgets watching the
 * same table after one correction make one table query, not 1,000. Bounded: the newest keys
 * are kept, older ones dropped.
 */
export class SharedResults {
  private readonly results = new Map<string, Promise<unknown>>();
  constructor(private readonly maxKeys = 200) {}

  once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let result = this.results.get(key) as Promise<T> | undefined;
    if (!result) {
      result = compute();
      this.results.set(key, result);
      // A failure is not remembered: the next subscriber tries again.
      result.catch(() => this.results.delete(key));
      if (this.results.size > this.maxKeys) this.results.delete(this.results.keys().next().value as string);
    }
    return result;
  }
}
