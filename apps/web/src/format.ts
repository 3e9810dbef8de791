// Display formats: dates as DD/MM/YYYY in Asia/Ho_Chi_Minh, money as "75.000 đ".
import type { TFunction } from 'i18next';
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const dateParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(d: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of dateParts.formatToParts(d)) out[p.type] = p.value;
  return out;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-11-27" (a calendar date) or an ISO date-time → "27/11/2026". Empty for null. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = ISO_DATE.exec(value);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const p = parts(d);
  return `${p.day}/${p.month}/${p.year}`;
}

/** ISO date-time → "27/11/2026 14:05" in Vietnam time. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  if (ISO_DATE.test(value)) return formatDate(value);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const p = parts(d);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** Today's date in Vietnam as YYYY-MM-DD. */
export function todayInVietnam(now: Date = new Date()): string {
  const p = parts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

const money = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

/** 75000 → "75.000 đ" (the same in every UI language, as on Vietnamese receipts). */
export function formatMoney(dong: number): string {
  return `${money.format(dong)} đ`;
}

const bytesFmt = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${bytesFmt.format(n / 1024)} KB`;
  return `${bytesFmt.format(n / (1024 * 1024))} MB`;
}

/** "5 ngày làm việc", or "Giải quyết trong ngày" for 0. */
export function processingText(t: TFunction, days: number): string {
  return days > 0 ? t('procedure.workingDays', { count: days }) : t('procedure.sameDay');
}

/** One answer of an application form, readable: dates as DD/MM/YYYY, lists joined, yes/no in the given words. */
export function formatAnswer(v: unknown, yesNo: [string, string]): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v;
  if (typeof v === 'number') return new Intl.NumberFormat('vi-VN').format(v);
  if (typeof v === 'boolean') return v ? yesNo[0] : yesNo[1];
  if (Array.isArray(v)) return v.map((x) => formatAnswer(x, yesNo)).join(', ');
  return JSON.stringify(v);
}
