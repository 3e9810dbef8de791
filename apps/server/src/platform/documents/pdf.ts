// Printable documents the one-stop desk hands to applicants (Circular 03/2025/TT-VPCP, Annex I):
// the receipt with appointment, the supplement request, the refusal to accept and the apology
// with a new appointment date. Owns their wording, A4 layout, embedded font and PDF metadata;
// callers pass plain values and get the finished PDF bytes back.

import { createRequire } from 'node:module';
import path from 'node:path';
import QRCode from 'qrcode';

// ---------------------------------------------------------------------------------------------
// Inputs

export interface ReceiptInput {
  agencyName: string;
  dossierCode: string;
  applicantName: string;
  applicantAddress?: string;
  applicantPhone?: string;
  applicantEmail?: string;
  procedureName: string;
  documents: { name: string; copies?: number }[];
  channelLabel: string;
  receivedAt: Date;
  /** Calendar date in Vietnam, YYYY-MM-DD. */
  appointmentDate: string;
  officialName: string;
  /** Place printed before the date line, e.g. 'Sóc Trăng'. */
  placeName: string;
  trackingUrl: string;
}

export interface SupplementRequestInput {
  agencyName: string;
  dossierCode: string;
  applicantName: string;
  applicantAddress?: string;
  procedureName: string;
  /** Everything still missing, listed at once (Decree 118/2025 forbids asking twice). */
  items: string[];
  /** The official's reason or notes for the request. */
  reason?: string;
  /** When the desk received the dossier, if known. */
  receivedAt?: Date;
  officialName: string;
  placeName: string;
  issuedAt: Date;
}

export interface DeclineNoticeInput {
  agencyName: string;
  dossierCode: string;
  applicantName: string;
  applicantAddress?: string;
  procedureName: string;
  reason: string;
  officialName: string;
  placeName: string;
  issuedAt: Date;
}

export interface ApologyLetterInput {
  agencyName: string;
  dossierCode: string;
  applicantName: string;
  applicantAddress?: string;
  procedureName: string;
  /** When the dossier was received, if known. */
  receivedAt?: Date;
  /** Due date promised on the receipt, YYYY-MM-DD. */
  originalDueDate: string;
  reason: string;
  /** New appointment date, YYYY-MM-DD; must be after originalDueDate. */
  newAppointmentDate: string;
  officialName: string;
  placeName: string;
  issuedAt: Date;
}

// ---------------------------------------------------------------------------------------------
// Fonts and dates

const fontRoot = path.dirname(
  createRequire(import.meta.url).resolve('@expo-google-fonts/be-vietnam-pro/package.json'),
);
// Paths double as pdfkit font keys, so each face is embedded once however often it is selected.
const FONT = {
  regular: path.join(fontRoot, '400Regular/BeVietnamPro_400Regular.ttf'),
  bold: path.join(fontRoot, '700Bold/BeVietnamPro_700Bold.ttf'),
  italic: path.join(fontRoot, '400Regular_Italic/BeVietnamPro_400Regular_Italic.ttf'),
} as const;

const vnClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

interface VnParts {
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

function vnParts(date: Date): VnParts {
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid Date passed to a desk document');
  const parts: Record<string, string> = {};
  for (const p of vnClock.formatToParts(date)) parts[p.type] = p.value;
  return {
    day: parts.day ?? '',
    month: parts.month ?? '',
    year: parts.year ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
  };
}

function formatDate(date: Date): string {
  const p = vnParts(date);
  return `${p.day}/${p.month}/${p.year}`;
}

function formatDateTime(date: Date): string {
  const p = vnParts(date);
  return `${p.hour} giờ ${p.minute} phút, ngày ${p.day}/${p.month}/${p.year}`;
}

// Appointment dates are calendar days in Vietnam already; going through Date would invite
// a timezone shift, so the string is only validated and reordered.
function formatIsoDate(iso: string, field: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const check = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !check || check.toISOString().slice(0, 10) !== iso) {
    throw new RangeError(`${field} must be a real YYYY-MM-DD date, got '${iso}'`);
  }
  return `${m[3]}/${m[2]}/${m[1]}`;
}

