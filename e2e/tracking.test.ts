// Public tracking in the browser: anyone with a dossier code (typed, or from the receipt's QR code)
// sees its status, dates and timeline without signing in, and nothing personal beyond a masked name.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, phoneContext, desktopContext, SAMPLE_PDF, startServer, type RunningServer } from './support.ts';

describe('public tracking page', () => {
  let server: RunningServer;
  let browser: Browser;
  let code: string;

  before(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const citizen = await apiLogin(server.url, 'congdan@tinhso.vn');
    const { items } = await citizen.get('/api/v1/procedures?q=khai%20sinh');
    const birth = items.find((p: { name: string }) => p.name === 'Đăng ký khai sinh');
    const uploadId = await citizen.upload(SAMPLE_PDF, 'giay-chung-sinh.pdf');
    const dossier = await citizen.post(
      '/api/v1/dossiers',
      {
        procedureId: birth.id,
        formData: { childFullName: 'Nguyễn Gia Bảo', childBirthDate: '2026-11-01', childGender: 'Nam', birthPlace: 'Bệnh viện Đa khoa Sóc Trăng', motherFullName: 'Nguyễn Thị Hương', relationship: 'Mẹ' },
        applicant: { fullName: 'Nguyễn Thị Hương', email: 'huong.private@example.vn', phone: '0912345678', address: 'Số 12 Trần Hưng Đạo' },
        attachments: [{ uploadId, label: 'Giấy chứng sinh' }],
      },
      { 'idempotency-key': `tracking-e2e-${Date.now()}` },
    );
    code = dossier.code;
    const desk = await apiLogin(server.url, 'motcua.phuloi@tinhso.vn');
    await desk.post(`/api/v1/dossiers/${dossier.id}/receive`, {});
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows status, due date and timeline by direct link (the QR code target) on a phone', async () => {
    const context = await phoneContext(browser, server.url);
    const page = await context.newPage();
    await page.goto(`/tra-cuu/${code}`);
    const result = page.getByRole('article');
    await result.getByText(code).waitFor();
    const text = await result.innerText();
    assert.match(text, /Đã tiếp nhận/);
    assert.match(text, /Đăng ký khai sinh/);
    assert.match(text, /UBND phường Phú Lợi/);
    assert.match(text, /Nguyễn T\. H\./, 'the applicant name is masked');
    assert.match(text, /\d{2}\/\d{2}\/\d{4}/, 'dates are shown as DD/MM/YYYY');
    const body = await page.content();
    for (const secret of ['huong.private@example.vn', '0912345678', 'Trần Hưng Đạo', 'Nguyễn Gia Bảo', 'giay-chung-sinh']) {
      assert.ok(!body.includes(secret), `the public page must not show ${secret}`);
    }
    const noHorizontalScroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(noHorizontalScroll, 'no horizontal scroll at 375 px');
    await context.close();
  });

  it('finds a dossier typed into the form, and says clearly when a code does not exist', async () => {
    const context = await desktopContext(browser, server.url);
    const page = await context.newPage();
    await page.goto('/tra-cuu');
    const input = page.getByRole('textbox', { name: /Mã hồ sơ/ });
    await input.fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByRole('article').getByText('Đã tiếp nhận').first().waitFor();
    assert.match(page.url(), new RegExp(`/tra-cuu/${code.replaceAll('.', '\\.')}`, 'i'));

    await input.fill('H55.26.01-991231-9999');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByText(/Không tìm thấy hồ sơ/).first().waitFor();
    await context.close();
  });
});
