/** Import problems are collected, never thrown one by one: a bad file reports everything at once. */
import path from 'node:path';

export interface Problem {
  file: string;
  row?: number;
  column?: string;
  message: string;
}

export class Problems {
  readonly list: Problem[] = [];
  constructor(private readonly baseDir: string = process.cwd()) {}

  add(file: string, message: string, row?: number, column?: string): void {
    this.list.push({ file: path.relative(this.baseDir, file) || file, row, column, message });
  }

  get any(): boolean {
    return this.list.length > 0;
  }
}

export function formatProblem(p: Problem): string {
  const where = [p.file, p.row !== undefined ? `row ${p.row}` : null, p.column ? `column ${p.column}` : null].filter(Boolean).join(', ');
  return `${where}: ${p.message}`;
}

export class ImportFailedError extends Error {
  constructor(public readonly problems: Problem[]) {
    super(`import failed with ${problems.length} problem(s), nothing was imported:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
    this.name = 'ImportFailedError';
  }
}
