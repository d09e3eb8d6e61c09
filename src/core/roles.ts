export enum Role {
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
  REPORTER = 'REPORTER',
  DATA_MANAGER = 'DATA_MANAGER',
  OUTREACH_PLANNER = 'OUTREACH_PLANNER',
}

export enum TokenScope {
  READ = 'READ',
  WRITE = 'WRITE',
}

export const ALL_ROLES = Object.values(Role);
