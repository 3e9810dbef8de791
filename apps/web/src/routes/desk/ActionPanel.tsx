// The actions an official may take on a dossier now — exactly the server's `allowedActions`, each
// a button that opens a small form with a "Xác nhận" button. One form is open at a time.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { DossierDetail, Procedure } from '@tinhso/contracts';
import { api, ApiError, fieldErrors } from '../../api';
import { useAuth } from '../../auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { FileField, type UploadedFile } from '../../components/FileField';
import { formatDate, todayInVietnam } from '../../format';

/** Every action a desk page knows how to offer, in the order the buttons appear. */
export const DESK_ACTIONS = ['receive', 'decline', 'request_supplement', 'assign', 'forward', 'approve', 'refuse', 'send_back', 'return_result', 'extend', 'stop', 'note'] as const;
export type DeskAction = (typeof DESK_ACTIONS)[number];
/** What the page announces after an action: an action, or "takeSelf" (a processor took the dossier). */
export type DoneKey = DeskAction | 'takeSelf';

interface Official {
  id: string;
  fullName: string;
  role: string;
  unitId: string | null;
}

/** The button's text: exact names the desk staff (and the e2e tests) know. */
export function actionButtonLabel(t: TFunction, action: DeskAction, selfAssign: boolean): string {
  if (action === 'assign' && selfAssign) return t('desk.act.takeSelf');
  return t(`desk.act.${action}`);
}

const DANGER: readonly DeskAction[] = ['decline', 'refuse', 'stop'];
const PRIMARY: readonly DeskAction[] = ['receive', 'forward', 'approve', 'return_result'];

interface Props {
  dossier: DossierDetail;
  procedure: Procedure | null;
  /** Called after a successful action with what was done (see "desk.done.*"); the page reloads the dossier. */
  onDone: (done: DoneKey) => Promise<void> | void;
  /** Called when a form opens (the page clears the previous announcement). */
  onOpen?: () => void;
}

