import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';

export const RequiredDocument = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 300 }),
  required: Type.Boolean(),
  copies: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
export type RequiredDocument = Static<typeof RequiredDocument>;

export const OnlineLevel = Type.Union([Type.Literal('full'), Type.Literal('partial')], { description: 'full: toàn trình; partial: một phần (Decree 42/2022)' });

export const ProcedureSummary = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  field: Type.String(),
  agencyId: Uuid,
  agencyName: Type.String(),
  processingDays: Type.Integer(),
  fee: Type.Integer({ description: 'đồng' }),
  onlineLevel: OnlineLevel,
});
export type ProcedureSummary = Static<typeof ProcedureSummary>;

export const Procedure = Type.Object({
  ...ProcedureSummary.properties,
  agencyCode: Type.String(),
  unitId: Type.Union([Type.Null(), Uuid]),
  feeNote: Type.Union([Type.Null(), Type.String()]),
  description: Type.String(),
  requirements: Type.String(),
  documents: Type.Array(RequiredDocument),
  formSchema: Type.Record(Type.String(), Type.Unknown()),
  resultDescription: Type.String(),
  legalBasis: Type.String(),
  active: Type.Boolean(),
});
export type Procedure = Static<typeof Procedure>;

export const ProcedureInput = Type.Object(
  {
    code: Type.String({ minLength: 2, maxLength: 50, pattern: '^[A-Za-z0-9.\\-_]+$' }),
    name: Type.String({ minLength: 3, maxLength: 500 }),
    field: Type.String({ minLength: 2, maxLength: 200 }),
    agencyId: Uuid,
    unitId: Type.Optional(Type.Union([Type.Null(), Uuid])),
    processingDays: Type.Integer({ minimum: 0, maximum: 365 }),
    fee: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
    feeNote: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 1000 })])),
    onlineLevel: OnlineLevel,
    description: Type.Optional(Type.String({ maxLength: 10000 })),
    requirements: Type.Optional(Type.String({ maxLength: 10000 })),
    documents: Type.Array(RequiredDocument, { maxItems: 50 }),
    formSchema: Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema (draft 7) of the application form' }),
    resultDescription: Type.Optional(Type.String({ maxLength: 2000 })),
    legalBasis: Type.Optional(Type.String({ maxLength: 5000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ProcedureInput = Static<typeof ProcedureInput>;
