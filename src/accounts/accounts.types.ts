import { Field, ObjectType } from 'type-graphql';
import { ApiToken } from './session.entity';
import { User } from './user.entity';

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