// Decree 30/2020 writes the place-and-date line in words, padding days below 10 and only
// the months January and February ("ngày 05 tháng 3", "tháng 01").
function placeDateLine(place: string, date: Date): string {
  const p = vnParts(date);
  const month = Number(p.month);
  return `${place}, ngày ${p.day} tháng ${month < 3 ? p.month : String(month)} năm ${p.year}`;
}

// Input may arrive decomposed (NFD, e.g. typed on macOS); the font maps precomposed
// Vietnamese letters, so composing first keeps every diacritic on its glyph.
const nfc = (s: string): string => s.normalize('NFC');

// ---------------------------------------------------------------------------------------------
// Shared layout

const MM = 72 / 25.4;
const SIZE = { body: 12, small: 10.5, title: 14, footer: 8 } as const;
const LINE_GAP = 3;

interface DocumentMeta {
  title: string;
  agencyName: string;
  dossierCode: string;
  placeName: string;
  issuedAt: Date;
}

type Doc = PDFKit.PDFDocument;

// pdfkit and the font code it brings (fontkit, brotli) add ~7 MB to the heap of every server
// process; only the desk's documents and the dashboard report need them, so they load on the first
// document. A smaller heap is also less for each full garbage collection to mark (docs/BENCHMARKS.md).
let PDFDocument: typeof import('pdfkit');
export async function loadPdfKit(): Promise<typeof import('pdfkit')> {
  PDFDocument ??= (await import('pdfkit')).default;
  return PDFDocument;
}

function contentLeft(doc: Doc): number {
  return doc.page.margins.left;
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

// Largest size (down to a floor) at which a header line stays on one line, so the national
// motto and the desk name never break however long the column text is.
function fittedSize(doc: Doc, font: string, text: string, width: number, size: number): number {
  doc.font(font);
  let s = size;
  while (s > 8 && doc.fontSize(s).widthOfString(text) > width) s -= 0.5;
  return s;
}

function centeredRule(doc: Doc, x: number, width: number, ruleWidth: number, y: number): void {
  const start = x + (width - ruleWidth) / 2;
  doc.save().lineWidth(0.6).moveTo(start, y).lineTo(start + ruleWidth, y).stroke().restore();
}

function drawHeader(doc: Doc, meta: DocumentMeta): void {
  const x = contentLeft(doc);
  const width = contentWidth(doc);
  const leftWidth = width * 0.45;
  const rightX = x + leftWidth;
  const rightWidth = width - leftWidth;
  const top = doc.y;

  // Issuing body (left column).
  // Long agency names shrink a little before they are allowed to wrap.
  const agency = nfc(meta.agencyName).toLocaleUpperCase('vi');
  doc.fontSize(Math.max(9.5, fittedSize(doc, FONT.regular, agency, leftWidth, SIZE.small)));
  doc.text(agency, x, top, { width: leftWidth, align: 'center' });
  const desk = 'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ';
  doc.fontSize(fittedSize(doc, FONT.bold, desk, leftWidth, SIZE.small));
  doc.text(desk, x, doc.y, { width: leftWidth, align: 'center' });
  const leftBottom = doc.y + 4;
  centeredRule(doc, x, leftWidth, leftWidth / 3, leftBottom);

  // National header (right column); the motto's rule is as long as the motto itself.
  const nation = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
  doc.fontSize(fittedSize(doc, FONT.bold, nation, rightWidth, SIZE.small));
  doc.text(nation, rightX, top, { width: rightWidth, align: 'center' });
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  doc.font(FONT.bold).fontSize(SIZE.body);
  const mottoWidth = doc.widthOfString(motto);
  doc.text(motto, rightX, doc.y, { width: rightWidth, align: 'center' });
  const rightBottom = doc.y + 4;
  centeredRule(doc, rightX, rightWidth, mottoWidth, rightBottom);

  doc.font(FONT.italic).fontSize(SIZE.body);
  doc.text(placeDateLine(nfc(meta.placeName), meta.issuedAt), rightX, Math.max(leftBottom, rightBottom) + 10, {
    width: rightWidth,
    align: 'center',
  });

  doc.y += 18;
  doc.font(FONT.bold).fontSize(SIZE.title).text(meta.title, x, doc.y, { width, align: 'center' });
  // Centred by hand: pdfkit aligns each `continued` fragment on its own, overlapping them.
  const codeLabel = 'Mã hồ sơ: ';
  const code = nfc(meta.dossierCode);
  const codeY = doc.y + 2;
  const labelWidth = doc.font(FONT.regular).fontSize(SIZE.body).widthOfString(codeLabel);
  const codeWidth = doc.font(FONT.bold).widthOfString(code);
  const codeX = x + Math.max(0, (width - labelWidth - codeWidth) / 2);
  doc.font(FONT.regular).text(codeLabel, codeX, codeY, { lineBreak: false });
  doc.font(FONT.bold).text(code, codeX + labelWidth, codeY, { width: x + width - codeX - labelWidth });
  doc.x = x;
  doc.y += 14;
}

function drawFooters(doc: Doc, meta: DocumentMeta): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const x = contentLeft(doc);
    const width = contentWidth(doc);
    const bottom = doc.page.margins.bottom;
    // pdfkit starts a new page for text below the bottom margin; the footer lives there.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - bottom + 14;
    doc.save().lineWidth(0.4).strokeColor('#888888').moveTo(x, y - 4).lineTo(x + width, y - 4).stroke().restore();
    doc.font(FONT.regular).fontSize(SIZE.footer).fillColor('#555555');
    doc.text(`Tỉnh Số · ${meta.title.toLocaleLowerCase('vi')} · Mã hồ sơ ${nfc(meta.dossierCode)}`, x, y, {
      width: width - 60,
      lineBreak: false,
    });
    doc.text(`Trang ${i - range.start + 1}/${range.count}`, x + width - 60, y, { width: 60, align: 'right' });
    doc.fillColor('black');
    doc.page.margins.bottom = bottom;
  }
}

