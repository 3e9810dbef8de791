// Specifications for the one-stop desk's printable documents, read back through pdfjs so the
// assertions are about what an applicant sees, not about pdfkit's internals.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
  renderApologyLetter,
  renderDeclineNotice,
  renderReceipt,
  renderSupplementRequest,
  type ApologyLetterInput,
  type DeclineNoticeInput,
  type ReceiptInput,
  type SupplementRequestInput,
} from './pdf.ts';

interface ReadBack {
  /** All pages' text, whitespace (including line breaks) collapsed to single spaces. */
  text: string;
  pages: number;
  pageSizes: number[][];
  images: number;
  links: string[];
  info: Record<string, unknown>;
}

async function readBack(pdf: Buffer): Promise<ReadBack> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, verbosity: 0 }).promise;
  let text = '';
  let images = 0;
  const links: string[] = [];
  const pageSizes: number[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    pageSizes.push(page.view.slice(2));
    for (const item of (await page.getTextContent()).items) {
      if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
    }
    text += '\n';
    const ops = await page.getOperatorList();
    images += ops.fnArray.filter((fn) => fn === OPS.paintImageXObject).length;
    for (const annotation of await page.getAnnotations()) {
      if (typeof annotation.url === 'string') links.push(annotation.url);
    }
  }
  const info = (await doc.getMetadata()).info as Record<string, unknown>;
  await doc.destroy();
  return { text: text.replace(/\s+/g, ' '), pages: doc.numPages, pageSizes, images, links, info };
}

const compact = (s: string): string => s.replace(/\s+/g, '');

const base = {
  agencyName: 'UBND Phường 1, thành phố Sóc Trăng',
  dossierCode: 'H15.50.05.13-250315-0007',
  applicantName: 'Nguyễn Thị Hương',
  applicantAddress: 'Số 12 đường Trần Hưng Đạo, Phường 1, thành phố Sóc Trăng',
  procedureName: 'Đăng ký khai sinh',
  officialName: 'Trần Văn Đức',
  placeName: 'Sóc Trăng',
};

const receipt: ReceiptInput = {
  ...base,
  applicantPhone: '0912 345 678',
  applicantEmail: 'huong.nguyen@example.vn',
  documents: [
    { name: 'Tờ khai đăng ký khai sinh', copies: 1 },
    { name: 'Giấy chứng sinh do cơ sở y tế cấp', copies: 2 },
    { name: 'Bản sao giấy chứng nhận kết hôn của cha, mẹ trẻ' },
  ],
  channelLabel: 'Trực tiếp tại Bộ phận một cửa',
  // 08:30 in Sóc Trăng.
  receivedAt: new Date('2025-03-15T01:30:00Z'),
  appointmentDate: '2025-03-20',
  trackingUrl: 'https://dichvucong.soctrang.gov.vn/tra-cuu?ma=H15.50.05.13-250315-0007',
};

const supplement: SupplementRequestInput = {
  ...base,
  items: [
    'Bản sao giấy chứng nhận kết hôn của cha, mẹ trẻ (có chứng thực)',
    'Giấy chứng sinh bản chính do cơ sở y tế nơi trẻ sinh ra cấp',
  ],
  reason: 'Hồ sơ thiếu giấy tờ chứng minh quan hệ cha, mẹ, con.',
  receivedAt: new Date('2025-03-15T01:30:00Z'),
  issuedAt: new Date('2025-03-16T02:00:00Z'),
};

const decline: DeclineNoticeInput = {
  ...base,
  reason: 'Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường.',
  issuedAt: new Date('2025-01-05T02:00:00Z'),
};

const apology: ApologyLetterInput = {
  ...base,
  receivedAt: new Date('2025-03-15T01:30:00Z'),
  originalDueDate: '2025-03-20',
  reason: 'Cần xác minh thông tin hộ tịch với Ủy ban nhân dân xã nơi cư trú trước đây.',
  newAppointmentDate: '2025-03-27',
  issuedAt: new Date('2025-03-20T08:00:00Z'),
};

