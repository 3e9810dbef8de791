// Stored hostile text is shown as text: a dossier whose applicant name, form answers, attachment
// label and file name, supplement items and procedure (name and field titles) carry HTML and script
// payloads is displayed on the desk's dossier page, the desk queue, the applicant's own page and
// the public tracking page literally — no alert dialog fires and no injected element reaches the DOM.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { apiLogin, desktopContext, launchBrowser, SAMPLE_PDF, startServer, signIn, type RunningServer } from './support.ts';

const IMG = '<img src=x onerror=alert(1)>';
const IMG_NO_SPACE = '<img/src=x/onerror=alert(2)>'; // one word: survives the tracking page's name masking
const SCRIPT = '<script>alert("xss")</script>';
const SVG = '"><svg onload=alert(3)>';

/** Elements the payloads would create if any of them were parsed as HTML. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      const handlers = Array.from(el.attributes).filter((a) => a.name.toLowerCase().startsWith('on'));
      if (handlers.length) found.push(`<${el.tagName.toLowerCase()} ${handlers.map((a) => a.name).join(' ')}>`);
    }
    for (const img of Array.from(document.querySelectorAll('img'))) if (img.getAttribute('src') === 'x' || img.getAttribute('src')?.startsWith('x/')) found.push('<img src=x>');
    for (const s of Array.from(document.querySelectorAll('script'))) if (!s.src || /alert/.test(s.textContent ?? '')) found.push('<script> inline');
    for (const svg of Array.from(document.querySelectorAll('svg[onload]'))) found.push(`<svg onload> ${svg.outerHTML.slice(0, 40)}`);
    return found;
  });
}

describe('hostile text is displayed as text', () => {
  let server: RunningServer;
  let browser: Browser;
  let dossier: { id: string; code: string };
  const applicantName = `${IMG_NO_SPACE} Nguyễn ${IMG} ${SCRIPT}`;
  const procedureName = `Đăng ký thử ${IMG} ${SCRIPT}`;

  before(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const admin = await apiLogin(server.url, 'admin@tinhso.vn');
    const agencies: { id: string; code: string }[] = await admin.get('/api/v1/agencies');
    const phuLoi = agencies.find((a) => a.code === 'H55.26.01')!;
    const procedure = await admin.post('/api/v1/admin/procedures', {
      code: `XSS.${Date.now()}`,
      name: procedureName,
      field: `Hộ tịch ${SCRIPT}`,
      agencyId: phuLoi.id,
      processingDays: 3,
      fee: 0,
      onlineLevel: 'full',
      description: `Mô tả ${IMG}`,
      documents: [{ name: `Giấy tờ ${IMG}`, required: false }],
      formSchema: {
        type: 'object',
        required: ['hoTen'],
        properties: {
          hoTen: { type: 'string', title: `Họ tên ${IMG}`, minLength: 2, maxLength: 300 },
          ghiChu: { type: 'string', title: `Ghi chú ${SCRIPT}`, maxLength: 300 },
        },
      },
    });

    const citizen = await apiLogin(server.url, 'congdan@tinhso.vn');
    const uploadId = await citizen.upload(SAMPLE_PDF, `${IMG}.pdf`);
    const created = await citizen.post(
      '/api/v1/dossiers',
      {
        procedureId: procedure.id,
        formData: { hoTen: `${IMG} ${SCRIPT}`, ghiChu: `${SVG} javascript:alert(4)`, [`khóa ${IMG}`]: SCRIPT },
        applicant: { fullName: applicantName, address: `Số 1 ${SCRIPT}` },
        attachments: [{ uploadId, label: `Giấy tờ ${IMG}` }],
      },
      { 'idempotency-key': `hostile-display-${Date.now()}` },
    );
    dossier = { id: created.id, code: created.code };
    assert.equal(created.applicantName, applicantName, 'stored verbatim');
    const desk = await apiLogin(server.url, 'motcua.phuloi@tinhso.vn');
    await desk.post(`/api/v1/dossiers/${dossier.id}/receive`, {});
    await desk.post(`/api/v1/dossiers/${dossier.id}/supplement-requests`, { items: [`Bản sao ${IMG}`, SCRIPT], note: `Ghi chú ${SVG}` });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens a page, waits for `ready` text, and checks that payloads are text and nothing ran. */
  async function expectInert(page: Page, dialogs: string[], url: string, ready: string, mustShow: string[]) {
    await page.goto(url);
    await page.getByText(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300); // an onerror handler would have fired by now
    const text = await page.locator('body').innerText();
    for (const s of mustShow) assert.ok(text.includes(s), `${url} shows ${s} as text`);
    assert.deepEqual(await injected(page), [], `${url}: no injected element`);
    assert.deepEqual(dialogs, [], `${url}: no dialog fired`);
  }

  it('on the desk’s dossier page and queue', async () => {
    const context = await desktopContext(browser, server.url);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, 'motcua.phuloi@tinhso.vn');
    await expectInert(page, dialogs, `/can-bo/ho-so/${dossier.id}`, dossier.code, [applicantName, `${IMG} ${SCRIPT}`, procedureName, `Bản sao ${IMG}`]);
    await expectInert(page, dialogs, '/can-bo?tab=supplement', dossier.code, [applicantName]);
    await context.close();
  });

  it('on the applicant’s own dossier page', async () => {
    const context = await desktopContext(browser, server.url);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, 'congdan@tinhso.vn');
    await expectInert(page, dialogs, `/ho-so/${dossier.id}`, dossier.code, [procedureName]);
    await context.close();
  });

  it('on the public tracking page', async () => {
    const context = await desktopContext(browser, server.url);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await expectInert(page, dialogs, `/tra-cuu/${dossier.code}`, dossier.code, [procedureName, IMG_NO_SPACE]);
    await context.close();
  });
});
