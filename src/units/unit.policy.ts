/** Administrative units are public reference data: anyone reads them; imports run from the CLI. */
import type { OperationPolicy } from '../core/policy';

export const UNIT_OPERATIONS = {
  'Query.unit': 'PUBLIC',
  'Query.units': 'PUBLIC',
} as const satisfies OperationPolicy;