const all = [
  { name: 'receipt', title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', render: () => renderReceipt(receipt) },
  {
    name: 'supplement request',
    title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
    render: () => renderSupplementRequest(supplement),
  },
  {
    name: 'decline notice',
    title: 'PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ',
    render: () => renderDeclineNotice(decline),
  },
  {
    name: 'apology letter',
    title: 'VĂN BẢN XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
    render: () => renderApologyLetter(apology),
  },
];

describe('every desk document', () => {
  for (const { name, title, render } of all) {
    describe(name, () => {
      it('is a valid one-page A4 PDF', async () => {
        const pdf = await render();
        assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
        assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF\s*$/);
        const read = await readBack(pdf);
        assert.equal(read.pages, 1);
        const [width, height] = read.pageSizes[0] ?? [];
        assert.ok(Math.abs((width ?? 0) - 595.28) < 0.5 && Math.abs((height ?? 0) - 841.89) < 0.5);
      });

      it('carries the Vietnamese title, national header, issuing body and dossier code', async () => {
        const { text } = await readBack(await render());
        for (const expected of [
          title,
          'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
          'Độc lập - Tự do - Hạnh phúc',
          'UBND PHƯỜNG 1, THÀNH PHỐ SÓC TRĂNG',
          'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ',
          'Mã hồ sơ: H15.50.05.13-250315-0007',
          'Nguyễn Thị Hương',
          'Đăng ký khai sinh',
          'Trần Văn Đức',
        ]) {
          assert.ok(text.includes(expected), `missing "${expected}" in: ${text}`);
        }
      });

      it('embeds Be Vietnam Pro and uses no standard PDF font', async () => {
        const raw = (await render()).toString('latin1');
        assert.match(raw, /\/BaseFont \/[A-Z]{6}\+BeVietnamPro-Regular/);
        assert.match(raw, /\/BaseFont \/[A-Z]{6}\+BeVietnamPro-Bold/);
        assert.match(raw, /\/FontFile2 /);
        assert.doesNotMatch(raw, /Helvetica|Times-Roman|Courier/);
      });

      it('records Title, Author (the agency) and Creator in the metadata', async () => {
        const { info } = await readBack(await render());
        assert.equal(info.Title, title);
        assert.equal(info.Author, 'UBND Phường 1, thành phố Sóc Trăng');
        assert.equal(info.Creator, 'Tỉnh Số');
      });

      it('is byte-for-byte reproducible from the same input', async () => {
        assert.deepEqual(await render(), await render());
      });
    });
  }
});

describe('renderReceipt', () => {
  it('lists applicant contacts, procedure, received documents, channel and both dates', async () => {
    const { text } = await readBack(await renderReceipt(receipt));
    for (const expected of [
      'Ông/Bà: Nguyễn Thị Hương',
      'Địa chỉ: Số 12 đường Trần Hưng Đạo, Phường 1, thành phố Sóc Trăng',
      'Số điện thoại: 0912 345 678',
      'huong.nguyen@example.vn',
      'Nội dung yêu cầu giải quyết: Đăng ký khai sinh',
      '1 Tờ khai đăng ký khai sinh 1',
      '2 Giấy chứng sinh do cơ sở y tế cấp 2',
      // Copies default to one when not given.
      '3 Bản sao giấy chứng nhận kết hôn của cha, mẹ trẻ 1',
      'Số lượng giấy tờ: 4 bản',
      'Hình thức nộp hồ sơ: Trực tiếp tại Bộ phận một cửa',
      'Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 15/03/2025',
      'Thời gian trả kết quả giải quyết hồ sơ: ngày 20/03/2025',
      'Sóc Trăng, ngày 15 tháng 3 năm 2025',
      'NGƯỜI NỘP HỒ SƠ',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}" in: ${text}`);
    }
  });

  it('embeds the QR code as an image, captioned, with the tracking URL printed and linked', async () => {
    const read = await readBack(await renderReceipt(receipt));
    assert.equal(read.images, 1);
    assert.ok(read.text.includes('Quét mã để tra cứu tình trạng hồ sơ'));
    // The URL may wrap, so compare without whitespace.
    assert.ok(compact(read.text).includes(receipt.trackingUrl));
    // pdfkit adds one link per wrapped line of the URL, plus the QR image's own.
    assert.ok(read.links.length >= 1);
    for (const link of read.links) assert.equal(link, receipt.trackingUrl);
  });

  it('shows dates and times in Vietnam time, not UTC', async () => {
    // 17:45 UTC on the 15th is already 00:45 on the 16th in Sóc Trăng.
    const { text } = await readBack(await renderReceipt({ ...receipt, receivedAt: new Date('2025-03-15T17:45:00Z') }));
    assert.ok(text.includes('Thời gian nhận hồ sơ: 00 giờ 45 phút, ngày 16/03/2025'), text);
    assert.ok(text.includes('Sóc Trăng, ngày 16 tháng 3 năm 2025'), text);
  });

  it('leaves out address, phone and email lines that were not given', async () => {
    const { applicantAddress: _a, applicantPhone: _p, applicantEmail: _e, ...bare } = receipt;
    const { text } = await readBack(await renderReceipt(bare));
    assert.ok(!text.includes('Địa chỉ:'));
    assert.ok(!text.includes('Số điện thoại:'));
    assert.ok(!text.includes('Thư điện tử:'));
    assert.ok(text.includes('Ông/Bà: Nguyễn Thị Hương'));
  });

  it('keeps diacritics when the input arrives decomposed (NFD)', async () => {
    const { text } = await readBack(
      await renderReceipt({
        ...receipt,
        applicantName: 'Nguyễn Thị Hương'.normalize('NFD'),
        procedureName: 'Đăng ký khai sinh'.normalize('NFD'),
      }),
    );
    assert.ok(text.includes('Ông/Bà: Nguyễn Thị Hương'), text);
    assert.ok(text.includes('Nội dung yêu cầu giải quyết: Đăng ký khai sinh'), text);
  });

  it('flows a long document list onto further pages, numbering every page', async () => {
    const documents = Array.from({ length: 40 }, (_, i) => ({ name: `Giấy tờ kèm theo số ${i + 1}`, copies: 1 }));
    const read = await readBack(await renderReceipt({ ...receipt, documents }));
    assert.ok(read.pages >= 2, `expected several pages, got ${read.pages}`);
    for (let p = 1; p <= read.pages; p++) assert.ok(read.text.includes(`Trang ${p}/${read.pages}`));
    assert.ok(read.text.includes('40 Giấy tờ kèm theo số 40 1'));
    assert.ok(read.text.includes('Số lượng giấy tờ: 40 bản'));
    assert.equal(read.images, 1);
  });

  it('rejects an appointment date that is not a real YYYY-MM-DD date', async () => {
    await assert.rejects(renderReceipt({ ...receipt, appointmentDate: '20/03/2025' }), RangeError);
    await assert.rejects(renderReceipt({ ...receipt, appointmentDate: '2025-02-30' }), RangeError);
  });
});

