// Schemas shared by the server (validation + OpenAPI) and the web app (types).
// Nullable unions list Type.Null() first: Fastify's Ajv coerces types, and with a string branch
// tried first a JSON null would be coerced to "" (an empty commune code broke a foreign key).
export * from './common.ts';
export * from './catalog.ts';
export * from './dossiers.ts';
export * from './identity.ts';
export * from './org.ts';
export * from './calendar.ts';
export * from './text.ts';
export * from './dashboard.ts';
export * from './feedback.ts';
export * from './apiclients.ts';
export * from './map.ts';
