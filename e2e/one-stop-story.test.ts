// The whole one-stop story in Chromium, as each person does it: a citizen on a phone submits a
// birth registration with an attachment; the desk receives it; the processing official takes it
// and forwards it; the leader approves; the desk returns the result with a file; the citizen
// downloads the result and has received an email (through a real SMTP server) at every step.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { desktopContext, launchBrowser, phoneContext, SAMPLE_PDF, startServer, startSmtp, type Mailbox, signIn, type RunningServer } from './support.ts';


/** Opens the desk workspace of a dossier, clicks an action and confirms it. */
async function deskAction(page: Page, dossierId: string, action: string, fill?: (form: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.goto(`/can-bo/ho-so/${dossierId}`);
  await page.getByRole('button', { name: action, exact: true }).click();
  const form = page.getByRole('form', { name: action });
  if (fill) await fill(form);
  await form.getByRole('button', { name: 'Xác nhận' }).click();
  await form.waitFor({ state: 'detached' });
}

describe('one-stop story in the browser', () => {
  let server: RunningServer;
  let mailbox: Mailbox;
  let browser: Browser;

  before(async () => {
    mailbox = await startSmtp();
    [server, browser] = await Promise.all([startServer({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mailbox.port) }), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await mailbox?.close();
  });

  it('takes a birth registration from a phone to a returned result', async () => {
    // ---- the citizen, on a phone
    const phone = await phoneContext(browser, server.url);
    const citizen = await phone.newPage();
    await signIn(citizen, 'congdan@tinhso.vn');
    await citizen.goto('/thu-tuc');
    await citizen.getByRole('searchbox').or(citizen.getByRole('textbox').first()).first().fill('khai sinh');
    await citizen.keyboard.press('Enter');
    await citizen.getByRole('link', { name: 'Đăng ký khai sinh', exact: true }).click();
    await citizen.getByRole('heading', { level: 1, name: 'Đăng ký khai sinh', exact: true }).waitFor();
    await citizen.getByRole('link', { name: /Nộp hồ sơ trực tuyến/ }).first().click();

    await citizen.getByLabel('Họ, chữ đệm và tên của trẻ').fill('Nguyễn Gia Bảo');
    await citizen.getByLabel('Ngày sinh').fill('2026-11-01');
    await citizen.getByRole('radiogroup', { name: 'Giới tính' }).getByLabel('Nam').check();
    await citizen.getByLabel('Nơi sinh (cơ sở y tế hoặc địa chỉ)').fill('Bệnh viện Đa khoa tỉnh Sóc Trăng');
    await citizen.getByLabel('Họ và tên mẹ', { exact: true }).fill('Nguyễn Thị Hương');
    await citizen.getByLabel('Quan hệ của người đi đăng ký với trẻ').selectOption('Mẹ');
    await citizen.getByLabel('Giấy chứng sinh').setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: SAMPLE_PDF });
    await citizen.getByText('giay-chung-sinh.pdf').first().waitFor();
    await citizen.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await citizen.getByText('Nộp hồ sơ thành công').waitFor();
    const code = (await citizen.locator('h1.dossier-code').innerText()).trim();
    assert.match(code, /^H55\.26\.01-\d{6}-\d{4}$/);
    const dossierId = new URL(citizen.url()).pathname.split('/').pop()!;

    // ---- the officials, at their desks
    const office = await desktopContext(browser, server.url);
    const desk = await office.newPage();
    await signIn(desk, 'motcua.phuloi@tinhso.vn');
    // The demo history keeps tens of online dossiers waiting at the ward's desk (more on a Monday
    // morning), oldest first: the desk finds this one in the queue by its code.
    await desk.goto(`/can-bo?q=${encodeURIComponent(code)}`);
    await desk.getByText(code).first().waitFor();
    await deskAction(desk, dossierId, 'Tiếp nhận');
    await desk.getByText('Đã tiếp nhận').first().waitFor();

    const officeB = await desktopContext(browser, server.url);
    const processor = await officeB.newPage();
    await signIn(processor, 'chuyenvien.phuloi@tinhso.vn');
    await deskAction(processor, dossierId, 'Nhận xử lý');
    await deskAction(processor, dossierId, 'Trình phê duyệt');

    const officeC = await desktopContext(browser, server.url);
    const leader = await officeC.newPage();
    await signIn(leader, 'lanhdao.phuloi@tinhso.vn');
    await deskAction(leader, dossierId, 'Phê duyệt');

    await deskAction(desk, dossierId, 'Trả kết quả', async (form) => {
      await form.getByLabel(/Tệp kết quả/).first().setInputFiles({ name: 'giay-khai-sinh.pdf', mimeType: 'application/pdf', buffer: SAMPLE_PDF });
      await form.getByText('giay-khai-sinh.pdf').first().waitFor();
    });
    await desk.getByText('Đã trả kết quả').first().waitFor();

    // ---- the citizen gets the result
    await citizen.goto(`/ho-so/${dossierId}`);
    await citizen.getByText('Đã trả kết quả').first().waitFor();
    const [download] = await Promise.all([citizen.waitForEvent('download'), citizen.getByRole('link', { name: /giay-khai-sinh\.pdf/ }).first().click()]);
    const saved = await download.path();
    assert.deepEqual(fs.readFileSync(saved!), SAMPLE_PDF, 'the downloaded result is the file the desk returned');

    // The receipt PDF exists for the applicant once the desk has received the dossier.
    const receipt = await citizen.request.get(`/api/v1/dossiers/${dossierId}/receipt.pdf`);
    assert.equal(receipt.status(), 200);
    assert.equal(receipt.headers()['content-type'], 'application/pdf');

    // ---- and an email at every status change, delivered over SMTP
    for (const status of ['Mới đăng ký', 'Đã tiếp nhận', 'Đang xử lý', 'Chờ phê duyệt', 'Đã phê duyệt', 'Đã trả kết quả']) {
      const mail = await mailbox.waitFor((m) => m.subject === `[Tỉnh Số] Hồ sơ ${code}: ${status}`);
      assert.equal(mail.to && 'text' in mail.to ? mail.to.text : '', 'congdan@tinhso.vn');
      assert.match(mail.text ?? '', new RegExp(`/tra-cuu/${code.replaceAll('.', '\\.')}`));
    }
    await Promise.all([phone.close(), office.close(), officeB.close(), officeC.close()]);
  });
});
