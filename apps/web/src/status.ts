// Dossier status labels and colours. Vietnamese labels come from the shared contracts
// (STATUS_LABELS_VI, as the national portal words them); other languages from i18n.
import type { TFunction } from 'i18next';
import { STATUS_LABELS_VI, type DossierStatus } from '@tinhso/contracts';

export type Tone = 'neutral' | 'info' | 'warning' | 'success' | 'danger' | 'muted';

const TONES: Record<DossierStatus, Tone> = {
  draft: 'muted',
  submitted: 'neutral',
  received: 'info',
  in_progress: 'info',
  supplement_requested: 'warning',
  awaiting_approval: 'info',
  approved: 'success',
  refused: 'danger',
  result_returned: 'success',
  declined: 'danger',
  withdrawn: 'muted',
  stopped: 'danger',
  awaiting_payment: 'warning',
};

export function statusTone(status: DossierStatus): Tone {
  return TONES[status] ?? 'neutral';
}

export function statusLabel(t: TFunction, lang: string, status: DossierStatus): string {
  if (lang !== 'en') return STATUS_LABELS_VI[status] ?? status;
  return t(`status.${status}`, { defaultValue: STATUS_LABELS_VI[status] ?? status });
}

/** Timeline action names of the server (dossiers/lifecycle.ts) that have a label. */
export const KNOWN_ACTIONS = [
  'submit',
  'receive',
  'decline',
  'request_supplement',
  'answer_supplement',
  'assign',
  'forward',
  'approve',
  'refuse',
  'send_back',
  'return_result',
  'withdraw',
  'stop',
  'note',
  'extend',
] as const;
type KnownAction = (typeof KNOWN_ACTIONS)[number];

export function actionLabel(t: TFunction, action: string): string {
  return (KNOWN_ACTIONS as readonly string[]).includes(action) ? t(`action.${action as KnownAction}`) : action;
}
