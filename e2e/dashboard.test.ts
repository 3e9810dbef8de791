// The leaders' operations centre in Chromium, on the demo data (two years of generated history):
// the province leader reads an indicator card (value, threshold, numerator and denominator beside
// the definition), opens the late dossiers of one agency from the ranking table and gets a list as
// long as the figure, and exports that list to XLSX, which the test opens and reads; opens the
// feedback reports behind the rest of 5.1 from its card; a commune
// chair sees only their commune; anyone reads the province's headline figures on the public
// transparency page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import type { DashboardOverview, PublicIndicators } from '@tinhso/contracts';
import { apiLogin, desktopContext, launchBrowser, phoneContext, signIn, startServer, type RunningServer } from './support.ts';

/** "1.234" → 1234 (Vietnamese thousands separator). */
const count = (s: string) => Number(s.replace(/[.\s]/g, ''));
/** 95.12 → "95,12%" as the page writes a rate. */
const rate = (v: number) => `${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v)}%`;
const vn = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('leaders dashboard in the browser', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    [server, browser] = await Promise.all([startServer({ SEED_HISTORY: 'true' }), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a leader drills down from an indicator to the dossiers and exports XLSX', async () => {
    const year = new Date().getFullYear();
    const leaderApi = await apiLogin(server.url, 'lanhdao.tinh@tinhso.vn');
    const overview = (await leaderApi.get(`/api/v1/dashboard/overview?period=year&year=${year}`)) as DashboardOverview;
    assert.equal(overview.scope.kind, 'province');
    const onTime = overview.total.find((f) => f.code === '2.1')!;
    assert.ok(onTime.denominator! > 0, 'the demo history has dossiers received this year');

    const office = await desktopContext(browser, server.url);
    const page = await office.newPage();
    await signIn(page, 'lanhdao.tinh@tinhso.vn');
    // A leader lands on the operations centre and finds it in the header.
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Điều hành' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trung tâm điều hành' }).waitFor();
    await page.getByRole('radio', { name: 'Theo năm' }).check();
    await page.getByLabel('Năm', { exact: true }).selectOption(String(year));
    await page.waitForURL((u) => u.searchParams.get('period') === 'year' && u.searchParams.get('year') === String(year));

    // ---- the card: value, threshold, and numerator / denominator beside the definition
    const card = page.getByRole('article', { name: /Tỷ lệ hồ sơ giải quyết đúng hạn/ });
    await card.waitFor();
    await card.getByText(rate(onTime.value!), { exact: true }).waitFor();
    await card.getByText('Định nghĩa').waitFor();
    await card.getByText(onTime.definition).waitFor();
    const numerator = card.getByRole('link', { name: new RegExp(`^Tử số: ${escape(vn(onTime.numerator!))} `) });
    const denominator = card.getByRole('link', { name: new RegExp(`^Mẫu số: ${escape(vn(onTime.denominator!))} `) });
    assert.equal(count(await numerator.innerText()), onTime.numerator);
    assert.equal(count(await denominator.innerText()), onTime.denominator);

    // ---- the ranking table: the late dossiers (denominator − numerator) of the Department of Justice
    const justice = overview.agencies.find((a) => a.code === 'H55.21')!;
    const justiceOnTime = justice.values.find((v) => v.code === '2.1')!;
    const late = justiceOnTime.denominator! - justiceOnTime.numerator!;
    assert.ok(late > 0, 'the demo history has late dossiers at the Department of Justice');
    const agencies = page.getByRole('region', { name: 'Xếp hạng các cơ quan' });
    await agencies.getByLabel('Chỉ số').selectOption('2.1');
    // The table re-sorts when its figures arrive: click only once it has settled.
    await page.waitForLoadState('networkidle');
    const row = agencies.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Sở Tư pháp/ }) });
    const lateLink = row.getByRole('link', { name: /^Chưa đạt yêu cầu .* của Sở Tư pháp/ });
    assert.equal(count(await lateLink.innerText()), late);
    await lateLink.click();
    await page.waitForURL((u) => u.pathname === '/dieu-hanh/chi-tiet' && u.searchParams.get('part') === 'rest');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const status = page.getByRole('status').filter({ hasText: /hồ sơ$/ });
    await status.getByText(`${vn(late)} hồ sơ`, { exact: true }).waitFor();
    const rows = page.locator('table.drill-table tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), Math.min(late, 20));
    for (const text of await rows.allInnerTexts()) assert.match(text, /Sở Tư pháp/);
    // Every listed dossier is counted as late.
    assert.equal(await page.locator('table.drill-table tbody tr').filter({ hasText: 'Đúng hạn' }).count(), 0);
    if (late > 20) {
      const firstCode = await rows.first().locator('.dossier-code').innerText();
      await page.getByRole('button', { name: 'Trang sau' }).click();
      await page.getByText(`Trang 2/${Math.ceil(late / 20)}`).waitFor();
      await page.locator('table.drill-table:not(.is-stale) tbody tr').first().locator('.dossier-code').filter({ hasNotText: firstCode }).waitFor();
      assert.equal(await rows.count(), Math.min(late - 20, 20));
    }

    // ---- the list to XLSX, opened and read
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Tải XLSX/ }).click()]);
    assert.match(download.suggestedFilename(), /^chi-so-766-drill-down-.*\.xlsx$/);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(file!) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Danh sách')!;
    assert.ok(sheet, 'the workbook has the list sheet');
    const codes: string[] = [];
    let header = 0;
    sheet.eachRow((r, n) => {
      const first = String(r.getCell(1).value ?? '');
      if (first === 'Mã hồ sơ') header = n;
      else if (header && first) codes.push(first);
    });
    assert.equal(codes.length, late, 'one row per late dossier');
    for (const c of codes) assert.match(c, /^H55\.21-\d{6}-\d{4}$/);
    assert.ok(wb.getWorksheet('Định nghĩa'), 'the definitions travel with the figures');

    // ---- the agencies table to XLSX: the Department of Justice's on-time rate as on the page
    await page.getByRole('navigation', { name: 'Vị trí trang' }).getByRole('link', { name: 'Trung tâm điều hành' }).click();
    await page.waitForURL((u) => u.pathname === '/dieu-hanh' && u.searchParams.get('year') === String(year));
    const agencies2 = page.getByRole('region', { name: 'Xếp hạng các cơ quan' });
    const [dl2] = await Promise.all([page.waitForEvent('download'), agencies2.getByRole('link', { name: /^Tải XLSX\s*:\s*Xếp hạng các cơ quan$/ }).click()]);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(fs.readFileSync((await dl2.path())!) as unknown as ArrayBuffer);
    const ws2 = wb2.getWorksheet('Cơ quan')!;
    let col21 = 0;
    let value: unknown = null;
    ws2.eachRow((r) => {
      r.eachCell((c, i) => {
        if (typeof c.value === 'string' && c.value.startsWith('2.1 ')) col21 = i;
      });
      if (r.getCell(1).value === 'H55.21' && col21) value = r.getCell(col21).value;
    });
    assert.equal(value, justiceOnTime.value);
    await office.close();
  });

  it('a leader opens the feedback reports behind a 5.1 figure: the ones not handled on time', async () => {
    const year = new Date().getFullYear();
    const leaderApi = await apiLogin(server.url, 'lanhdao.tinh@tinhso.vn');
    const overview = (await leaderApi.get(`/api/v1/dashboard/overview?period=year&year=${year}`)) as DashboardOverview;
    const f = overview.total.find((x) => x.code === '5.1')!;
    const rest = f.denominator! - f.numerator!;
    assert.ok(rest > 0 && f.numerator! > 0, 'the demo history has reports handled on time and not');

    const office = await desktopContext(browser, server.url);
    const page = await office.newPage();
    await signIn(page, 'lanhdao.tinh@tinhso.vn');
    await page.goto(`/dieu-hanh?period=year&year=${year}`);
    const card = page.getByRole('article', { name: /Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn/ });
    await card.waitFor();
    // Every figure of the card is a link now: numerator, denominator and the rest.
    await card.getByRole('link', { name: new RegExp(`^Tử số: ${escape(vn(f.numerator!))} `) }).waitFor();
    await card.getByRole('link', { name: new RegExp(`^Mẫu số: ${escape(vn(f.denominator!))} `) }).waitFor();
    await card.getByRole('link', { name: new RegExp(`^Chưa đạt yêu cầu: ${escape(vn(rest))} `) }).click();

    await page.waitForURL((u) => u.pathname === '/dieu-hanh/chi-tiet' && u.searchParams.get('indicator') === '5.1' && u.searchParams.get('part') === 'rest');
    await page.getByRole('status').filter({ hasText: /phản ánh$/ }).getByText(`${vn(rest)} phản ánh`, { exact: true }).waitFor();
    const rows = page.locator('table.drill-table tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), Math.min(rest, 20));
    // Not handled on time: still open, or closed after the due date (marked overdue).
    for (const text of await rows.allInnerTexts()) {
      if (/Đã xử lý xong|Từ chối xử lý/.test(text)) assert.match(text, /Quá hạn/, text);
    }
    await office.close();
  });

  it('a commune chair sees only their commune', async () => {
    const chairApi = await apiLogin(server.url, 'chutich.phuloi@tinhso.vn');
    const overview = (await chairApi.get('/api/v1/dashboard/overview')) as DashboardOverview;
    assert.equal(overview.scope.kind, 'commune');

    const phone = await phoneContext(browser, server.url);
    const page = await phone.newPage();
    await signIn(page, 'chutich.phuloi@tinhso.vn');
    await page.goto('/dieu-hanh');
    await page.getByRole('heading', { level: 1, name: 'Trung tâm điều hành' }).waitFor();
    await page.getByText(overview.scope.label, { exact: true }).first().waitFor();
    assert.match(overview.scope.label, /Phú Lợi/);

    const agencies = page.getByRole('region', { name: 'Xếp hạng các cơ quan' });
    const names = await agencies.getByRole('rowheader').allInnerTexts();
    assert.deepEqual(names.map((n) => n.split('\n')[0]).sort(), overview.agencies.map((a) => a.name).sort());
    assert.ok(names.every((n) => /Phú Lợi/.test(n)), `only the commune's agencies: ${names.join(', ')}`);
    const communes = page.getByRole('region', { name: 'Xếp hạng các xã, phường' });
    assert.deepEqual(await communes.getByRole('rowheader').allInnerTexts(), overview.communes.map((c) => c.name));
    assert.equal(overview.communes.length, 1);

    // Another agency's figures are refused, in Vietnamese, not shown.
    const provinceApi = await apiLogin(server.url, 'lanhdao.tinh@tinhso.vn');
    const all = (await provinceApi.get('/api/v1/dashboard/overview')) as DashboardOverview;
    const justice = all.agencies.find((a) => a.code === 'H55.21')!;
    await page.goto(`/dieu-hanh?agencyId=${justice.agencyId}`);
    await page.getByRole('alert').first().waitFor();
    assert.equal(await page.getByRole('article').count(), 0);
    await phone.close();
  });

  it('an agency head opens a dossier behind a figure', async () => {
    const office = await desktopContext(browser, server.url);
    const page = await office.newPage();
    await signIn(page, 'lanhdao.tuphap@tinhso.vn');
    await page.goto('/dieu-hanh');
    await page.getByText('Sở Tư pháp tỉnh Sóc Trăng', { exact: true }).first().waitFor();
    const card = page.getByRole('article', { name: /Tỷ lệ hồ sơ giải quyết đúng hạn/ });
    await card.getByRole('link', { name: /^Mẫu số: / }).click();
    await page.waitForURL((u) => u.pathname === '/dieu-hanh/chi-tiet' && u.searchParams.get('part') === 'denominator');
    const first = page.locator('table.drill-table tbody tr').first().getByRole('link');
    const code = (await first.innerText()).trim();
    assert.match(code, /^H55\.21-\d{6}-\d{4}$/);
    await first.click();
    await page.waitForURL((u) => u.pathname.startsWith('/can-bo/ho-so/'));
    await page.getByRole('heading', { level: 1 }).filter({ hasText: code }).waitFor();
    await office.close();
  });

  it('the queue of an agency with two years of history says "more than 10,000", not a wrong exact count', async () => {
    // The server stops counting at 10,000 (docs/BENCHMARKS.md, queue); Phú Lợi's history is past it.
    const office = await phoneContext(browser, server.url);
    const page = await office.newPage();
    await signIn(page, 'motcua.phuloi@tinhso.vn');
    await page.goto('/can-bo?tab=all');
    await page.getByRole('status').filter({ hasText: 'Hơn 10.000 hồ sơ' }).waitFor();
    const allTab = page.getByRole('link', { name: /^Tất cả/ });
    await allTab.getByText('10.000+').waitFor();
    await page.getByRole('button', { name: 'Trang sau' }).click();
    await page.getByText('Trang 2/500').waitFor();
    await office.close();
  });

  it('the administrator makes a commune chair who then sees only that commune', async () => {
    const office = await desktopContext(browser, server.url);
    const admin = await office.newPage();
    await signIn(admin, 'admin@tinhso.vn');
    await admin.goto('/quan-tri/tai-khoan');
    await admin.getByRole('button', { name: 'Thêm cán bộ' }).click();
    const form = admin.getByRole('form', { name: 'Thêm tài khoản cán bộ' });
    await form.getByLabel('Họ và tên').fill('Thạch Thị Sa Rươne');
    await form.getByLabel('Thư điện tử (tên đăng nhập)').fill('chutich.kesach@tinhso.vn');
    await form.getByLabel('Mật khẩu').fill('KeSach@2026');
    await form.getByLabel('Vai trò').selectOption({ label: 'Lãnh đạo tỉnh, xã' });
    // A leader belongs to no agency; the commune makes them that commune's chair.
    assert.equal(await form.getByLabel('Cơ quan').count(), 0);
    await form.getByLabel('Xã, phường (đối với chủ tịch UBND xã)').selectOption({ label: 'Xã Kế Sách' });
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await admin.getByText('Đã tạo tài khoản “Thạch Thị Sa Rươne”.').waitFor();
    await admin.getByRole('search', { name: 'Lọc tài khoản' }).getByLabel('Vai trò').selectOption({ label: 'Lãnh đạo tỉnh, xã' });
    await admin.getByRole('row').filter({ hasText: 'chutich.kesach@tinhso.vn' }).getByText('Chủ tịch UBND · Xã Kế Sách').waitFor();
    await admin.getByRole('row').filter({ hasText: 'lanhdao.tinh@tinhso.vn' }).getByText('Lãnh đạo tỉnh', { exact: true }).waitFor();

    const chairContext = await phoneContext(browser, server.url);
    const chair = await chairContext.newPage();
    await signIn(chair, 'chutich.kesach@tinhso.vn', 'KeSach@2026');
    // A leader lands on the operations centre.
    await chair.waitForURL((u) => u.pathname === '/dieu-hanh');
    await chair.getByRole('heading', { level: 1, name: 'Trung tâm điều hành' }).waitFor();
    await chair.getByText(/^Xã Kế Sách$/).first().waitFor();
    const communes = chair.getByRole('region', { name: 'Xếp hạng các xã, phường' });
    await communes.getByRole('rowheader').first().waitFor();
    assert.deepEqual(await communes.getByRole('rowheader').allInnerTexts(), ['Xã Kế Sách']);
    await office.close();
    await chairContext.close();
  });

  it('the public transparency page shows the headline figures', async () => {
    const res = await fetch(`${server.url}/api/v1/indicators`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as PublicIndicators;

    const phone = await phoneContext(browser, server.url);
    const page = await phone.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'Danh mục' }).click();
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Minh bạch' }).click();
    await page.getByRole('heading', { level: 1, name: 'Công khai chỉ số phục vụ người dân' }).waitFor();
    const headline = page.getByRole('region', { name: 'Chỉ số chính của tỉnh' });
    for (const code of ['2.1', '3.3', '4.1', '5.4'] as const) {
      const f = body.province.find((x) => x.code === code)!;
      const card = headline.getByRole('article', { name: new RegExp(escape(f.name)) });
      await card.waitFor();
      await card.getByText(f.value === null ? '—' : rate(f.value), { exact: true }).first().waitFor();
      await card.getByText(f.definition).waitFor();
    }
    // The open-data API is explained and linked.
    await page.getByRole('heading', { name: 'Dữ liệu mở' }).waitFor();
    await page.getByText('GET /api/v1/indicators?from=YYYY-MM-DD&to=YYYY-MM-DD').waitFor();
    const href = await page.getByRole('link', { name: 'Xem dữ liệu kỳ này (JSON)' }).getAttribute('href');
    assert.match(href!, /^\/api\/v1\/indicators\?from=\d{4}-01-01&to=\d{4}-\d{2}-\d{2}$/);
    await phone.close();
  });
});
