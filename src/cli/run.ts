/** Shared plumbing for command-line entry points: config errors as one line, clean exit codes. */
import { ConfigError, loadConfig, type Config } from '../config';
import { DirectoryLockedError } from '../db/lock';
import { DatabaseUnreachableError } from '../db/orm';
import { ImportFailedError } from '../import-kit/problems';
import { DomainError } from '../core/errors';

/** A wrong command-line argument: reported as one line, no stack. */
export class UsageError extends Error {
  name = 'UsageError';
}

export async function runCommand(fn: (config: Config) => Promise<number | void>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`reformdesk: invalid configuration: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  try {
    const code = await fn(config);
    if (typeof code === 'number') process.exitCode = code;
  } catch (e) {
    if (e instanceof DirectoryLockedError || e instanceof DatabaseUnreachableError || e instanceof ImportFailedError || e instanceof DomainError || e instanceof UsageError) {
      process.stderr.write(`reformdesk: ${e.message}\n`);
    } else {
      process.stderr.write(`reformdesk: ${(e as Error).stack ?? e}\n`);
    }
    process.exitCode = 1;
  }
}
