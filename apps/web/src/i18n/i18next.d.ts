import 'i18next';
import type vi from './vi.json';
import type deskVi from './desk.vi.json';
import type adminVi from './admin.vi.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi & { desk: typeof deskVi; admin: typeof adminVi } };
    returnNull: false;
  }
}
