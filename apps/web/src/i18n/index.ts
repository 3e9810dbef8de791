// i18next setup: Vietnamese by default, English on request (remembered in localStorage).
// Strings live in vi.json and en.json (same keys; the type check below fails the build when one
// file lacks a key of the other). Add keys under the page's or area's own section, e.g. "desk.*".
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import vi from './vi.json';
import en from './en.json';
// Officials' desk and administration strings live in their own files (merged below as "desk.*"
// and "admin.*") so that their authors do not edit vi.json/en.json at the same time as others.
import deskVi from './desk.vi.json';
import deskEn from './desk.en.json';
import adminVi from './admin.vi.json';
import adminEn from './admin.en.json';
// Leaders' dashboard and public transparency page strings ("dashboard.*").
import dashboardVi from './dashboard.vi.json';
import dashboardEn from './dashboard.en.json';
// Feedback reports (phản ánh hiện trường) strings ("feedback.*").
import feedbackVi from './feedback.vi.json';
import feedbackEn from './feedback.en.json';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_STORAGE_KEY = 'tinhso.lang';

// Both files must have the same keys.
const _enHasEveryViKey: typeof vi = en;
const _viHasEveryEnKey: typeof en = vi;
void _enHasEveryViKey;
void _viHasEveryEnKey;
const _deskParity: [typeof deskVi, typeof deskEn] = [deskEn, deskVi];
const _adminParity: [typeof adminVi, typeof adminEn] = [adminEn, adminVi];
void _deskParity;
void _adminParity;
const _dashboardParity: [typeof dashboardVi, typeof dashboardEn] = [dashboardEn, dashboardVi];
void _dashboardParity;
const _feedbackParity: [typeof feedbackVi, typeof feedbackEn] = [feedbackEn, feedbackVi];
void _feedbackParity;

function storedLanguage(): Language {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

void i18n.use(initReactI18next).init({
  resources: {
    vi: { translation: { ...vi, desk: deskVi, admin: adminVi, dashboard: dashboardVi, feedback: feedbackVi } },
    en: { translation: { ...en, desk: deskEn, admin: adminEn, dashboard: dashboardEn, feedback: feedbackEn } },
  },
  lng: storedLanguage(),
  fallbackLng: 'vi',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});

function applyLanguage(lng: string) {
  document.documentElement.lang = lng === 'en' ? 'en' : 'vi';
}
applyLanguage(i18n.language);

i18n.on('languageChanged', (lng) => {
  applyLanguage(lng);
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    /* private mode */
  }
});

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'vi';
}

export default i18n;
