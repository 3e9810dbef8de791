// The Decision 766/QĐ-TTg indicators (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ
// người dân, doanh nghiệp) as this platform computes them: one definition per indicator, in the
// words the dashboard shows beside every figure, and the arithmetic from the counts the dossiers,
// catalog and feedback modules give. Indicators we hold no data for are listed with value null and
// the reason — never a made-up number.
//
// The precise row-level rules live beside the SQL that applies them (modules/dossiers/stats.ts,
// modules/feedback/service.ts#feedbackAggregates); the texts below say the same thing for people.
import type { FeedbackAggregates, IndicatorCode, IndicatorDefinition, IndicatorValue } from '@tinhso/contracts';
import { INDICATOR_CODES, FEEDBACK_DISLIKE_MAX_STARS, FEEDBACK_DUE_WORKING_DAYS } from '@tinhso/contracts';
import type { Counts } from '../dossiers/stats.ts';

type Def = Omit<IndicatorDefinition, 'code' | 'thresholdText' | 'available'> & { unavailable?: string };

const RECEIVED = 'hồ sơ được tiếp nhận (ngày tiếp nhận, theo giờ Việt Nam) trong kỳ';
const RETURNED = 'hồ sơ đã trả kết quả trong kỳ (theo ngày trả kết quả)';
const FEEDBACK_RECEIVED = 'phản ánh, kiến nghị gửi đến trong kỳ thuộc phạm vi (không tính phản ánh bị xác định là spam)';

