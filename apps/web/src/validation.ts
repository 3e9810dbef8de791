// Client-side checks that mirror the server's schemas (packages/contracts), so people see the
// problem before sending. The server validates again and its messages are shown too.
export const PHONE_RE = /^(\+84|0)[0-9]{9,10}$/;
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PERSONAL_ID_RE = /^[0-9]{12}$/;

/** "0912 345.678" → "0912345678" (people type spaces and dots in phone numbers). */
export function normalisePhone(phone: string): string {
  return phone.replace(/[\s.]/g, '');
}
