// A feedback report (phản ánh hiện trường) from a phone to the public page, as each person does it:
// an anonymous citizen on a phone reports a pothole with a photo and a point clicked on the map (no
// map tiles are configured, and the map still takes clicks); the report is routed to the ward's
// People's Committee; its processing official starts and resolves it with a public response and a
// photo; the citizen opens the link from the confirmation email and rates the outcome; the
// moderator publishes it; and a visitor finds it on the public page by a search typed without
// diacritics. The citizen gave an email: the confirmation, "in progress" and "resolved" messages
// arrive at the test's SMTP server. Then: hostile text in a report stays text on every feedback page
// and in the map's popup; and a signed-in citizen reports with only a commune and an address, a
// large photo being shrunk to a 1600 px JPEG in the browser, and finds it in "Phản ánh của tôi".
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { apiLogin, desktopContext, launchBrowser, phoneContext, signIn, startServer, startSmtp, type Mailbox, type RunningServer } from './support.ts';

/** A small real PNG (w×h, a sky over a road), encoded here so the test needs no image file. */
function png(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      const [r, g, b] = y < h / 2 ? [135, 190, 235] : (x - w / 2) ** 2 + (y - (3 * h) / 4) ** 2 < (h / 6) ** 2 ? [40, 35, 30] : [110, 110, 105];
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

const PHOTO = png(64, 48);
const DESCRIPTION = 'Ổ gà lớn giữa đường Trần Hưng Đạo trước trường tiểu học, xe máy đã té ngã hai lần trong tuần.';
const RESPONSE = 'Ủy ban nhân dân phường đã cho vá ổ gà bằng bê tông nhựa ngày hôm nay, mặt đường đã an toàn.';
const REPORTER_EMAIL = 'nguoidan.phananh@example.vn';

/** Waits until Leaflet has finished a zoom animation. */
async function mapSettled(page: Page) {
  await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim') && !document.querySelector('.leaflet-pan-anim'));
  // The wheel zoom starts after a short debounce: wait until the map pane has not moved for ten
  // animation frames. (A string, as tsx would wrap named functions in a helper the page lacks.)
  await page.evaluate(`new Promise((resolve) => {
    const pane = document.querySelector('.leaflet-map-pane');
    let last = '', still = 0;
    function tick() {
      const now = pane.style.transform + (document.querySelector('.leaflet-zoom-anim') ? 'anim' : '');
      still = now === last ? still + 1 : 0;
      last = now;
      if (still >= 10) resolve(); else requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  })`);
}

describe('feedback report story in the browser', () => {
  let server: RunningServer;
  let mailbox: Mailbox;
  let browser: Browser;

  before(async () => {
    mailbox = await startSmtp();
    // No MAP_TILE_URL: the default, a map without tiles.
    [server, browser] = await Promise.all([startServer({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mailbox.port) }), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await mailbox?.close();
  });

  it('files a report with a photo and a map point → routed → resolved → rated → published → found publicly', async () => {
    // ---- an anonymous citizen, on a phone
    const phone = await phoneContext(browser, server.url);
    const citizen = await phone.newPage();
    await citizen.goto('/');
    await citizen.getByRole('button', { name: 'Danh mục' }).click();
    await citizen.getByRole('link', { name: 'Phản ánh hiện trường' }).click();
    await citizen.getByRole('link', { name: 'Gửi phản ánh' }).click();
    await citizen.getByRole('heading', { level: 1, name: 'Gửi phản ánh' }).waitFor();

    await citizen.getByLabel('Lĩnh vực').selectOption({ label: 'Hư hỏng đường sá, cầu cống' });
    await citizen.getByLabel('Nội dung phản ánh').fill(DESCRIPTION);
    await citizen.getByLabel('Ảnh hiện trường (tối đa 5 ảnh)').setInputFiles({ name: 'o-ga.png', mimeType: 'image/png', buffer: PHOTO });
    await citizen.getByText('Đã tải lên').waitFor();
    await citizen.getByRole('img', { name: 'Ảnh 1: o-ga.png' }).waitFor();

    // The map has no tiles, only the communes' centre points with their names; zoom in on Phú
    // Lợi's (its name sits just above its point: 4 px offset + 6 px margin) and click there.
    const map = citizen.getByRole('region', { name: 'Bản đồ chọn địa điểm phản ánh' });
    await map.scrollIntoViewIfNeeded();
    assert.equal(await map.locator('.leaflet-tile').count(), 0, 'no tiles are loaded');
    const label = map.locator('.fb-commune-label', { hasText: 'Phường Phú Lợi' });
    const phuLoiPoint = async () => {
      const box = (await label.boundingBox())!;
      return { x: box.x + box.width / 2, y: box.y + box.height + 10 };
    };
    for (let i = 0; i < 3; i++) {
      const p = await phuLoiPoint();
      await citizen.mouse.move(p.x, p.y);
      await citizen.mouse.wheel(0, -200); // Leaflet zooms around the pointer
      await mapSettled(citizen);
    }
    const point = await phuLoiPoint();
    await citizen.mouse.click(point.x, point.y);
    await citizen.getByText(/Đã đánh dấu vị trí: 9\.61\d*, 105\.9[78]\d*/).waitFor();
    assert.equal(await citizen.getByLabel('Xã, phường').inputValue(), '31231', 'the nearest commune is filled in from the point');
    await citizen.getByLabel('Địa chỉ, nơi xảy ra').fill('Trước trường tiểu học, đường Trần Hưng Đạo');

    await citizen.getByLabel('Số điện thoại').fill('0912 345 678');
    await citizen.getByLabel('Thư điện tử (email)').fill(REPORTER_EMAIL);
    await citizen.getByRole('button', { name: 'Gửi phản ánh' }).click();

    await citizen.getByText('Đã gửi phản ánh').first().waitFor();
    const code = (await citizen.locator('h1.dossier-code').innerText()).trim();
    assert.match(code, /^PA-\d{6}-\d{4}$/);
    // Routed by the demo rules: roads in Phú Lợi go to the ward's People's Committee.
    await citizen.getByText('UBND phường Phú Lợi').waitFor();
    await citizen.getByText(`Chúng tôi sẽ gửi thông báo đến ${REPORTER_EMAIL}`).waitFor();
    await citizen.getByRole('link', { name: 'Theo dõi phản ánh' }).click();
    await citizen.getByRole('heading', { level: 2, name: code }).waitFor();
    await citizen.getByText('Đã tiếp nhận').first().waitFor();

    const confirmation = await mailbox.waitFor((m) => m.subject === `[Tỉnh Số] Phản ánh ${code}: Đã tiếp nhận`);
    assert.equal(confirmation.to && 'text' in confirmation.to ? confirmation.to.text : '', REPORTER_EMAIL);
    const link = /(http\S+\/phan-anh\/PA-\d{6}-\d{4}\?t=\S+)/.exec(confirmation.text ?? '')?.[1];
    assert.ok(link, `the confirmation carries the link with the rating secret:\n${confirmation.text}`);

    // ---- the ward's processing official, at the desk
    const office = await desktopContext(browser, server.url);
    const official = await office.newPage();
    await signIn(official, 'chuyenvien.phuloi@tinhso.vn');
    await official.getByRole('link', { name: 'Xử lý phản ánh' }).click();
    await official.getByRole('link', { name: code }).click();
    await official.getByRole('heading', { level: 1, name: code }).waitFor();
    await official.getByText(DESCRIPTION).waitFor();
    await official.getByRole('img', { name: 'Ảnh hiện trường 1' }).waitFor();
    await official.getByText(REPORTER_EMAIL).waitFor();

    await official.getByRole('button', { name: 'Bắt đầu xử lý', exact: true }).click();
    await official.getByRole('form', { name: 'Bắt đầu xử lý' }).getByRole('button', { name: 'Xác nhận' }).click();
    await official.getByText('Đã bắt đầu xử lý.').waitFor();

    await official.getByRole('button', { name: 'Hoàn thành xử lý', exact: true }).click();
    const resolve = official.getByRole('form', { name: 'Hoàn thành xử lý' });
    await resolve.getByLabel('Nội dung trả lời công khai').fill(RESPONSE);
    await resolve.getByLabel('Ảnh kết quả xử lý (không bắt buộc)').setInputFiles({ name: 'da-va.png', mimeType: 'image/png', buffer: png(40, 30) });
    await resolve.getByText('da-va.png').waitFor();
    await resolve.getByRole('button', { name: 'Xác nhận' }).click();
    await official.getByText('Đã hoàn thành xử lý và gửi trả lời.').waitFor();
    await official.getByText('Đã xử lý xong').first().waitFor();

    await mailbox.waitFor((m) => m.subject === `[Tỉnh Số] Phản ánh ${code}: Đang xử lý`);
    const resolvedMail = await mailbox.waitFor((m) => m.subject === `[Tỉnh Số] Phản ánh ${code}: Đã xử lý xong`);
    assert.match(resolvedMail.text ?? '', new RegExp(RESPONSE.slice(0, 40)));

    // ---- the citizen opens the link from the email on another phone (no secret kept there) and rates
    const phone2 = await phoneContext(browser, server.url);
    const reader = await phone2.newPage();
    await reader.goto(link!.replace(/^http:\/\/[^/]+/, ''));
    await reader.getByRole('heading', { level: 2, name: code }).waitFor();
    assert.doesNotMatch(reader.url(), /[?&]t=/, 'the secret is taken out of the address bar');
    await reader.getByRole('region', { name: 'Kết quả xử lý' }).getByText(RESPONSE).waitFor();
    await reader.getByRole('radio', { name: '4 sao' }).check();
    await reader.getByLabel('Ý kiến thêm (không bắt buộc)').fill('Xử lý nhanh, cảm ơn phường.');
    await reader.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await reader.getByText('Người phản ánh đã đánh giá 4/5 sao.').waitFor();

    // ---- the moderator publishes it
    const officeB = await desktopContext(browser, server.url);
    const moderator = await officeB.newPage();
    await signIn(moderator, 'kiemduyet@tinhso.vn');
    await moderator.getByRole('heading', { level: 1, name: 'Kiểm duyệt phản ánh' }).waitFor();
    await moderator.getByText(DESCRIPTION).waitFor();
    await moderator.getByRole('button', { name: `Công khai phản ánh ${code}` }).click();
    await moderator.getByText(`Đã công khai phản ánh ${code}.`).waitFor();

    // ---- anyone finds it on the public page, searching without diacritics
    const visitorCtx = await phoneContext(browser, server.url);
    const visitor = await visitorCtx.newPage();
    await visitor.goto('/phan-anh');
    await visitor.getByRole('searchbox', { name: 'Tìm kiếm' }).fill('o ga lon giua duong tran hung dao');
    await visitor.getByRole('button', { name: 'Tìm', exact: true }).click();
    await visitor.getByText('1 phản ánh').waitFor();
    const item = visitor.getByRole('listitem').filter({ hasText: code });
    await item.getByText(RESPONSE).waitFor();
    assert.equal(await item.getByText(REPORTER_EMAIL).count(), 0, 'no personal data on the public page');
    assert.equal(await item.getByText('0912345678').count(), 0, 'no personal data on the public page');
    // The same report is on the map, and its marker's popup links to it.
    await visitor.getByRole('button', { name: 'Bản đồ' }).click();
    // Leaflet fits the map when it first shows and pans it again as a popup opens: a click computed
    // before either move can land beside the marker or the link. Click again, as a person would,
    // until the report's page opens.
    const marker = visitor.locator('.leaflet-interactive').first();
    const details = visitor.locator('.fb-popup').getByRole('link', { name: 'Xem chi tiết' });
    for (let attempt = 0; ; attempt++) {
      try {
        if (!(await details.isVisible())) {
          await marker.click();
          await details.waitFor({ timeout: 3000 });
        }
        await details.click({ timeout: 3000 });
        await visitor.waitForURL((u) => u.pathname === `/phan-anh/${code}`, { timeout: 3000 });
        break;
      } catch (err) {
        if (attempt === 5) throw err;
      }
    }
    await visitor.getByRole('heading', { level: 2, name: code }).waitFor();
    await visitor.getByText(DESCRIPTION).waitFor();
    await visitor.getByRole('img', { name: 'Ảnh hiện trường 1' }).waitFor();
    await visitor.getByRole('region', { name: 'Kết quả xử lý' }).getByRole('img', { name: 'Ảnh kết quả xử lý 1' }).waitFor();
    const photo = await visitor.request.get(await visitor.getByRole('img', { name: 'Ảnh hiện trường 1' }).getAttribute('src').then((s) => s!));
    assert.equal(photo.status(), 200);
    assert.deepEqual(Buffer.from(await photo.body()), PHOTO, 'the published photo is the one the citizen sent (small PNGs are sent as they are)');
    await visitor.getByText('Người phản ánh đã đánh giá 4/5 sao.').waitFor();

    await Promise.all([phone.close(), phone2.close(), office.close(), officeB.close(), visitorCtx.close()]);
  });
  it('shows hostile text of a report as text on every page and in the map popup', async () => {
    const IMG = '<img src=x onerror=alert(1)>';
    const SCRIPT = '<script>alert("xss")</script>';
    const res = await fetch(`${server.url}/api/v1/feedback/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        categoryCode: 'road_damage',
        description: `Cống vỡ ${IMG} trước nhà văn hóa ${SCRIPT}`,
        location: { lat: 9.6131, lon: 105.9801 },
        communeCode: '31231',
        address: `Hẻm "><svg onload=alert(3)> số 4`,
        reporter: { fullName: `Lê ${IMG}`, phone: '0987654321' },
      }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const report = (await res.json()) as { id: string; code: string };
    const official = await apiLogin(server.url, 'chuyenvien.phuloi@tinhso.vn');
    await official.post(`/api/v1/desk/feedback/${report.id}/resolve`, { response: `Đã sửa cống ${SCRIPT} ${IMG}` });
    await official.post(`/api/v1/desk/feedback/${report.id}/notes`, { note: `Ghi chú nội bộ ${IMG}`, public: false });
    const moderatorApi = await apiLogin(server.url, 'kiemduyet@tinhso.vn');

    const ctx = await desktopContext(browser, server.url);
    const page = await ctx.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const check = async (where: string) => {
      const found = await page.evaluate(() => {
        const out: string[] = [];
        for (const el of Array.from(document.querySelectorAll('*'))) if (Array.from(el.attributes).some((a) => a.name.toLowerCase().startsWith('on'))) out.push(el.tagName);
        for (const img of Array.from(document.querySelectorAll('img'))) if (img.getAttribute('src') === 'x') out.push('img src=x');
        for (const sc of Array.from(document.querySelectorAll('script'))) if (/alert/.test(sc.textContent ?? '')) out.push('script');
        return out;
      });
      assert.deepEqual(found, [], `${where}: injected elements`);
      assert.deepEqual(dialogs, [], `${where}: a dialog fired`);
    };

    await signIn(page, 'kiemduyet@tinhso.vn');
    await page.getByText(`Cống vỡ ${IMG} trước nhà văn hóa ${SCRIPT}`).waitFor();
    await check('moderation');
    await moderatorApi.post(`/api/v1/moderation/feedback/${report.id}/publish`);

    await page.goto(`/phan-anh?q=${report.code}`);
    await page.getByText('1 phản ánh').waitFor();
    await page.getByText(`Đã sửa cống ${SCRIPT} ${IMG}`).first().waitFor();
    await page.locator('.leaflet-interactive').first().click();
    await page.locator('.fb-popup').getByText(`Cống vỡ ${IMG}`, { exact: false }).waitFor();
    await check('public list and map popup');

    await page.goto(`/phan-anh/${report.code}`);
    await page.getByText(`Hẻm "><svg onload=alert(3)> số 4`, { exact: false }).waitFor();
    await check('public report page');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('link', { name: 'Đăng nhập' }).waitFor();
    await signIn(page, 'chuyenvien.phuloi@tinhso.vn');
    await page.goto(`/xu-ly-phan-anh/${report.id}`);
    await page.getByText(`Lê ${IMG}`).waitFor();
    await page.getByText(`Ghi chú nội bộ ${IMG}`).waitFor();
    await check('official workspace');
    await page.goto(`/xu-ly-phan-anh?tab=resolved&q=${report.code}`);
    await page.getByRole('link', { name: report.code }).waitFor();
    await check('official queue');
    await ctx.close();
  });
  it('a signed-in citizen reports by commune and address alone; a large photo is shrunk in the browser; the report is in "Phản ánh của tôi"', async () => {
    const phone = await phoneContext(browser, server.url);
    const page = await phone.newPage();
    await signIn(page, 'congdan@tinhso.vn');
    await page.goto('/phan-anh/gui');
    await page.getByText('Gửi bằng tài khoản Nguyễn Thị Hương (congdan@tinhso.vn)', { exact: false }).waitFor();
    await page.getByLabel('Lĩnh vực').selectOption({ label: 'Rác thải, vệ sinh môi trường đô thị' });
    const text = 'Bãi rác tự phát cạnh chợ Kế Sách bốc mùi, chưa được thu gom ba ngày nay.';
    await page.getByLabel('Nội dung phản ánh').fill(text);
    // A 2400 × 1800 photo: redrawn in the browser as a JPEG of at most 1600 px.
    await page.getByLabel('Ảnh hiện trường (tối đa 5 ảnh)').setInputFiles({ name: 'bai-rac.png', mimeType: 'image/png', buffer: png(2400, 1800) });
    await page.getByText('bai-rac.jpg').waitFor();
    await page.getByText('Đã tải lên').waitFor();
    // No point on the map: the commune and the address are enough.
    await page.getByLabel('Xã, phường').selectOption({ label: 'Xã Kế Sách' });
    await page.getByLabel('Địa chỉ, nơi xảy ra').fill('Cạnh chợ Kế Sách');
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    await page.getByText('Đã gửi phản ánh').first().waitFor();
    const code = (await page.locator('h1.dossier-code').innerText()).trim();
    await page.getByText('UBND xã Kế Sách').waitFor();
    await page.getByText('Chúng tôi sẽ gửi thông báo đến congdan@tinhso.vn').waitFor();
    await mailbox.waitFor((m) => m.subject === `[Tỉnh Số] Phản ánh ${code}: Đã tiếp nhận` && (m.to && 'text' in m.to ? m.to.text : '') === 'congdan@tinhso.vn');

    await page.getByRole('button', { name: 'Danh mục' }).click();
    await page.getByRole('link', { name: 'Phản ánh của tôi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phản ánh của tôi' }).waitFor();
    await page.getByRole('link', { name: new RegExp(code) }).click();
    // Not yet published, but its reporter sees it in full.
    await page.getByRole('heading', { level: 2, name: code }).waitFor();
    await page.getByText(text).waitFor();
    const src = await page.getByRole('img', { name: 'Ảnh hiện trường 1' }).getAttribute('src');
    const photo = Buffer.from(await (await page.request.get(src!)).body());
    assert.deepEqual([...photo.subarray(0, 3)], [0xff, 0xd8, 0xff], 'sent as JPEG');
    // The JPEG's size from its start-of-frame marker.
    let i = 2;
    while (i < photo.length && !(photo[i] === 0xff && photo[i + 1]! >= 0xc0 && photo[i + 1]! <= 0xc2)) i += photo[i] === 0xff ? 2 + photo.readUInt16BE(i + 2) : 1;
    const [height, width] = [photo.readUInt16BE(i + 5), photo.readUInt16BE(i + 7)];
    assert.deepEqual([width, height], [1600, 1200]);
    await phone.close();
  });
});
