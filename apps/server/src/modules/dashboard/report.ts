// The dashboard of a period as a PDF report in Vietnamese: the indicator table with thresholds, the
// charts (Apache ECharts rendered server-side to SVG — no browser — and drawn into the PDF by
// svg-to-pdfkit), the agencies' figures and the definition of every indicator. pdfkit with the Be
// Vietnam Pro font, like the desk's documents (platform/documents/pdf.ts).
import { createRequire } from 'node:module';
import path from 'node:path';
import type { EChartsCoreOption } from 'echarts';

// ECharts and svg-to-pdfkit weigh ~36 MB once loaded and only a PDF report needs them: they load
// on the first report, not in every server process at start (docs/BENCHMARKS.md, memory).
let echarts: typeof import('echarts');
let SVGtoPDF: typeof import('svg-to-pdfkit').default;
export async function loadChartLibraries(): Promise<void> {
  echarts ??= await import('echarts');
  SVGtoPDF ??= (await import('svg-to-pdfkit')).default;
}
import type { DashboardOverview, DashboardTrend, IndicatorCode } from '@tinhso/contracts';
import { loadPdfKit } from '../../platform/documents/pdf.ts';

const fontRoot = path.dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/be-vietnam-pro/package.json'));
const FONT = {
  regular: path.join(fontRoot, '400Regular/BeVietnamPro_400Regular.ttf'),
  bold: path.join(fontRoot, '700Bold/BeVietnamPro_700Bold.ttf'),
  italic: path.join(fontRoot, '400Regular_Italic/BeVietnamPro_400Regular_Italic.ttf'),
} as const;
const FAMILY = 'Be Vietnam Pro';

const MM = 72 / 25.4;
const vnDateTime = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const d = (v: string) => `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)}`;
const nf = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const show = (v: number | null, unit = '') => (v === null ? '—' : `${nf.format(v)}${unit === '%' ? '%' : unit ? ` ${unit}` : ''}`);

type Doc = PDFKit.PDFDocument;

/** An ECharts option rendered to an SVG string on the server (SSR renderer, no DOM). */
/** Call loadChartLibraries() first. */
export function chartSvg(option: EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FAMILY }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function ensure(doc: Doc, h: number) {
  if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function section(doc: Doc, title: string) {
  ensure(doc, 60);
  doc.moveDown(0.8).font(FONT.bold).fontSize(12.5).fillColor('#0b3d91').text(title, doc.page.margins.left).fillColor('black').moveDown(0.3);
}

function drawChart(doc: Doc, svg: string, width: number, height: number) {
  ensure(doc, height + 10);
  const x = doc.page.margins.left;
  const y = doc.y;
  SVGtoPDF(doc, svg, x, y, { width, height, assumePt: true, fontCallback: (_family, bold) => (bold ? FONT.bold : FONT.regular) });
  doc.x = x;
  doc.y = y + height + 6;
}

interface Col {
  title: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

function table(doc: Doc, cols: Col[], rows: string[][], opts: { size?: number } = {}) {
  const size = opts.size ?? 8.5;
  const left = doc.page.margins.left;
  const pad = 3;
  const drawRow = (cells: string[], bold: boolean, shade: boolean) => {
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(size);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: cols[i]!.width - 2 * pad }))) + 2 * pad;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (!bold) drawRow(cols.map((c) => c.title), true, true);
    }
    const y = doc.y;
    if (shade) doc.save().rect(left, y, cols.reduce((s, c) => s + c.width, 0), h).fill('#e8eef7').restore();
    let x = left;
    cells.forEach((c, i) => {
      doc.fillColor('black').text(c, x + pad, y + pad, { width: cols[i]!.width - 2 * pad, align: cols[i]!.align ?? 'left' });
      x += cols[i]!.width;
    });
    doc.save().lineWidth(0.3).strokeColor('#9aa8bd').moveTo(left, y + h).lineTo(x, y + h).stroke().restore();
    doc.x = left;
    doc.y = y + h;
  };
  drawRow(cols.map((c) => c.title), true, true);
  for (const r of rows) drawRow(r, false, false);
}

const RATE_CODES: IndicatorCode[] = ['2.1', '3.1', '3.2', '3.3', '4.1', '4.2', '5.1', '5.2', '5.3', '5.4'];
const TREND_CODES: IndicatorCode[] = ['2.1', '3.3', '4.2', '5.4'];