const DEFS: Record<IndicatorCode, Def> = {
  '1.4': {
    group: 'Công khai, minh bạch',
    name: 'Tỷ lệ hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia',
    unit: '%',
    threshold: null,
    higherIsBetter: true,
    definition: 'Số hồ sơ đã đồng bộ trạng thái lên Cổng Dịch vụ công quốc gia chia cho số hồ sơ tiếp nhận trong kỳ.',
    numeratorDefinition: 'Hồ sơ đã đồng bộ trạng thái lên Cổng Dịch vụ công quốc gia',
    denominatorDefinition: `Tổng số ${RECEIVED}`,
    drillDown: null,
    unavailable: 'chưa có dữ liệu: nền tảng chưa kết nối đồng bộ hồ sơ với Cổng Dịch vụ công quốc gia',
  },
  '2.1': {
    group: 'Tiến độ, kết quả giải quyết',
    name: 'Tỷ lệ hồ sơ giải quyết đúng hạn',
    unit: '%',
    threshold: null,
    higherIsBetter: true,
    definition:
      'Hồ sơ đã giải quyết xong đúng hoặc trước hạn, cộng hồ sơ đang giải quyết còn trong hạn (tính đến hôm nay), chia cho số hồ sơ tiếp nhận trong kỳ (không tính hồ sơ người nộp đã rút). ' +
      'Thời gian chờ bổ sung không tính vào hạn (hạn xử lý được lùi tương ứng). Hồ sơ bị yêu cầu bổ sung quá một lần, hoặc phải gửi văn bản xin lỗi và hẹn lại, tính là trễ hạn.',
    numeratorDefinition:
      'Hồ sơ có ngày hoàn thành không muộn hơn hạn xử lý, hoặc chưa hoàn thành mà hạn xử lý chưa qua; không quá một lần yêu cầu bổ sung; không có văn bản xin lỗi, hẹn lại',
    denominatorDefinition: `Tổng số ${RECEIVED}, trừ hồ sơ người nộp đã rút`,
    drillDown: 'dossiers',
  },
  '2.2': {
    group: 'Tiến độ, kết quả giải quyết',
    name: 'Thời gian giải quyết trung bình',
    unit: 'ngày làm việc',
    threshold: null,
    higherIsBetter: false,
    definition:
      'Tổng số ngày làm việc từ ngày làm việc liền sau ngày tiếp nhận đến ngày trả kết quả (không tính thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ bù; có tính thời gian chờ bổ sung), chia cho số hồ sơ đã trả kết quả trong kỳ.',
    numeratorDefinition: 'Tổng số ngày làm việc giải quyết của các hồ sơ đã trả kết quả trong kỳ',
    denominatorDefinition: `Số ${RETURNED}`,
    drillDown: 'dossiers',
  },
  '3.1': {
    group: 'Cung cấp dịch vụ trực tuyến',
    name: 'Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình',
    unit: '%',
    threshold: 80,
    higherIsBetter: true,
    definition: 'Số thủ tục đang áp dụng được cung cấp dưới dạng dịch vụ công trực tuyến toàn trình chia cho tổng số thủ tục đang áp dụng (danh mục hiện hành, không phụ thuộc kỳ báo cáo).',
    numeratorDefinition: 'Thủ tục đang áp dụng có mức độ trực tuyến toàn trình',
    denominatorDefinition: 'Tổng số thủ tục đang áp dụng của cơ quan (hoặc địa bàn)',
    drillDown: 'procedures',
  },
  '3.2': {
    group: 'Cung cấp dịch vụ trực tuyến',
    name: 'Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ',
    unit: '%',
    threshold: null,
    higherIsBetter: true,
    definition: 'Số thủ tục đang áp dụng (đều cung cấp trực tuyến toàn trình hoặc một phần) có ít nhất một hồ sơ nộp trực tuyến trong kỳ, chia cho tổng số thủ tục đang áp dụng.',
    numeratorDefinition: 'Thủ tục có ít nhất một hồ sơ nộp trực tuyến (theo ngày nộp) trong kỳ',
    denominatorDefinition: 'Tổng số thủ tục đang áp dụng cung cấp trực tuyến',
    drillDown: 'procedures',
  },
  '3.3': {
    group: 'Cung cấp dịch vụ trực tuyến',
    name: 'Tỷ lệ hồ sơ nộp trực tuyến',
    unit: '%',
    threshold: 50,
    higherIsBetter: true,
    definition: 'Số hồ sơ nộp qua kênh trực tuyến chia cho tổng số hồ sơ tiếp nhận trong kỳ (mọi kênh: trực tiếp, trực tuyến, bưu chính).',
    numeratorDefinition: `Hồ sơ nộp trực tuyến trong số ${RECEIVED}`,
    denominatorDefinition: `Tổng số ${RECEIVED}`,
    drillDown: 'dossiers',
  },
  '3.5': {
    group: 'Cung cấp dịch vụ trực tuyến',
    name: 'Tỷ lệ thủ tục có phí, lệ phí được thanh toán trực tuyến',
    unit: '%',
    threshold: 80,
    higherIsBetter: true,
    definition: 'Số thủ tục có phí, lệ phí đã triển khai thanh toán trực tuyến chia cho tổng số thủ tục có phí, lệ phí.',
    numeratorDefinition: 'Thủ tục có phí, lệ phí đã triển khai thanh toán trực tuyến',
    denominatorDefinition: 'Thủ tục có phí, lệ phí',
    drillDown: null,
    unavailable: 'chưa có dữ liệu: nền tảng chưa triển khai thanh toán trực tuyến (PayGov)',
  },
  '3.6': {
    group: 'Cung cấp dịch vụ trực tuyến',
    name: 'Tỷ lệ hồ sơ thanh toán trực tuyến',
    unit: '%',
    threshold: null,
    higherIsBetter: true,
    definition: 'Số hồ sơ có phí, lệ phí đã thanh toán trực tuyến chia cho số hồ sơ có phí, lệ phí tiếp nhận trong kỳ.',
    numeratorDefinition: 'Hồ sơ đã thanh toán trực tuyến',
    denominatorDefinition: 'Hồ sơ có phí, lệ phí tiếp nhận trong kỳ',
    drillDown: null,
    unavailable: 'chưa có dữ liệu: nền tảng chưa ghi nhận giao dịch thanh toán trực tuyến',
  },
  '4.1': {
    group: 'Số hóa hồ sơ',
    name: 'Tỷ lệ cấp kết quả giải quyết điện tử',
    unit: '%',
    threshold: null,
    higherIsBetter: true,
    definition: 'Số hồ sơ đã trả kết quả có tệp kết quả điện tử đính kèm chia cho số hồ sơ đã trả kết quả trong kỳ.',
    numeratorDefinition: `Hồ sơ có ít nhất một tệp kết quả điện tử, trong số ${RETURNED}`,
    denominatorDefinition: `Số ${RETURNED}`,
    drillDown: 'dossiers',
  },
  '4.2': {
    group: 'Số hóa hồ sơ',
    name: 'Tỷ lệ số hóa hồ sơ',
    unit: '%',
    threshold: 80,
    higherIsBetter: true,
    definition: 'Số hồ sơ có thành phần hồ sơ điện tử (tệp tải lên hoặc bản quét) chia cho tổng số hồ sơ tiếp nhận trong kỳ.',
    numeratorDefinition: `Hồ sơ có ít nhất một tệp thành phần hồ sơ, trong số ${RECEIVED}`,
    denominatorDefinition: `Tổng số ${RECEIVED}`,
    drillDown: 'dossiers',
  },
  '4.3': {
    group: 'Số hóa hồ sơ',
    name: 'Tỷ lệ tái sử dụng dữ liệu số hóa',
    unit: '%',
    threshold: 80,
    higherIsBetter: true,
    definition: 'Số hồ sơ sử dụng lại giấy tờ, kết quả đã số hóa (không phải nộp lại) chia cho số hồ sơ tiếp nhận trong kỳ.',
    numeratorDefinition: 'Hồ sơ tái sử dụng dữ liệu đã số hóa',
    denominatorDefinition: `Tổng số ${RECEIVED}`,
    drillDown: null,
    unavailable: 'chưa có dữ liệu: nền tảng chưa có kho dữ liệu điện tử để ghi nhận việc tái sử dụng giấy tờ đã số hóa',
  },
  '5.1': {
    group: 'Mức độ hài lòng',
    name: 'Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn',
    unit: '%',
    threshold: null,
    higherIsBetter: true,
    definition: `Số phản ánh, kiến nghị đã xử lý xong (giải quyết hoặc từ chối có lý do) trong thời hạn ${FEEDBACK_DUE_WORKING_DAYS} ngày làm việc chia cho tổng số ${FEEDBACK_RECEIVED}.`,
    numeratorDefinition: `Phản ánh đã xử lý xong không muộn hơn hạn (${FEEDBACK_DUE_WORKING_DAYS} ngày làm việc)`,
    denominatorDefinition: `Tổng số ${FEEDBACK_RECEIVED}`,
    drillDown: 'feedback',
  },
  '5.2': {
    group: 'Mức độ hài lòng',
    name: 'Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị',
    unit: '%',
    threshold: null,
    higherIsBetter: true,
    definition:
      `Số phản ánh, kiến nghị không bị đánh giá không hài lòng (từ ${FEEDBACK_DISLIKE_MAX_STARS} sao trở xuống) và không xử lý quá hạn hoặc đang quá hạn, chia cho tổng số ${FEEDBACK_RECEIVED}. ` +
      'Phản ánh vừa bị đánh giá không hài lòng vừa quá hạn chỉ bị trừ một lần.',
    numeratorDefinition: `Phản ánh không bị đánh giá từ ${FEEDBACK_DISLIKE_MAX_STARS} sao trở xuống và không xử lý quá hạn, không đang quá hạn`,
    denominatorDefinition: `Tổng số ${FEEDBACK_RECEIVED}`,
    drillDown: 'feedback',
  },
  '5.3': {
    group: 'Mức độ hài lòng',
    name: 'Tỷ lệ phản ánh, kiến nghị đã xử lý xong',
    unit: '%',
    threshold: null,
    higherIsBetter: true,
    definition: `Số phản ánh, kiến nghị đã xử lý xong (giải quyết hoặc từ chối có lý do) chia cho tổng số ${FEEDBACK_RECEIVED}.`,
    numeratorDefinition: 'Phản ánh đã giải quyết xong hoặc từ chối có lý do',
    denominatorDefinition: `Tổng số ${FEEDBACK_RECEIVED}`,
    drillDown: 'feedback',
  },
  '5.4': {
    group: 'Mức độ hài lòng',
    name: 'Tỷ lệ hài lòng trong tiếp nhận, giải quyết thủ tục hành chính',
    unit: '%',
    threshold: 90,
    higherIsBetter: true,
    definition:
      `100% − (tỷ lệ hồ sơ trễ hạn + tỷ lệ không hài lòng). Tỷ lệ hồ sơ trễ hạn = 100% − chỉ số 2.1; tỷ lệ không hài lòng = số phản ánh bị đánh giá từ ${FEEDBACK_DISLIKE_MAX_STARS} sao trở xuống chia cho số phản ánh được đánh giá trong kỳ (0% khi chưa có đánh giá nào). Không nhỏ hơn 0%.`,
    numeratorDefinition: null,
    denominatorDefinition: null,
    // Not a ratio of one list: it subtracts two rates over different things (late dossiers of
    // 2.1, disliked reports of the rated ones), so no numerator or denominator names a set of
    // records. What lies behind it is drillable where it is a figure: the late dossiers are 2.1's
    // "rest", the disliked reports are within 5.2's "rest" (neither disliked nor late, negated).
    drillDown: null,
  },
};

