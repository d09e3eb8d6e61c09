import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { ApiToken } from './session.entity';
import { Role, TokenScope } from '../core/roles';
import { User } from './user.entity';

// The plain enums of roles.ts become GraphQL enums here, in the GraphQL layer.
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
registerEnumType(TokenScope, {
  name: 'TokenScope',
  description: 'What an API token may do: READ runs queries only; WRITE may also run mutations its owner may run.',
});

@ObjectType('LoginResult')
export class LoginPayload {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`; shown once' })
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => User)
  user!: User;
}

@ObjectType('CreatedUser')
export class CreatedUserPayload {
  @Field(() => User)
  user!: User;

  @Field(() => String, { nullable: true, description: 'The generated one-time password (shown once); null when a password was given' })
  oneTimePassword!: string | null;
}

@ObjectType('CreatedApiToken')
export class CreatedApiTokenPayload {
  @Field(() => String, { description: 'The secret token, shown once: send as `Authorization: Bearer <token>`' })
  token!: string;

  @Field(() => ApiToken)
  apiToken!: ApiToken;
}
