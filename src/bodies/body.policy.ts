/**
 * Who may do what with article bodies beyond reading them: the list of published articles whose
 * facts or widgets no longer hold is for EDITOR (and ADMIN), who decide on corrections.
 */
import { Role } from '../core/roles';
import type { OperationPolicy } from '../core/policy';

export const BODY_OPERATIONS = {
  'Query.staleArticles': [Role.EDITOR],
} as const satisfies OperationPolicy;
