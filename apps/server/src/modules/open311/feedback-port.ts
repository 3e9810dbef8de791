// What Open311 needs from the feedback module, expressed through that module's service.ts only
// (a module never reads another's tables). The GeoReport filters are richer than the public list's
// (several service codes, open/closed, exact datetimes, 1000 results), so they are answered by
// one public-list call per category × status partition, merged — exact, and one call when no
// filter is given (the usual case).
import { FEEDBACK_CLOSED_STATUSES, FEEDBACK_STATUSES, type FeedbackCategory, type FeedbackStatus, type PublicFeedbackReport, type SubmitFeedbackInput } from '@tinhso/contracts';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import * as fb from '../feedback/service.ts';

const vietnamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Not found → undefined; every other error goes on. */
async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') return undefined;
    throw err;
  }
}

export interface PublishedFilter {
  codes?: string[];
  categories?: string[];
  statuses?: ('open' | 'closed')[];
  from?: Date;
  to?: Date;
  limit: number;
}

const PAGE = 1000;

async function partition(ctx: AppContext, category: string | undefined, status: FeedbackStatus | undefined, from: Date, to: Date, limit: number): Promise<PublicFeedbackReport[]> {
  const out: PublicFeedbackReport[] = [];
  // Whole Vietnamese days around the instants, then the exact instants: the public list filters by date.
  for (let offset = 0; out.length < limit; offset += PAGE) {
    const page = await fb.listPublicReports(ctx, { category, status, from: vietnamDate.format(from), to: vietnamDate.format(to), limit: PAGE, offset });
    for (const r of page.items) {
      const t = new Date(r.submittedAt).getTime();
      if (t >= from.getTime() && t <= to.getTime()) out.push(r);
    }
    if (page.items.length < PAGE || offset + PAGE >= page.total) break;
  }
  return out.slice(0, limit);
}

export const feedback = {
  /** Active categories (the Open311 services). */
  listCategories: (ctx: AppContext): Promise<FeedbackCategory[]> => fb.listCategories(ctx),

  getCategory: (ctx: AppContext, code: string): Promise<FeedbackCategory | undefined> => orUndefined(fb.getCategory(ctx, code)),

  /** A report by code or id as public tracking shows it (content empty until published). */
  getPublicReport: (ctx: AppContext, codeOrId: string): Promise<PublicFeedbackReport | undefined> => orUndefined(fb.getPublicReport(ctx, codeOrId)),

  /** Published reports only, newest first. */
  async listPublished(ctx: AppContext, f: PublishedFilter): Promise<PublicFeedbackReport[]> {
    if (f.codes?.length) {
      const found: PublicFeedbackReport[] = [];
      for (const code of f.codes.slice(0, f.limit)) {
        const r = await orUndefined(fb.getPublicReport(ctx, code));
        if (r?.published && r.code === code.toUpperCase() && !found.some((x) => x.id === r.id)) found.push(r);
      }
      return found;
    }
    const from = f.from ?? new Date(0);
    const to = f.to ?? ctx.now();
    const categories: (string | undefined)[] = f.categories?.length ? f.categories : [undefined];
    const wanted = new Set(f.statuses?.length ? f.statuses : ['open', 'closed']);
    const statuses: (FeedbackStatus | undefined)[] =
      wanted.size === 2 ? [undefined] : FEEDBACK_STATUSES.filter((s) => wanted.has(FEEDBACK_CLOSED_STATUSES.includes(s) ? 'closed' : 'open'));
    const parts = [];
    for (const c of categories) for (const s of statuses) parts.push(await partition(ctx, c, s, from, to, f.limit));
    return parts
      .flat()
      .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt) || a.id.localeCompare(b.id))
      .slice(0, f.limit);
  },

  /** Submits as an Open311 client: no account, contact optional, recorded with the client's id. */
  async submitOpen311(ctx: AppContext, input: SubmitFeedbackInput, apiClientId: string) {
    const { report } = await fb.submitReport(ctx, null, input, { source: 'open311', apiClientId });
    return report;
  },
};
