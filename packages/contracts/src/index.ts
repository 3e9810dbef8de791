// Schemas shared by the server (validation + OpenAPI) and the web app (types).
export * from './common.ts';
export * from './catalog.ts';
export * from './dossiers.ts';
export * from './identity.ts';
export * from './org.ts';
export * from './calendar.ts';
export * from './text.ts';