/** Opens an A4 document, draws the header, lets `body` write, then adds footers and ends it. */
async function renderDeskDocument(meta: DocumentMeta, body: (doc: Doc) => void): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    // Decree 30/2020 margins: left 30 mm for binding, right 15 mm, top and bottom 20–25 mm.
    margins: { top: 20 * MM, bottom: 25 * MM, left: 30 * MM, right: 15 * MM },
    font: FONT.regular,
    bufferPages: true,
    lang: 'vi-VN',
    displayTitle: true,
    info: {
      Title: meta.title,
      Author: nfc(meta.agencyName),
      Creator: 'Tỉnh Số',
      Producer: 'Tỉnh Số',
      Subject: `Mã hồ sơ ${nfc(meta.dossierCode)}`,
      // Tying the dates to the document's own date makes identical input give identical bytes.
      CreationDate: meta.issuedAt,
      ModDate: meta.issuedAt,
    },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    drawHeader(doc, meta);
    body(doc);
    drawFooters(doc, meta);
  } finally {
    doc.end();
  }
  return done;
}

function paragraph(doc: Doc, text: string, options: { indent?: boolean; font?: string } = {}): void {
  const font = options.font ?? FONT.regular;
  doc.font(font).fontSize(SIZE.body);
  doc.text(nfc(text), contentLeft(doc), doc.y, {
    width: contentWidth(doc),
    // Justified bold text spreads short lines into gaps; only running prose is justified.
    align: font === FONT.regular ? 'justify' : 'left',
    indent: options.indent ? 10 * MM : 0,
    lineGap: LINE_GAP,
    paragraphGap: 4,
  });
}

/** "Label: value" with the value in bold; skipped entirely when the value is absent. */
function field(doc: Doc, label: string, value: string | undefined): void {
  if (value === undefined || value.trim() === '') return;
  const options = { width: contentWidth(doc), lineGap: LINE_GAP, paragraphGap: 4 };
  doc.font(FONT.regular).fontSize(SIZE.body);
  doc.text(`${label}: `, contentLeft(doc), doc.y, { ...options, continued: true });
  doc.font(FONT.bold).text(nfc(value), options);
}

