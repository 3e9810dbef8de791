// The dossier lifecycle of DESIGN.md §4 (Decree 118/2025/NĐ-CP one-stop mechanism) as data:
// which action may move a dossier from which status to which, and who may take it.
// service.ts is the only code that changes a dossier's status, and it consults this table first.
import type { DossierStatus, Role } from '../../db/schema.ts';

export type DossierAction =
  | 'receive'
  | 'decline'
  | 'request_supplement'
  | 'answer_supplement'
  | 'assign'
  | 'forward'
  | 'approve'
  | 'refuse'
  | 'send_back'
  | 'return_result'
  | 'withdraw'
  | 'stop'
  | 'note'
  | 'extend';

export interface TransitionRule {
  from: readonly DossierStatus[];
  roles: readonly Role[];
  /** 'resume': back to the status before the supplement request; 'same': no status change. */
  to: DossierStatus | 'resume' | 'same';
}

const ACTIVE: DossierStatus[] = ['received', 'in_progress', 'supplement_requested', 'awaiting_approval'];

export const RULES: Record<DossierAction, TransitionRule> = {
  receive: { from: ['submitted'], roles: ['desk'], to: 'received' },
  decline: { from: ['submitted'], roles: ['desk'], to: 'declined' },
  request_supplement: { from: ['submitted', 'received', 'in_progress'], roles: ['desk', 'processor'], to: 'supplement_requested' },
  answer_supplement: { from: ['supplement_requested'], roles: ['citizen'], to: 'resume' },
  assign: { from: ['received', 'in_progress'], roles: ['desk', 'approver', 'processor'], to: 'in_progress' },
  forward: { from: ['in_progress'], roles: ['processor'], to: 'awaiting_approval' },
  approve: { from: ['awaiting_approval'], roles: ['approver'], to: 'approved' },
  refuse: { from: ['awaiting_approval'], roles: ['approver'], to: 'refused' },
  send_back: { from: ['awaiting_approval'], roles: ['approver'], to: 'in_progress' },
  return_result: { from: ['approved', 'refused'], roles: ['desk'], to: 'result_returned' },
  // "before a decision": the applicant may withdraw until a leader approves or refuses.
  withdraw: { from: ['submitted', ...ACTIVE], roles: ['citizen'], to: 'withdrawn' },
  stop: { from: ['received', 'in_progress', 'supplement_requested'], roles: ['approver'], to: 'stopped' },
  note: { from: ['received', 'in_progress', 'awaiting_approval'], roles: ['desk', 'processor', 'approver'], to: 'same' },
  extend: { from: [...ACTIVE, 'approved', 'refused'], roles: ['desk', 'approver'], to: 'same' },
};

export const ACTION_LABELS_VI: Record<DossierAction | 'submit', string> = {
  submit: 'nộp hồ sơ',
  receive: 'tiếp nhận',
  decline: 'từ chối tiếp nhận',
  request_supplement: 'yêu cầu bổ sung',
  answer_supplement: 'bổ sung hồ sơ',
  assign: 'phân công xử lý',
  forward: 'trình phê duyệt',
  approve: 'phê duyệt',
  refuse: 'từ chối giải quyết',
  send_back: 'trả lại để xử lý tiếp',
  return_result: 'trả kết quả',
  withdraw: 'rút hồ sơ',
  stop: 'dừng giải quyết',
  note: 'ghi ý kiến xử lý',
  extend: 'xin lỗi và hẹn lại ngày trả',
};

export const FINISHED: readonly DossierStatus[] = ['result_returned', 'declined', 'withdrawn', 'stopped'];

/**
 * Our statuses → the national public-service portal's (DVCQG) status codes:
 * 1 newly registered, 2 accepted, 3 not accepted, 4 processing, 5 supplement requested,
 * 6 financial obligation requested, 7 withdrawal requested, 8 stopped, 9 processed, 10 result returned.
 */
export const NATIONAL_PORTAL_STATUS: Record<DossierStatus, number | null> = {
  draft: null,
  submitted: 1,
  received: 2,
  declined: 3,
  in_progress: 4,
  awaiting_approval: 4,
  supplement_requested: 5,
  awaiting_payment: 6,
  withdrawn: 7,
  stopped: 8,
  approved: 9,
  refused: 9,
  result_returned: 10,
};

export function canTake(action: DossierAction, status: DossierStatus, role: Role): boolean {
  const rule = RULES[action];
  return rule.from.includes(status) && rule.roles.includes(role);
}
