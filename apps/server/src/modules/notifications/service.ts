// notifications: the messages people receive when something happens to their dossier. Messages are
// queued in the outbox inside the transaction that caused them and sent by the job worker.
import type { Executor } from '../../platform/db.ts';
import { enqueue } from '../../platform/jobs.ts';
import type { Mailer } from '../../platform/mail.ts';
import type { Dossier } from '../../db/schema.ts';
import { STATUS_LABELS_VI } from '@tinhso/contracts';

const formatDate = (iso: string) => iso.split('-').reverse().join('/');

const intro: Record<string, string> = {
  submit: 'Hồ sơ của Ông/Bà đã được gửi thành công và đang chờ bộ phận một cửa tiếp nhận.',
  receive: 'Hồ sơ của Ông/Bà đã được tiếp nhận.',
  decline: 'Hồ sơ của Ông/Bà không được tiếp nhận.',
  request_supplement: 'Hồ sơ của Ông/Bà cần được bổ sung, hoàn thiện. Thời hạn giải quyết tạm dừng cho đến khi Ông/Bà bổ sung.',
  answer_supplement: 'Cơ quan đã nhận được phần bổ sung hồ sơ của Ông/Bà.',
  assign: 'Hồ sơ của Ông/Bà đang được xử lý.',
  forward: 'Hồ sơ của Ông/Bà đã được trình lãnh đạo phê duyệt.',
  approve: 'Hồ sơ của Ông/Bà đã được phê duyệt. Bộ phận một cửa sẽ trả kết quả.',
  refuse: 'Hồ sơ của Ông/Bà bị từ chối giải quyết.',
  send_back: 'Hồ sơ của Ông/Bà đang được xử lý tiếp.',
  return_result: 'Kết quả giải quyết hồ sơ đã được trả. Ông/Bà có thể tải kết quả trong tài khoản của mình.',
  withdraw: 'Hồ sơ đã được rút theo yêu cầu của Ông/Bà.',
  stop: 'Cơ quan đã dừng giải quyết hồ sơ của Ông/Bà.',
  extend: 'Cơ quan xin lỗi Ông/Bà vì hồ sơ chưa được giải quyết đúng hạn và hẹn lại ngày trả kết quả.',
};

export async function queueDossierStatusEmail(
  tx: Executor,
  publicBaseUrl: string,
  e: { dossier: Pick<Dossier, 'id' | 'code' | 'status' | 'applicant_email' | 'applicant_name' | 'due_date'>; procedureName: string; action: string; reason?: string; items?: string[] },
) {
  const to = e.dossier.applicant_email;
  if (!to) return;
  const status = STATUS_LABELS_VI[e.dossier.status];
  const lines = [
    `Kính gửi Ông/Bà ${e.dossier.applicant_name},`,
    '',
    intro[e.action] ?? `Hồ sơ của Ông/Bà chuyển sang trạng thái: ${status}.`,
    '',
    `Mã hồ sơ: ${e.dossier.code}`,
    `Thủ tục: ${e.procedureName}`,
    `Trạng thái: ${status}`,
  ];
  if (e.dossier.due_date && !['declined', 'withdrawn', 'stopped', 'result_returned'].includes(e.dossier.status)) lines.push(`Ngày hẹn trả kết quả: ${formatDate(e.dossier.due_date)}`);
  if (e.reason) lines.push(`Lý do / ý kiến: ${e.reason}`);
  if (e.items?.length) lines.push('', 'Giấy tờ, thông tin cần bổ sung:', ...e.items.map((i, n) => `  ${n + 1}. ${i}`));
  lines.push('', `Tra cứu tình trạng hồ sơ: ${publicBaseUrl}/tra-cuu/${encodeURIComponent(e.dossier.code)}`, '', 'Trân trọng,', 'Cổng dịch vụ công Tỉnh Số', '(Thư tự động, vui lòng không trả lời.)');
  await enqueue(tx, 'email', { to, subject: `[Tỉnh Số] Hồ sơ ${e.dossier.code}: ${status}`, text: lines.join('\n'), dossierId: e.dossier.id, action: e.action });
}

export function emailJobHandler(mailer: Mailer) {
  return async (payload: Record<string, unknown>) => {
    await mailer.send({ to: String(payload.to), subject: String(payload.subject), text: String(payload.text) });
  };
}
