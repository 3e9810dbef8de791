import 'i18next';
import type vi from './vi.json';
import type deskVi from './desk.vi.json';
import type adminVi from './admin.vi.json';
import type dashboardVi from './dashboard.vi.json';
import type feedbackVi from './feedback.vi.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi & { desk: typeof deskVi; admin: typeof adminVi; dashboard: typeof dashboardVi; feedback: typeof feedbackVi } };
    returnNull: false;
  }
}
