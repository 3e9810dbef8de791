import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';

export const Agency = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  level: Type.Union([Type.Literal('province'), Type.Literal('commune')]),
  communeCode: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
});
export type Agency = Static<typeof Agency>;

export const AgencyInput = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9.]{1,30}$' }),
    name: Type.String({ minLength: 2, maxLength: 300 }),
    level: Type.Union([Type.Literal('province'), Type.Literal('commune')]),
    communeCode: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    address: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type AgencyInput = Static<typeof AgencyInput>;

export const Unit = Type.Object({ id: Uuid, agencyId: Uuid, name: Type.String() });
export const UnitInput = Type.Object({ name: Type.String({ minLength: 2, maxLength: 300 }) }, { additionalProperties: false });

export const Commune = Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String(), province: Type.String() });
