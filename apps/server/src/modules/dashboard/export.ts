// XLSX export of any table of the dashboard (exceljs): the same rows as its JSON view, with
// Vietnamese headers, numbers as numbers (rates with two decimals) and the definitions sheet, so a
// figure exported keeps its meaning. Every export is audited with its purpose.
// The workbook is written with exceljs's streaming writer, each row committed as it is added: a
// 10,000-row list built as a whole workbook in memory took over 128 MB of heap, more than the
// server's whole heap limit (package.json's start script), and two leaders exporting at once would
// have stopped the server.
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { DashboardPeriod, DashboardScope, ExportQuery, IndicatorDefinition, IndicatorValue } from '@tinhso/contracts';
import { STATUS_LABELS_VI } from '@tinhso/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth.ts';
import { Invalid } from '../../platform/errors.ts';
import * as dashboard from './service.ts';
import { DEFINITIONS } from './indicators.ts';

const MAX_ROWS = 10_000;
const CHANNEL_VI = { online: 'Trực tuyến', in_person: 'Trực tiếp', post: 'Bưu chính công ích' } as const;

const vnDateTime = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dt = (v: string | null) => (v ? vnDateTime.format(new Date(v)) : '');
const d = (v: string | null) => (v ? `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)}` : '');

/** The title block's four rows, above the header row. */
const HEADING_ROWS = 4;

/** A sheet whose header row is frozen (the streaming writer writes the view when the sheet opens). */
function addSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, headerRow: number): ExcelJS.Worksheet {
  return wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: headerRow }] });
}

function heading(ws: ExcelJS.Worksheet, title: string, period: DashboardPeriod, scope: DashboardScope, columns: number) {
  ws.addRow([title]).font = { bold: true, size: 14 };
  ws.addRow([`Phạm vi: ${scope.label} — Kỳ: ${period.label} (${d(period.from)} – ${d(period.to)})`]);
  ws.addRow([`Nguồn: Tỉnh Số, Bộ chỉ số theo Quyết định 766/QĐ-TTg; xuất lúc ${dt(new Date().toISOString())}`]).font = { italic: true, size: 9 };
  ws.addRow([]);
  for (let r = 1; r < HEADING_ROWS; r++) ws.mergeCells(r, 1, r, Math.max(columns, 1));
}

/** The header row; column widths and formats are set before it, as committed rows cannot change. */
function header(ws: ExcelJS.Worksheet, names: string[], widths: number[]) {
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const row = ws.addRow(names);
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
    c.border = { bottom: { style: 'thin' } };
  });
  row.commit();
}

const num = (v: number | null) => (v === null ? null : v);

function definitionsSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter) {
  const ws = addSheet(wb, 'Định nghĩa', 1);
  header(ws, ['Mã', 'Nhóm', 'Chỉ số', 'Đơn vị', 'Ngưỡng điểm tối đa', 'Định nghĩa', 'Tử số', 'Mẫu số', 'Có dữ liệu'], [6, 24, 40, 12, 14, 80, 50, 50, 10]);
  for (const x of DEFINITIONS) {
    const row = ws.addRow([x.code, x.group, x.name, x.unit, x.thresholdText ?? '', x.definition, x.numeratorDefinition ?? '', x.denominatorDefinition ?? '', x.available ? 'Có' : 'Chưa']);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  ws.commit();
}

/** One row per entity, one column per indicator (agencies, communes, months). */
function matrixSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, title: string, period: DashboardPeriod, scope: DashboardScope, first: string[], rows: { cells: (string | null)[]; values: IndicatorValue[] }[]) {
  const ws = addSheet(wb, name, HEADING_ROWS + 1);
  const defs: IndicatorDefinition[] = DEFINITIONS.filter((x) => x.available);
  heading(ws, title, period, scope, first.length + defs.length);
  header(ws, [...first, ...defs.map((x) => `${x.code} ${x.name} (${x.unit})`)], [...first.map(() => 28), ...defs.map(() => 16)]);
  for (const r of rows) {
    const byCode = new Map(r.values.map((v) => [v.code, v]));
    const row = ws.addRow([...r.cells, ...defs.map((x) => num(byCode.get(x.code)?.value ?? null))]);
    for (let i = 0; i < defs.length; i++) row.getCell(first.length + i + 1).numFmt = '0.00';
    row.commit();
  }
  ws.commit();
}