export const DEFINITIONS: IndicatorDefinition[] = INDICATOR_CODES.map((code) => {
  const { unavailable, ...d } = DEFS[code];
  return { code, ...d, thresholdText: d.threshold === null ? null : `≥ ${d.threshold}${d.unit === '%' ? '%' : ` ${d.unit}`}`, available: !unavailable };
});
export const DEFINITION = Object.fromEntries(DEFINITIONS.map((d) => [d.code, d])) as Record<IndicatorCode, IndicatorDefinition>;
export const UNAVAILABLE_REASON = Object.fromEntries(INDICATOR_CODES.map((c) => [c, DEFS[c].unavailable ?? null])) as Record<IndicatorCode, string | null>;

/** What the indicators are computed from, for one scope and period. */
export interface IndicatorInputs {
  dossiers: Counts;
  /** Active procedures of the scope, how many fully online, how many with an online dossier in the period. */
  catalog: { active: number; fullOnline: number; withOnlineDossiers: number };
  /** null: the feedback figures could not be had (reason given). */
  feedback: FeedbackAggregates | null;
  feedbackReason?: string;
}

/** A percentage with two decimals (Decision 766), e.g. 2 of 3 → 66.67. */
export function rate(numerator: number, denominator: number): number {
  return Math.round((numerator * 10000) / denominator) / 100;
}
const round2 = (x: number) => Math.round(x * 100) / 100;