function numberedList(doc: Doc, items: string[]): void {
  const x = contentLeft(doc);
  const width = contentWidth(doc);
  const hang = 12 * MM;
  doc.font(FONT.regular).fontSize(SIZE.body);
  items.forEach((item, i) => {
    const text = nfc(item);
    ensureSpace(doc, doc.heightOfString(text, { width: width - hang, lineGap: LINE_GAP }));
    const y = doc.y;
    doc.text(`${i + 1}.`, x, y, { width: hang - 2 * MM, align: 'right' });
    doc.text(text, x + hang, y, { width: width - hang, lineGap: LINE_GAP, paragraphGap: 3 });
  });
  doc.x = x;
}

interface SignatureBlock {
  role: string;
  hint: string;
  name: string;
}

// One block sits in the right half as the forms show; two share the width.
function signatures(doc: Doc, blocks: SignatureBlock[]): void {
  const x = contentLeft(doc);
  const width = contentWidth(doc);
  const gap = 46;
  const blockHeight = 3 * doc.fontSize(SIZE.body).currentLineHeight(true) + gap + 20;
  doc.y += 12;
  ensureSpace(doc, blockHeight);
  const top = doc.y;
  const colWidth = width / 2;
  const columns = blocks.length === 1 ? [x + colWidth] : blocks.map((_, i) => x + i * colWidth);
  let bottom = top;
  blocks.forEach((block, i) => {
    const cx = columns[i] ?? x;
    doc.font(FONT.bold).fontSize(SIZE.body).text(block.role, cx, top, { width: colWidth, align: 'center' });
    doc.font(FONT.italic).fontSize(SIZE.small).text(block.hint, cx, doc.y, { width: colWidth, align: 'center' });
    doc.font(FONT.bold).fontSize(SIZE.body).text(nfc(block.name), cx, doc.y + gap, {
      width: colWidth,
      align: 'center',
    });
    bottom = Math.max(bottom, doc.y);
  });
  doc.x = x;
  doc.y = bottom + 8;
}

function documentsTable(doc: Doc, rows: { name: string; copies?: number }[]): void {
  const x = contentLeft(doc);
  const width = contentWidth(doc);
  const cols = [
    { title: 'STT', width: 11 * MM, align: 'center' as const },
    { title: 'Tên giấy tờ', width: width - 11 * MM - 26 * MM, align: 'left' as const },
    { title: 'Số lượng (bản)', width: 26 * MM, align: 'center' as const },
  ];
  const pad = 4;

  const drawRow = (cells: string[], font: string): void => {
    doc.font(font).fontSize(SIZE.small);
    const height =
      Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: (cols[i]?.width ?? 0) - 2 * pad }))) + 2 * pad;
    ensureSpace(doc, height);
    const y = doc.y;
    let cx = x;
    cells.forEach((cell, i) => {
      const col = cols[i];
      if (!col) return;
      doc.save().lineWidth(0.5).rect(cx, y, col.width, height).stroke().restore();
      doc.text(cell, cx + pad, y + pad, { width: col.width - 2 * pad, align: col.align });
      cx += col.width;
    });
    doc.x = x;
    doc.y = y + height;
  };

  drawRow(cols.map((c) => c.title), FONT.bold);
  rows.forEach((row, i) => {
    // A header row left alone at the foot of a page is useless, so repeat it after a break.
    const pageBefore = doc.page;
    const cells = [String(i + 1), nfc(row.name), String(row.copies ?? 1)];
    doc.font(FONT.regular).fontSize(SIZE.small);
    const rowHeight = doc.heightOfString(cells[1] ?? '', { width: (cols[1]?.width ?? 0) - 2 * pad }) + 2 * pad;
    ensureSpace(doc, rowHeight);
    if (doc.page !== pageBefore) drawRow(cols.map((c) => c.title), FONT.bold);
    drawRow(cells, FONT.regular);
  });
  doc.y += 6;
}