export async function exportWorkbook(ctx: AppContext, actor: Actor, q: ExportQuery): Promise<{ filename: string; bytes: Buffer }> {
  // exceljs weighs ~27 MB once loaded: it loads with the first export, not at every server start.
  const { default: Excel } = await import('exceljs');
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Tỉnh Số'; // written with the document properties at commit
  wb.created = new Date();
  let rowsWritten = 0;
  let period: DashboardPeriod;
  let scope: DashboardScope;

  if (q.table === 'overview' || q.table === 'agencies' || q.table === 'communes') {
    const ov = await dashboard.overview(ctx, actor, q);
    ({ period, scope } = ov);
    if (q.table === 'overview') {
      const ws = addSheet(wb, 'Chỉ số', HEADING_ROWS + 1);
      heading(ws, 'Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg)', period, scope, 10);
      header(ws, ['Mã', 'Chỉ số', 'Giá trị', 'Đơn vị', 'Tử số', 'Mẫu số', 'Ngưỡng', 'Đạt ngưỡng', 'Ghi chú', 'Định nghĩa'], [6, 44, 10, 12, 12, 12, 10, 11, 50, 80]);
      for (const f of ov.total) {
        const row = ws.addRow([f.code, f.name, num(f.value), f.unit, num(f.numerator), num(f.denominator), f.thresholdText ?? '', f.meetsThreshold === null ? '' : f.meetsThreshold ? 'Đạt' : 'Chưa đạt', f.reason ?? '', f.definition]);
        row.alignment = { wrapText: true, vertical: 'top' };
        row.getCell(3).numFmt = '0.00';
        row.commit();
      }
      ws.commit();
      rowsWritten = ov.total.length;
    } else if (q.table === 'agencies') {
      matrixSheet(wb, 'Cơ quan', 'Chỉ số theo cơ quan', period, scope, ['Mã cơ quan', 'Cơ quan'], ov.agencies.map((a) => ({ cells: [a.code, a.name], values: a.values })));
      rowsWritten = ov.agencies.length;
    } else {
      matrixSheet(wb, 'Xã, phường', 'Chỉ số theo xã, phường', period, scope, ['Mã xã', 'Xã, phường'], ov.communes.map((c) => ({ cells: [c.communeCode, c.name], values: c.values })));
      rowsWritten = ov.communes.length;
    }
  } else if (q.table === 'trend') {
    const tr = await dashboard.trend(ctx, actor, q);
    ({ period, scope } = tr);
    matrixSheet(wb, 'Theo tháng', 'Chỉ số theo tháng', period, scope, ['Tháng', 'Từ ngày', 'Đến ngày'], tr.months.map((m) => ({ cells: [`${m.month.slice(5)}/${m.month.slice(0, 4)}`, d(m.from), d(m.to)], values: m.values })));
    rowsWritten = tr.months.length;
  } else if (q.table === 'ranking') {
    if (!q.indicator) throw Invalid('dashboard.exportNeedsIndicator');
    const rk = await dashboard.ranking(ctx, actor, { ...q, indicator: q.indicator, by: q.by ?? 'agency' });
    ({ period, scope } = rk);
    const ws = addSheet(wb, 'Xếp hạng', HEADING_ROWS + 1);
    heading(ws, `Xếp hạng ${rk.by === 'agency' ? 'cơ quan' : 'xã, phường'} theo chỉ số ${rk.indicator.code} ${rk.indicator.name}`, period, scope, 6);
    header(ws, ['Hạng', rk.by === 'agency' ? 'Cơ quan' : 'Xã, phường', `Giá trị (${rk.indicator.unit})`, 'Tử số', 'Mẫu số', 'Ghi chú'], [8, 44, 14, 12, 12, 40]);
    for (const r of rk.rows) {
      const row = ws.addRow([r.rank, r.name, num(r.value.value), num(r.value.numerator), num(r.value.denominator), r.value.reason ?? '']);
      row.getCell(3).numFmt = '0.00';
      row.commit();
    }
    ws.commit();
    rowsWritten = rk.rows.length;
  } else {
    if (!q.indicator) throw Invalid('dashboard.exportNeedsIndicator');
    const part = q.part ?? 'denominator';
    // Up to MAX_ROWS in one read (audited once, with the export as its purpose).
    const first = await dashboard.drillDown(ctx, actor, { ...q, indicator: q.indicator, part, offset: 0 }, { maxRows: MAX_ROWS, purpose: 'oversight-export' });
    ({ period, scope } = first);
    const pages = [first];
    const ws = addSheet(wb, 'Danh sách', HEADING_ROWS + 1);
    heading(ws, first.partLabel, period, scope, 12);
    if (first.kind === 'dossiers') {
      header(ws, ['Mã hồ sơ', 'Thủ tục', 'Cơ quan', 'Người nộp', 'Kênh nộp', 'Trạng thái', 'Ngày nộp', 'Ngày tiếp nhận', 'Hạn xử lý', 'Hạn ban đầu', 'Ngày hoàn thành', 'Số lần bổ sung', 'Đúng hạn'], [26, 40, 30, 24, 14, 18, 17, 17, 12, 12, 17, 10, 10]);
      for (const p of pages)
        for (const r of p.dossiers)
          ws.addRow([r.code, r.procedureName, r.agencyName, r.applicantName, CHANNEL_VI[r.channel], STATUS_LABELS_VI[r.status], dt(r.submittedAt), dt(r.receivedAt), d(r.dueDate), d(r.originalDueDate), dt(r.finishedAt), r.supplementCount, r.onTime ? 'Có' : 'Không']).commit();
      rowsWritten = pages.reduce((n, p) => n + p.dossiers.length, 0);
    } else if (first.kind === 'procedures') {
      header(ws, ['Mã thủ tục', 'Thủ tục', 'Cơ quan', 'Mức độ trực tuyến', 'Hồ sơ trực tuyến trong kỳ'], [16, 60, 30, 18, 14]);
      for (const p of pages) for (const r of p.procedures) ws.addRow([r.code, r.name, r.agencyName, r.onlineLevel === 'full' ? 'Toàn trình' : 'Một phần', r.onlineDossiers]).commit();
      rowsWritten = pages.reduce((n, p) => n + p.procedures.length, 0);
    } else {
      header(ws, ['Mã phản ánh', 'Lĩnh vực', 'Xã, phường', 'Cơ quan xử lý', 'Trạng thái', 'Ngày gửi', 'Hạn xử lý', 'Ngày đóng', 'Quá hạn', 'Đánh giá'], [18, 30, 24, 30, 18, 17, 12, 17, 9, 9]);
      for (const p of pages) for (const r of p.reports) ws.addRow([r.code, r.categoryName, r.communeName, r.agencyName ?? '', r.statusLabel, dt(r.receivedAt), d(r.dueDate), dt(r.closedAt), r.overdue ? 'Có' : 'Không', r.rating]).commit();
      rowsWritten = pages.reduce((n, p) => n + p.reports.length, 0);
    }
    ws.commit();
  }
  definitionsSheet(wb);
  await dashboard.auditExport(ctx, actor, 'xlsx', { table: q.table, indicator: q.indicator ?? null, part: q.part ?? null, from: period.from, to: period.to, scope: scope.kind, agencyId: scope.agencyId, communeCode: scope.communeCode, rows: rowsWritten });
  await wb.commit();
  const bytes = Buffer.concat(chunks);
  return { filename: `chi-so-766-${q.table}-${period.from}-${period.to}.xlsx`, bytes };
}