export function ActionPanel({ dossier, procedure, onDone, onOpen }: Props) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [open, setOpen] = useState<DeskAction | null>(null);
  const baseId = useId();
  // An overdue dossier needs the apology first, so that button comes first.
  const order: readonly DeskAction[] = dossier.overdue ? ['extend', ...DESK_ACTIONS.filter((a) => a !== 'extend')] : DESK_ACTIONS;
  const actions = order.filter((a) => dossier.allowedActions.includes(a));
  const selfAssign = me?.role === 'processor';

  // A new state of the dossier closes any open form whose action is no longer offered.
  useEffect(() => {
    if (open && !dossier.allowedActions.includes(open)) setOpen(null);
  }, [dossier.allowedActions, open]);

  if (actions.length === 0) {
    if (['result_returned', 'declined', 'withdrawn', 'stopped'].includes(dossier.status)) return <p className="muted">{t('desk.act.finished')}</p>;
    const waiting =
      dossier.status === 'supplement_requested'
        ? t('desk.act.waitingSupplement')
        : dossier.status === 'awaiting_approval'
          ? t('desk.act.waitingApproval')
          : (dossier.status === 'in_progress' || dossier.status === 'received') && dossier.assigneeName
            ? t('desk.act.waitingAssignee', { name: dossier.assigneeName })
            : '';
    return (
      <>
        {waiting && <p>{waiting}</p>}
        <p className="muted">{t('desk.act.none')}</p>
      </>
    );
  }

  return (
    <div className="action-panel">
      <ul className="action-buttons">
        {actions.map((a) => {
          const label = actionButtonLabel(t, a, selfAssign);
          const isOpen = open === a;
          return (
            <li key={a}>
              <button
                type="button"
                className={`btn btn-block ${isOpen ? 'btn-primary' : DANGER.includes(a) ? 'btn-danger-outline' : PRIMARY.includes(a) ? 'btn-primary' : 'btn-outline'}${isOpen ? ' is-open' : ''}`}
                aria-expanded={isOpen}
                aria-controls={`${baseId}-${a}`}
                onClick={() => {
                  if (!isOpen) onOpen?.();
                  setOpen(isOpen ? null : a);
                }}
              >
                {label}
              </button>
              {isOpen && (
                <div id={`${baseId}-${a}`} className="action-form-wrap">
                  <ActionForm
                    action={a}
                    label={label}
                    dossier={dossier}
                    procedure={procedure}
                    selfAssign={selfAssign}
                    meId={me?.id ?? ''}
                    onCancel={() => setOpen(null)}
                    onDone={async (done) => {
                      setOpen((cur) => (cur === a ? null : cur));
                      await onDone(done);
                    }}
                  />
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

// ------------------------------------------------------------------ the forms

interface FormProps {
  action: DeskAction;
  label: string;
  dossier: DossierDetail;
  procedure: Procedure | null;
  selfAssign: boolean;
  meId: string;
  onCancel: () => void;
  onDone: (done: DoneKey) => Promise<void>;
}

const ENDPOINT: Record<DeskAction, string> = {
  receive: 'receive',
  decline: 'decline',
  request_supplement: 'supplement-requests',
  assign: 'assign',
  forward: 'forward',
  approve: 'approve',
  refuse: 'refuse',
  send_back: 'send-back',
  return_result: 'return-result',
  extend: 'extensions',
  stop: 'stop',
  note: 'notes',
};

const REASON_ACTIONS: readonly DeskAction[] = ['decline', 'refuse', 'send_back', 'stop'];

/** Refusals without field details that concern one field of the form: shown under that field. */
const KEY_FIELDS: Record<string, string> = {
  'dossiers.extensionDateInvalid': 'newDueDate',
  'dossiers.assigneeInvalid': 'assigneeId',
  'dossiers.supplementItemsRequired': 'items',
  'dossiers.resultFileRequired': 'files',
};
const OPTIONAL_NOTE_ACTIONS: readonly DeskAction[] = ['forward', 'approve'];

/** Processing officials of the dossier's agency, for the assignee select. */
function useProcessors(agencyId: string, enabled: boolean) {
  const [list, setList] = useState<Official[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!enabled) return;
    const ctrl = new AbortController();
    api
      .get<Official[]>(`/agencies/${agencyId}/officials`, undefined, ctrl.signal)
      .then((rows) => setList(rows.filter((o) => o.role === 'processor')))
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      });
    return () => ctrl.abort();
  }, [agencyId, enabled]);
  return { list, error };
}

interface ResultSlot {
  key: number;
  file: UploadedFile | null;
  label: string;
}

function ActionForm({ action, label, dossier, procedure, selfAssign, meId, onCancel, onDone }: FormProps) {
  const { t } = useTranslation();
  const id = `act-${action}`;
  const needsAssignees = action === 'receive' || (action === 'assign' && !selfAssign);
  const processors = useProcessors(dossier.agencyId, needsAssignees);

  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [assigneeId, setAssigneeId] = useState('');
  const [newDueDate, setNewDueDate] = useState('');
  const defaultResultLabel = procedure?.resultDescription?.trim() || t('desk.form.resultDefaultLabel');
  const nextKey = useRef(1);
  const [slots, setSlots] = useState<ResultSlot[]>([{ key: 0, file: null, label: defaultResultLabel }]);
  const [uploading, setUploading] = useState(0);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const firstRef = useRef<HTMLDivElement>(null);

  // Focus the form's first control when it opens.
  useEffect(() => {
    const el = firstRef.current?.querySelector<HTMLElement>('textarea, select, input:not([type="file"]), button[type="submit"]');
    el?.focus();
  }, []);

  const today = todayInVietnam();
  const supplementItems = text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

  function validate(): Record<string, string[]> {
    const e: Record<string, string[]> = {};
    if (REASON_ACTIONS.includes(action) && text.trim().length < 3) e.reason = [t('desk.form.reasonRequired')];
    if (action === 'note' && !text.trim()) e.note = [t('desk.form.noteRequired')];
    if (action === 'request_supplement') {
      if (supplementItems.length === 0) e.items = [t('desk.form.itemsRequired')];
      else if (supplementItems.some((s) => s.length < 2)) e.items = [t('desk.form.itemTooShort')];
      else if (supplementItems.length > 30) e.items = [t('desk.form.itemsTooMany')];
    }
    if (action === 'assign' && !selfAssign && !assigneeId) e.assigneeId = [t('desk.form.assigneeRequired')];
    if (action === 'extend') {
      if (text.trim().length < 3) e.reason = [t('desk.form.reasonRequired')];
      if (!newDueDate) e.newDueDate = [t('desk.form.dateRequired')];
      else if (dossier.dueDate && newDueDate <= dossier.dueDate) e.newDueDate = [t('desk.form.dateAfterDue', { date: formatDate(dossier.dueDate) })];
    }
    if (action === 'return_result') {
      slots.forEach((s, i) => {
        if (s.file && !s.label.trim()) e[`label-${i}`] = [t('desk.form.resultLabelRequired')];
      });
      if (dossier.status === 'approved' && !slots.some((s) => s.file)) e.files = [t('desk.form.resultFileRequired')];
    }
    return e;
  }

  function body(): unknown {
    switch (action) {
      case 'receive':
        return assigneeId ? { assigneeId } : {};
      case 'assign':
        return { assigneeId: selfAssign ? meId : assigneeId };
      case 'request_supplement':
        return note.trim() ? { items: supplementItems, note: note.trim() } : { items: supplementItems };
      case 'note':
        return { note: text.trim() };
      case 'extend':
        return { reason: text.trim(), newDueDate };
      case 'return_result':
        return {
          attachments: slots.filter((s) => s.file).map((s) => ({ uploadId: s.file!.uploadId, label: s.label.trim() })),
          ...(note.trim() ? { note: note.trim() } : {}),
        };
      default:
        if (REASON_ACTIONS.includes(action)) return { reason: text.trim() };
        return note.trim() ? { note: note.trim() } : {};
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const problems = validate();
    setErrors(problems);
    setError(null);
    if (Object.keys(problems).length) {
      const first = Object.keys(problems)[0]!;
      document.getElementById(first === 'files' ? `${id}-file-0` : `${id}-${first}`)?.focus();
      return;
    }
    setSending(true);
    try {
      await api.post(`/dossiers/${dossier.id}/${ENDPOINT[action]}`, body());
      await onDone(action === 'assign' && selfAssign ? 'takeSelf' : action);
    } catch (err) {
      const keyed = err instanceof ApiError && err.details.length === 0 ? KEY_FIELDS[err.key] : undefined;
      if (keyed) {
        setError(null);
        setErrors({ [keyed]: [(err as ApiError).message] });
        document.getElementById(keyed === 'files' ? `${id}-file-0` : `${id}-${keyed}`)?.focus();
        setSending(false);
        return;
      }
      setError(err);
      const byField = fieldErrors(err);
      setErrors({
        reason: byField.reason ?? [],
        note: byField.note ?? [],
        items: [...(byField.items ?? []), ...Object.entries(byField).filter(([k]) => k.startsWith('items.')).flatMap(([, v]) => v)],
        assigneeId: byField.assigneeId ?? [],
        newDueDate: byField.newDueDate ?? [],
      });
      setSending(false);
    }
  }

  let fields: ReactNode = null;
  let intro: ReactNode = null;

  if (action === 'receive') {
    intro = <p className="field-hint">{t('desk.form.receiveIntro', { days: procedure?.processingDays ?? '…' })}</p>;
    fields = (
      <AssigneeSelect id={`${id}-assigneeId`} optional value={assigneeId} onChange={setAssigneeId} processors={processors} errors={errors.assigneeId} disabled={sending} />
    );
  } else if (action === 'assign') {
    if (selfAssign) intro = <p>{t('desk.form.takeSelfIntro')}</p>;
    else fields = <AssigneeSelect id={`${id}-assigneeId`} value={assigneeId} onChange={setAssigneeId} processors={processors} errors={errors.assigneeId} disabled={sending} current={dossier.assigneeId} />;
  } else if (REASON_ACTIONS.includes(action)) {
    intro = <p className="field-hint">{t(`desk.form.intro.${action as 'decline' | 'refuse' | 'send_back' | 'stop'}`)}</p>;
    fields = <TextAreaField id={`${id}-reason`} label={t('desk.form.reason')} required rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} errors={errors.reason?.length ? errors.reason : undefined} disabled={sending} />;
  } else if (OPTIONAL_NOTE_ACTIONS.includes(action)) {
    fields = <TextAreaField id={`${id}-note`} label={t('desk.form.noteOptional')} rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} errors={errors.note?.length ? errors.note : undefined} disabled={sending} />;
  } else if (action === 'note') {
    fields = <TextAreaField id={`${id}-note`} label={t('desk.form.note')} required rows={4} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} errors={errors.note?.length ? errors.note : undefined} disabled={sending} />;
  } else if (action === 'request_supplement') {
    fields = (
      <>
        <TextAreaField
          id={`${id}-items`}
          label={t('desk.form.items')}
          hint={t('desk.form.itemsHint')}
          required
          rows={5}
          value={text}
          onChange={(e) => setText(e.target.value)}
          errors={errors.items?.length ? errors.items : undefined}
          disabled={sending}
        />
        {supplementItems.length > 0 && (
          <p className="field-hint" aria-live="polite">
            {t('desk.form.itemsCount', { count: supplementItems.length })}
          </p>
        )}
        <TextAreaField id={`${id}-note`} label={t('desk.form.noteOptional')} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} disabled={sending} />
      </>
    );
  } else if (action === 'extend') {
    intro = (
      <div className="field-hint">
        <p>{t('desk.form.extendIntro')}</p>
        {dossier.dueDate && <p>{t('desk.form.currentDue', { date: formatDate(dossier.dueDate) })}</p>}
      </div>
    );
    fields = (
      <>
        <TextAreaField id={`${id}-reason`} label={t('desk.form.extendReason')} required rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} errors={errors.reason?.length ? errors.reason : undefined} disabled={sending} />
        <TextField
          id={`${id}-newDueDate`}
          type="date"
          label={t('desk.form.newDueDate')}
          hint={t('desk.form.newDueDateHint')}
          required
          min={dossier.dueDate && dossier.dueDate >= today ? dossier.dueDate : today}
          value={newDueDate}
          onChange={(e) => setNewDueDate(e.target.value)}
          errors={errors.newDueDate?.length ? errors.newDueDate : undefined}
          disabled={sending}
        />
      </>
    );
  } else if (action === 'return_result') {
    const overdueNow = !!dossier.dueDate && dossier.dueDate < today;
    intro = (
      <>
        <p className="field-hint">{dossier.status === 'approved' ? t('desk.form.returnIntroApproved') : t('desk.form.returnIntroRefused')}</p>
        {overdueNow && (
          <div className="alert alert-warning">
            <p>{t('desk.form.returnOverdue')}</p>
          </div>
        )}
      </>
    );
    fields = (
      <>
        <div className="result-slots">
          {slots.map((s, i) => (
            <div key={s.key} className="result-slot">
              <FileField
                id={`${id}-file-${i}`}
                label={t('desk.form.resultFile', { n: i + 1 })}
                required={dossier.status === 'approved' && i === 0}
                value={s.file}
                onChange={(f) => {
                  setSlots((old) => old.map((x) => (x.key === s.key ? { ...x, file: f } : x)));
                  if (f) setErrors((old) => ({ ...old, files: [] }));
                }}
                errors={i === 0 && errors.files?.length ? errors.files : undefined}
                disabled={sending}
                onBusyChange={(b) => setUploading((n) => Math.max(0, n + (b ? 1 : -1)))}
              />
              <TextField
                id={`${id}-label-${i}`}
                label={t('desk.form.resultLabel')}
                value={s.label}
                maxLength={300}
                onChange={(e) => {
                  setSlots((old) => old.map((x) => (x.key === s.key ? { ...x, label: e.target.value } : x)));
                  setErrors((old) => ({ ...old, [`label-${i}`]: [] }));
                }}
                errors={errors[`label-${i}`]}
                disabled={sending}
              />
              {slots.length > 1 && (
                <button type="button" className="btn btn-quiet" onClick={() => setSlots((old) => old.filter((x) => x.key !== s.key))} disabled={sending}>
                  {t('desk.form.removeSlot', { n: i + 1 })}
                </button>
              )}
            </div>
          ))}
        </div>
        {slots.length < 10 && (
          <button type="button" className="btn btn-outline btn-small add-slot" onClick={() => setSlots((old) => [...old, { key: nextKey.current++, file: null, label: defaultResultLabel }])} disabled={sending}>
            {t('desk.form.addSlot')}
          </button>
        )}
        <TextAreaField id={`${id}-note`} label={t('desk.form.noteOptional')} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} disabled={sending} />
      </>
    );
  }

  return (
    <form className="action-form" onSubmit={onSubmit} noValidate aria-label={label}>
      <div ref={firstRef}>
        {intro}
        {fields}
      </div>
      {error ? <ErrorAlert error={error} showDetails /> : null}
      <div className="button-row">
        <button type="submit" className={`btn ${DANGER.includes(action) ? 'btn-danger' : 'btn-primary'}`} disabled={sending || uploading > 0}>
          {t('desk.act.confirm')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onCancel} disabled={sending}>
          {t('common.cancel')}
        </button>
        {sending && (
          <span className="muted" role="status">
            {t('desk.act.sending')}
          </span>
        )}
        {uploading > 0 && !sending && (
          <span className="muted" role="status">
            {t('desk.form.waitUploads')}
          </span>
        )}
      </div>
    </form>
  );
}

function AssigneeSelect({
  id,
  value,
  onChange,
  processors,
  errors,
  optional,
  disabled,
  current,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  processors: { list: Official[] | null; error: unknown };
  errors?: string[];
  optional?: boolean;
  disabled?: boolean;
  current?: string | null;
}) {
  const { t } = useTranslation();
  if (processors.error) return <ErrorAlert error={processors.error} />;
  return (
    <SelectField
      id={id}
      label={optional ? t('desk.form.assigneeOptional') : t('desk.form.assignee')}
      hint={optional ? t('desk.form.assigneeOptionalHint') : undefined}
      required={!optional}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      errors={errors?.length ? errors : undefined}
      disabled={disabled || !processors.list}
    >
      <option value="">{processors.list ? (optional ? t('desk.form.noAssignee') : t('desk.form.chooseAssignee')) : t('common.loading')}</option>
      {processors.list?.map((o) => (
        <option key={o.id} value={o.id} lang="vi">
          {o.fullName}
          {o.id === current ? ` (${t('desk.form.currentAssignee')})` : ''}
        </option>
      ))}
    </SelectField>
  );
}