describe('renderSupplementRequest', () => {
  it('lists every missing item, numbered, with the reason and the issue date', async () => {
    const { text } = await readBack(await renderSupplementRequest(supplement));
    for (const expected of [
      'Hồ sơ của: Nguyễn Thị Hương',
      'Nội dung yêu cầu giải quyết: Đăng ký khai sinh',
      'Ngày 15/03/2025',
      '1. Bản sao giấy chứng nhận kết hôn của cha, mẹ trẻ (có chứng thực)',
      '2. Giấy chứng sinh bản chính do cơ sở y tế nơi trẻ sinh ra cấp',
      'Lý do: Hồ sơ thiếu giấy tờ chứng minh quan hệ cha, mẹ, con.',
      'Sóc Trăng, ngày 16 tháng 3 năm 2025',
      'NGƯỜI HƯỚNG DẪN',
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}" in: ${text}`);
    }
  });

  it('refuses to issue a request that lists nothing', async () => {
    await assert.rejects(renderSupplementRequest({ ...supplement, items: [] }), RangeError);
    await assert.rejects(renderSupplementRequest({ ...supplement, items: ['  '] }), RangeError);
  });
});

describe('renderDeclineNotice', () => {
  it('states the applicant, procedure and concrete reason', async () => {
    const { text } = await readBack(await renderDeclineNotice(decline));
    for (const expected of [
      'Ông/Bà: Nguyễn Thị Hương',
      'Nội dung yêu cầu giải quyết: Đăng ký khai sinh',
      'không tiếp nhận, giải quyết hồ sơ này',
      'Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường.',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}" in: ${text}`);
    }
  });

  it('writes the place-and-date line per Decree 30/2020, padding January', async () => {
    const { text } = await readBack(await renderDeclineNotice(decline));
    assert.ok(text.includes('Sóc Trăng, ngày 05 tháng 01 năm 2025'), text);
  });

  it('refuses an empty reason', async () => {
    await assert.rejects(renderDeclineNotice({ ...decline, reason: ' ' }), RangeError);
  });
});

describe('renderApologyLetter', () => {
  it('gives the original due date, the reason, an apology and the new appointment date', async () => {
    const { text } = await readBack(await renderApologyLetter(apology));
    for (const expected of [
      'Kính gửi: Ông/Bà Nguyễn Thị Hương',
      'Ngày 15/03/2025, UBND Phường 1, thành phố Sóc Trăng đã tiếp nhận',
      '“Đăng ký khai sinh”',
      'Thời hạn trả kết quả theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả: ngày 20/03/2025',
      'Lý do: Cần xác minh thông tin hộ tịch với Ủy ban nhân dân xã nơi cư trú trước đây.',
      'thành thật xin lỗi Ông/Bà',
      'Thời gian trả kết quả giải quyết hồ sơ: ngày 27/03/2025',
      'Sóc Trăng, ngày 20 tháng 3 năm 2025',
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}" in: ${text}`);
    }
  });

  it('refuses a new appointment that is not after the original due date', async () => {
    await assert.rejects(renderApologyLetter({ ...apology, newAppointmentDate: '2025-03-20' }), RangeError);
    await assert.rejects(renderApologyLetter({ ...apology, newAppointmentDate: '2025-03-19' }), RangeError);
  });
});