export async function renderDashboardReport(snap: { overview: DashboardOverview; trend: DashboardTrend }, preparedBy: string): Promise<Buffer> {
  await loadChartLibraries();
  const PDFDocument = await loadPdfKit();
  const { overview: ov, trend: tr } = snap;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 18 * MM, bottom: 18 * MM, left: 18 * MM, right: 15 * MM },
    info: { Title: `Báo cáo chỉ số QĐ 766 — ${ov.scope.label} — ${ov.period.label}`, Author: 'Tỉnh Số', Subject: 'Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp' },
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  // ---- title
  doc.font(FONT.bold).fontSize(13).text('BÁO CÁO BỘ CHỈ SỐ CHỈ ĐẠO, ĐIỀU HÀNH VÀ ĐÁNH GIÁ', { align: 'center' });
  doc.text('CHẤT LƯỢNG PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP', { align: 'center' });
  doc.font(FONT.italic).fontSize(10).text('(theo Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ)', { align: 'center' }).moveDown(0.8);
  doc.font(FONT.regular).fontSize(10.5);
  doc.text(`Phạm vi: ${ov.scope.label}`);
  doc.text(`Kỳ báo cáo: ${ov.period.label} (từ ${d(ov.period.from)} đến ${d(ov.period.to)})`);
  doc.text(`Số liệu tính lúc: ${vnDateTime.format(new Date(ov.generatedAt))} — người xuất báo cáo: ${preparedBy}`);

  // ---- indicator table
  section(doc, '1. Kết quả các chỉ số');
  table(
    doc,
    [
      { title: 'Mã', width: 28 },
      { title: 'Chỉ số', width: 190 },
      { title: 'Giá trị', width: 62, align: 'right' },
      { title: 'Tử số / mẫu số', width: 78, align: 'right' },
      { title: 'Ngưỡng', width: 44, align: 'center' },
      { title: 'Đánh giá', width: width - 402 },
    ],
    ov.total.map((f) => [
      f.code,
      f.name,
      show(f.value, f.unit),
      f.numerator === null ? '' : `${nf.format(f.numerator)} / ${nf.format(f.denominator ?? 0)}`,
      f.thresholdText ?? '',
      f.value === null ? f.reason ?? '' : f.meetsThreshold === null ? '' : f.meetsThreshold ? 'Đạt điểm tối đa' : 'Chưa đạt',
    ]),
  );

  // ---- charts
  section(doc, '2. Biểu đồ');
  const rates = RATE_CODES.map((c) => ov.total.find((f) => f.code === c)!);
  const chartW = Math.round(width);
  drawChart(
    doc,
    chartSvg(
      {
        title: { text: 'Các chỉ số tỷ lệ (%) so với ngưỡng điểm tối đa', left: 'center', textStyle: { fontSize: 13, fontFamily: FAMILY } },
        legend: { bottom: 0, textStyle: { fontFamily: FAMILY } },
        grid: { left: 40, right: 10, top: 40, bottom: 50 },
        xAxis: { type: 'category', data: rates.map((f) => f.code), axisLabel: { fontFamily: FAMILY } },
        yAxis: { type: 'value', max: 100, axisLabel: { fontFamily: FAMILY } },
        series: [
          { name: 'Giá trị', type: 'bar', data: rates.map((f) => f.value), itemStyle: { color: '#2f6fd0' }, label: { show: true, position: 'top', fontSize: 9, fontFamily: FAMILY } },
          { name: 'Ngưỡng', type: 'scatter', symbol: 'rect', symbolSize: [22, 3], data: rates.map((f) => f.threshold), itemStyle: { color: '#d0392f' } },
        ],
      },
      chartW,
      260,
    ),
    chartW,
    260,
  );
  if (tr.months.length > 0) {
    drawChart(
      doc,
      chartSvg(
        {
          title: { text: 'Xu hướng theo tháng (%)', left: 'center', textStyle: { fontSize: 13, fontFamily: FAMILY } },
          legend: { bottom: 0, textStyle: { fontFamily: FAMILY } },
          grid: { left: 40, right: 15, top: 40, bottom: 50 },
          xAxis: { type: 'category', data: tr.months.map((m) => `${m.month.slice(5)}/${m.month.slice(0, 4)}`), axisLabel: { fontFamily: FAMILY } },
          yAxis: { type: 'value', max: 100, axisLabel: { fontFamily: FAMILY } },
          series: TREND_CODES.map((code) => ({
            name: `${code} ${tr.definitions.find((x) => x.code === code)!.name}`,
            type: 'line',
            connectNulls: false,
            data: tr.months.map((m) => m.values.find((v) => v.code === code)!.value),
          })),
        },
        chartW,
        280,
      ),
      chartW,
      280,
    );
  }
  if (ov.agencies.length > 1) {
    const ranked = ov.agencies
      .map((a) => ({ name: a.name, v: a.values.find((x) => x.code === '2.1')!.value }))
      .filter((a) => a.v !== null)
      .sort((a, b) => a.v! - b.v!)
      .slice(-15);
    const h = 60 + ranked.length * 22;
    drawChart(
      doc,
      chartSvg(
        {
          title: { text: 'Tỷ lệ hồ sơ giải quyết đúng hạn theo cơ quan (%)', left: 'center', textStyle: { fontSize: 13, fontFamily: FAMILY } },
          grid: { left: 200, right: 40, top: 40, bottom: 20 },
          xAxis: { type: 'value', max: 100, axisLabel: { fontFamily: FAMILY } },
          yAxis: { type: 'category', data: ranked.map((a) => a.name), axisLabel: { fontFamily: FAMILY, width: 190, overflow: 'truncate' } },
          series: [{ type: 'bar', data: ranked.map((a) => a.v), itemStyle: { color: '#2f9d5a' }, label: { show: true, position: 'right', fontSize: 9, fontFamily: FAMILY } }],
        },
        chartW,
        h,
      ),
      chartW,
      h,
    );
  }

  // ---- agencies
  if (ov.agencies.length > 0) {
    section(doc, '3. Chỉ số theo cơ quan');
    const cols: IndicatorCode[] = ['2.1', '2.2', '3.3', '4.1', '4.2', '5.1'];
    table(
      doc,
      [{ title: 'Cơ quan', width: width - cols.length * 50 }, ...cols.map((c) => ({ title: c, width: 50, align: 'right' as const }))],
      ov.agencies.map((a) => [a.name, ...cols.map((c) => show(a.values.find((v) => v.code === c)!.value))]),
    );
    doc.font(FONT.italic).fontSize(8).text('2.2 tính bằng ngày làm việc; các cột khác là tỷ lệ %. "—": không có số liệu trong kỳ.', doc.page.margins.left).moveDown(0.3);
  }
  if (ov.communes.length > 0 && ov.scope.kind === 'province') {
    section(doc, '4. Chỉ số theo xã, phường');
    const cols: IndicatorCode[] = ['2.1', '2.2', '3.3', '4.2', '5.1'];
    table(
      doc,
      [{ title: 'Xã, phường', width: width - cols.length * 55 }, ...cols.map((c) => ({ title: c, width: 55, align: 'right' as const }))],
      ov.communes.map((c) => [c.name, ...cols.map((k) => show(c.values.find((v) => v.code === k)!.value))]),
    );
  }

  // ---- definitions
  section(doc, 'Phụ lục: định nghĩa các chỉ số');
  for (const x of ov.definitions) {
    ensure(doc, 50);
    doc.font(FONT.bold).fontSize(9.5).text(`${x.code}. ${x.name}${x.thresholdText ? ` (ngưỡng điểm tối đa ${x.thresholdText})` : ''}`, doc.page.margins.left);
    doc.font(FONT.regular).fontSize(8.5).text(x.definition);
    if (x.numeratorDefinition) doc.text(`Tử số: ${x.numeratorDefinition}.`);
    if (x.denominatorDefinition) doc.text(`Mẫu số: ${x.denominatorDefinition}.`);
    if (!x.available) doc.font(FONT.italic).text('Chưa có dữ liệu trên nền tảng: không tính.');
    doc.moveDown(0.4);
  }

  // ---- page numbers
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT.regular).fontSize(8).fillColor('#555').text(`Tỉnh Số — ${ov.scope.label} — ${ov.period.label} — trang ${i + 1}/${range.count}`, doc.page.margins.left, doc.page.height - 12 * MM, { width, align: 'center' });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
