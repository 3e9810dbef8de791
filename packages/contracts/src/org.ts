import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';

export const Agency = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  level: Type.Union([Type.Literal('province'), Type.Literal('commune')]),
  communeCode: Type.Union([Type.Null(), Type.String()]),
  address: Type.Union([Type.Null(), Type.String()]),
  phone: Type.Union([Type.Null(), Type.String()]),
  email: Type.Union([Type.Null(), Type.String()]),
});
export type Agency = Static<typeof Agency>;

export const AgencyInput = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9.]{1,30}$' }),
    name: Type.String({ minLength: 2, maxLength: 300 }),
    level: Type.Union([Type.Literal('province'), Type.Literal('commune')]),
    communeCode: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 20 })])),
    address: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 500 })])),
    phone: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 30 })])),
    email: Type.Optional(Type.Union([Type.Null(), Type.String({ format: 'email', maxLength: 200 })])),
  },
  { additionalProperties: false },
);
export type AgencyInput = Static<typeof AgencyInput>;

export const Unit = Type.Object({ id: Uuid, agencyId: Uuid, name: Type.String() });
export const UnitInput = Type.Object({ name: Type.String({ minLength: 2, maxLength: 300 }) }, { additionalProperties: false });

export const Commune = Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String(), province: Type.String() });
