import { Type, type Static } from 'typebox';
import { Role, Uuid } from './common.ts';

export const Password = Type.String({ minLength: 8, maxLength: 200 });

export const RegisterInput = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 200 }),
    password: Password,
    fullName: Type.String({ minLength: 2, maxLength: 200 }),
    phone: Type.Optional(Type.String({ pattern: '^(\\+84|0)[0-9]{9,10}$' })),
    personalId: Type.Optional(Type.String({ pattern: '^[0-9]{12}$', description: 'CCCD, 12 digits' })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type RegisterInput = Static<typeof RegisterInput>;

export const LoginInput = Type.Object({ email: Type.String({ minLength: 3, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const Me = Type.Object({
  id: Uuid,
  email: Type.String(),
  fullName: Type.String(),
  phone: Type.Union([Type.Null(), Type.String()]),
  address: Type.Union([Type.Null(), Type.String()]),
  role: Role,
  agencyId: Type.Union([Type.Null(), Uuid]),
  agencyName: Type.Union([Type.Null(), Type.String()]),
  unitId: Type.Union([Type.Null(), Uuid]),
  /** A commune chair's commune (role leader); null otherwise. */
  communeCode: Type.Union([Type.Null(), Type.String()]),
  csrfToken: Type.String(),
});
export type Me = Static<typeof Me>;

export const UserInput = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 200 }),
    password: Type.Optional(Password),
    fullName: Type.String({ minLength: 2, maxLength: 200 }),
    phone: Type.Optional(Type.String({ pattern: '^(\\+84|0)[0-9]{9,10}$' })),
    role: Role,
    agencyId: Type.Optional(Type.Union([Type.Null(), Uuid])),
    unitId: Type.Optional(Type.Union([Type.Null(), Uuid])),
    communeCode: Type.Optional(Type.Union([Type.Null(), Type.String({ pattern: '^[0-9]{5}$' })])),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UserInput = Static<typeof UserInput>;

export const UserView = Type.Object({
  id: Uuid,
  email: Type.String(),
  fullName: Type.String(),
  phone: Type.Union([Type.Null(), Type.String()]),
  role: Role,
  agencyId: Type.Union([Type.Null(), Uuid]),
  unitId: Type.Union([Type.Null(), Uuid]),
  communeCode: Type.Union([Type.Null(), Type.String()]),
  disabled: Type.Boolean(),
});
export type UserView = Static<typeof UserView>;
