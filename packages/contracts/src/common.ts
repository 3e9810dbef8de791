import { Type, type Static } from 'typebox';

export const Uuid = Type.String({ format: 'uuid' });
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const DateTime = Type.String({ format: 'date-time' });

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'invalid | unauthenticated | forbidden | not_found | conflict | deadline_passed | too_large | unsupported_media | rate_limited | internal' }),
      key: Type.String({ description: 'message key for the UI' }),
      message: Type.String({ description: 'Vietnamese message for people' }),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorBody', description: 'Every error has this shape' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export const Page = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
});

export const Role = Type.Union([Type.Literal('citizen'), Type.Literal('desk'), Type.Literal('processor'), Type.Literal('approver'), Type.Literal('admin'), Type.Literal('leader'), Type.Literal('moderator')]);
export type Role = Static<typeof Role>;

/** A binary response (PDF, image) in the OpenAPI document. */
export const Binary = Type.Unsafe<Buffer | Uint8Array>({ type: 'string', format: 'binary' });
