// API clients: other systems calling the platform with a key (Open311 clients first).
import { Type, type Static } from 'typebox';
import { DateTime, Uuid } from './common.ts';

/** What a key may do. One scope today; new ones are added here and checked by the route that needs them. */
export const ApiScope = Type.Union([Type.Literal('open311:write')], { description: 'open311:write — gửi phản ánh qua Open311 (POST requests)' });
export type ApiScope = Static<typeof ApiScope>;
export const API_SCOPES: ApiScope[] = ['open311:write'];

export const ApiClient = Type.Object({
  id: Uuid,
  name: Type.String(),
  /** The public part of the key (`ts_<keyPrefix>_…`), to recognise it in a list; never the secret. */
  keyPrefix: Type.String(),
  scopes: Type.Array(ApiScope),
  disabled: Type.Boolean(),
  createdAt: DateTime,
  lastUsedAt: Type.Union([Type.Null(), DateTime]),
});
export type ApiClient = Static<typeof ApiClient>;

export const ApiClientInput = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 200 }),
    scopes: Type.Array(ApiScope, { minItems: 1, maxItems: 10, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type ApiClientInput = Static<typeof ApiClientInput>;

/** The answer to creating a client: the only time the plaintext key is ever shown. */
export const ApiClientCreated = Type.Object({
  client: ApiClient,
  key: Type.String({ description: 'Khóa API đầy đủ — chỉ hiển thị một lần, hãy lưu lại ngay' }),
});
export type ApiClientCreated = Static<typeof ApiClientCreated>;
