import { registerEnumType } from 'type-graphql';

export enum Role {
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
  REPORTER = 'REPORTER',
  DATA_MANAGER = 'DATA_MANAGER',
  OUTREACH_PLANNER = 'OUTREACH_PLANNER',
}

registerEnumType(Role, {
  name: 'Role',
  valuesConfig: {
    ADMIN: { description: 'Quản trị: everything, including accounts and the audit log' },
    EDITOR: { description: 'Biên tập viên: edit, review, publish and schedule any article' },
    REPORTER: { description: 'Phóng viên: create and edit own drafts, submit them for review' },
    DATA_MANAGER: { description: 'Quản lý dữ liệu: indices, editions, scores, imports, corrections' },
    OUTREACH_PLANNER: { description: 'Cán bộ tuyên truyền: outreach plans of their organisation' },
  },
});

export enum TokenScope {
  READ = 'READ',
  WRITE = 'WRITE',
}

registerEnumType(TokenScope, {
  name: 'TokenScope',
  description: 'What an API token may do: READ runs queries only; WRITE may also run mutations its owner may run.',
});

export const ALL_ROLES = Object.values(Role);