function value(code: IndicatorCode, v: number | null, numerator: number | null, denominator: number | null, reason: string | null = null): IndicatorValue {
  const d = DEFINITION[code];
  const meets = v === null || d.threshold === null ? null : d.higherIsBetter ? v >= d.threshold : v <= d.threshold;
  return { code, value: v, numerator, denominator, meetsThreshold: meets, reason: v === null ? reason : null };
}

const NO_DOSSIERS = 'không có hồ sơ trong kỳ';
function ratio(code: IndicatorCode, n: number, d: number, empty = NO_DOSSIERS): IndicatorValue {
  return d === 0 ? value(code, null, n, d, empty) : value(code, rate(n, d), n, d);
}

export function computeIndicators(inp: IndicatorInputs): IndicatorValue[] {
  const c = inp.dossiers;
  const fb = inp.feedback;
  const noFeedback = (code: IndicatorCode) => value(code, null, null, null, inp.feedbackReason ?? 'chưa có dữ liệu: không đọc được số liệu phản ánh, kiến nghị');
  const NO_REPORTS = 'không có phản ánh, kiến nghị trong kỳ';
  const out: Record<IndicatorCode, IndicatorValue> = {
    '1.4': value('1.4', null, null, null, UNAVAILABLE_REASON['1.4']),
    '2.1': ratio('2.1', c.onTime, c.counted),
    '2.2': c.returned === 0 ? value('2.2', null, c.processingDays, 0, 'không có hồ sơ trả kết quả trong kỳ') : value('2.2', round2(c.processingDays / c.returned), c.processingDays, c.returned),
    '3.1': ratio('3.1', inp.catalog.fullOnline, inp.catalog.active, 'không có thủ tục đang áp dụng'),
    '3.2': ratio('3.2', inp.catalog.withOnlineDossiers, inp.catalog.active, 'không có thủ tục đang áp dụng'),
    '3.3': ratio('3.3', c.online, c.received),
    '3.5': value('3.5', null, null, null, UNAVAILABLE_REASON['3.5']),
    '3.6': value('3.6', null, null, null, UNAVAILABLE_REASON['3.6']),
    '4.1': ratio('4.1', c.returnedElectronic, c.returned, 'không có hồ sơ trả kết quả trong kỳ'),
    '4.2': ratio('4.2', c.digitised, c.received),
    '4.3': value('4.3', null, null, null, UNAVAILABLE_REASON['4.3']),
    '5.1': fb ? ratio('5.1', fb.handledOnTime, fb.received, NO_REPORTS) : noFeedback('5.1'),
    // Counted row by row in SQL (feedback/repo.ts): received − dislikes − late would subtract a
    // report that is both disliked and late twice.
    '5.2': fb ? ratio('5.2', fb.satisfied, fb.received, NO_REPORTS) : noFeedback('5.2'),
    '5.3': fb ? ratio('5.3', fb.handled, fb.received, NO_REPORTS) : noFeedback('5.3'),
    '5.4': satisfaction(c, fb),
  };
  return INDICATOR_CODES.map((code) => out[code]);
}

function satisfaction(c: Counts, fb: FeedbackAggregates | null): IndicatorValue {
  if (c.counted === 0) return value('5.4', null, null, null, NO_DOSSIERS);
  const latePct = ((c.counted - c.onTime) * 100) / c.counted;
  const dislikePct = fb && fb.ratedCount > 0 ? (fb.dislikeCount * 100) / fb.ratedCount : 0;
  return value('5.4', round2(Math.max(0, 100 - latePct - dislikePct)), null, null);
}