function requireText(value: string, field: string): string {
  if (value.trim() === '') throw new RangeError(`${field} must not be empty`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// The four documents

/** Giấy tiếp nhận hồ sơ và hẹn trả kết quả, with a QR code pointing at the public tracking page. */
export async function renderReceipt(input: ReceiptInput): Promise<Buffer> {
  const appointment = formatIsoDate(input.appointmentDate, 'appointmentDate');
  const qr = await QRCode.toBuffer(requireText(input.trackingUrl, 'trackingUrl'), {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 240,
  });
  const totalCopies = input.documents.reduce((sum, d) => sum + (d.copies ?? 1), 0);

  return renderDeskDocument(
    {
      title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      agencyName: input.agencyName,
      dossierCode: input.dossierCode,
      placeName: input.placeName,
      issuedAt: input.receivedAt,
    },
    (doc) => {
      paragraph(doc, `Bộ phận tiếp nhận và trả kết quả ${input.agencyName} đã tiếp nhận hồ sơ của:`, {
        indent: true,
      });
      field(doc, 'Ông/Bà', input.applicantName);
      field(doc, 'Địa chỉ', input.applicantAddress);
      field(doc, 'Số điện thoại', input.applicantPhone);
      field(doc, 'Thư điện tử', input.applicantEmail);
      field(doc, 'Nội dung yêu cầu giải quyết', input.procedureName);

      paragraph(doc, '1. Thành phần hồ sơ nộp gồm:');
      if (input.documents.length > 0) documentsTable(doc, input.documents);
      else paragraph(doc, '(Không có giấy tờ kèm theo)', { font: FONT.italic });
      field(doc, '2. Số lượng giấy tờ', `${totalCopies} bản`);
      field(doc, '3. Hình thức nộp hồ sơ', input.channelLabel);
      field(doc, '4. Thời gian nhận hồ sơ', formatDateTime(input.receivedAt));
      field(doc, '5. Thời gian trả kết quả giải quyết hồ sơ', `ngày ${appointment}`);

      signatures(doc, [
        { role: 'NGƯỜI NỘP HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: input.applicantName },
        { role: 'NGƯỜI TIẾP NHẬN HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: input.officialName },
      ]);

      const x = contentLeft(doc);
      const width = contentWidth(doc);
      // 25 mm keeps a ~80-character URL at over 0.6 mm per module, which phone cameras read from print.
      const qrSize = 25 * MM;
      ensureSpace(doc, qrSize + 12);
      const top = doc.y + 4;
      doc.save().lineWidth(0.4).strokeColor('#888888').moveTo(x, top - 4).lineTo(x + width, top - 4).stroke().restore();
      doc.image(qr, x, top + 4, { width: qrSize, height: qrSize, link: input.trackingUrl });
      const textX = x + qrSize + 6 * MM;
      const textWidth = width - qrSize - 6 * MM;
      doc.font(FONT.bold).fontSize(SIZE.body).text('Quét mã để tra cứu tình trạng hồ sơ', textX, top + 12, {
        width: textWidth,
      });
      doc.font(FONT.regular).fontSize(SIZE.small).fillColor('#1a4f9c');
      doc.text(input.trackingUrl, textX, doc.y + 4, { width: textWidth, link: input.trackingUrl, underline: false });
      doc.fillColor('black');
      doc.x = x;
      doc.y = Math.max(doc.y, top + 4 + qrSize);
    },
  );
}

/** Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: everything missing in one numbered list. */
export async function renderSupplementRequest(input: SupplementRequestInput): Promise<Buffer> {
  if (input.items.length === 0 || input.items.some((i) => i.trim() === '')) {
    throw new RangeError('A supplement request must list at least one non-empty missing item');
  }
  return renderDeskDocument(
    {
      title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      agencyName: input.agencyName,
      dossierCode: input.dossierCode,
      placeName: input.placeName,
      issuedAt: input.issuedAt,
    },
    (doc) => {
      field(doc, 'Hồ sơ của', input.applicantName);
      field(doc, 'Địa chỉ', input.applicantAddress);
      field(doc, 'Nội dung yêu cầu giải quyết', input.procedureName);
      const received = input.receivedAt ? `Ngày ${formatDate(input.receivedAt)}, b` : 'B';
      paragraph(
        doc,
        `${received}ộ phận tiếp nhận và trả kết quả ${input.agencyName} đã tiếp nhận hồ sơ của Ông/Bà. ` +
          'Sau khi xem xét, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:',
        { indent: true },
      );
      numberedList(doc, input.items);
      field(doc, 'Lý do', input.reason);
      paragraph(
        doc,
        'Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ ' +
          `${input.officialName} (Bộ phận tiếp nhận và trả kết quả) để được hướng dẫn.`,
        { indent: true },
      );
      paragraph(doc, 'Xin trân trọng cảm ơn./.', { indent: true });
      signatures(doc, [{ role: 'NGƯỜI HƯỚNG DẪN', hint: '(Ký và ghi rõ họ tên)', name: input.officialName }]);
    },
  );
}

/** Phiếu từ chối tiếp nhận, giải quyết hồ sơ, stating the concrete reason. */
export async function renderDeclineNotice(input: DeclineNoticeInput): Promise<Buffer> {
  const reason = requireText(input.reason, 'reason');
  return renderDeskDocument(
    {
      title: 'PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ',
      agencyName: input.agencyName,
      dossierCode: input.dossierCode,
      placeName: input.placeName,
      issuedAt: input.issuedAt,
    },
    (doc) => {
      paragraph(doc, `Bộ phận tiếp nhận và trả kết quả ${input.agencyName} tiếp nhận hồ sơ của:`, { indent: true });
      field(doc, 'Ông/Bà', input.applicantName);
      field(doc, 'Địa chỉ', input.applicantAddress);
      field(doc, 'Nội dung yêu cầu giải quyết', input.procedureName);
      paragraph(
        doc,
        'Qua xem xét, Bộ phận tiếp nhận và trả kết quả thông báo không tiếp nhận, giải quyết hồ sơ này ' +
          'với lý do cụ thể như sau:',
        { indent: true },
      );
      paragraph(doc, reason, { indent: true, font: FONT.bold });
      paragraph(doc, 'Xin thông báo để Ông/Bà được biết và thực hiện./.', { indent: true });
      signatures(doc, [{ role: 'NGƯỜI TIẾP NHẬN HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: input.officialName }]);
    },
  );
}

/** Văn bản xin lỗi và hẹn lại ngày trả kết quả, issued when a dossier runs past its due date. */
export async function renderApologyLetter(input: ApologyLetterInput): Promise<Buffer> {
  const originalDue = formatIsoDate(input.originalDueDate, 'originalDueDate');
  const newDate = formatIsoDate(input.newAppointmentDate, 'newAppointmentDate');
  // ISO dates compare correctly as strings.
  if (input.newAppointmentDate <= input.originalDueDate) {
    throw new RangeError('newAppointmentDate must be later than originalDueDate');
  }
  const reason = requireText(input.reason, 'reason');
  const agency = input.agencyName;

  return renderDeskDocument(
    {
      title: 'VĂN BẢN XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
      agencyName: agency,
      dossierCode: input.dossierCode,
      placeName: input.placeName,
      issuedAt: input.issuedAt,
    },
    (doc) => {
      field(doc, 'Kính gửi', `Ông/Bà ${input.applicantName}`);
      field(doc, 'Địa chỉ', input.applicantAddress);
      const when = input.receivedAt ? `Ngày ${formatDate(input.receivedAt)}, ` : '';
      paragraph(
        doc,
        `${when}${when ? agency : agency.charAt(0).toLocaleUpperCase('vi') + agency.slice(1)} đã tiếp nhận ` +
          `hồ sơ đề nghị giải quyết thủ tục “${input.procedureName}” của Ông/Bà.`,
        { indent: true },
      );
      field(doc, 'Thời hạn trả kết quả theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả', `ngày ${originalDue}`);
      paragraph(
        doc,
        `Tuy nhiên, đến nay ${agency} chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng hạn.`,
        { indent: true },
      );
      field(doc, 'Lý do', reason);
      paragraph(
        doc,
        `Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${agency} thành thật xin lỗi Ông/Bà ` +
          'và hẹn trả kết quả giải quyết hồ sơ vào:',
        { indent: true },
      );
      field(doc, 'Thời gian trả kết quả giải quyết hồ sơ', `ngày ${newDate}`);
      paragraph(doc, 'Rất mong nhận được sự thông cảm của Ông/Bà. Xin trân trọng cảm ơn./.', { indent: true });
      signatures(doc, [
        {
          role: 'ĐẠI DIỆN CƠ QUAN, ĐƠN VỊ',
          hint: '(Ký, ghi rõ họ tên và đóng dấu)',
          name: input.officialName,
        },
      ]);
    },
  );
}
