import { useId, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { businessDayBounds } from '@shared/time/storeTime';
import { useStoreTime, useStoreTimeZone } from '../../app/storeTime';
import { approverOf, auditActions, queryAudit } from '../../db/repositories/audit';
import type { AuditRow } from '../../db/types';
import { useStaffContext } from './StaffContext';

/** The audit log for managers: newest first, filtered by staff, action and date. */
export function AuditLog() {
  const { t, i18n } = useTranslation();
  const { db } = useStaffContext();
  const zone = useStoreTimeZone(db);
  const formatTime = useStoreTime(db);
  const [staffId, setStaffId] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const ids = { staff: useId(), action: useId(), from: useId(), to: useId() };

  const staff = useLiveQuery(() => db.staff.toArray(), [db]);
  const names = useMemo(() => new Map((staff ?? []).map((s) => [s.id, s.name])), [staff]);
  const actions = useLiveQuery(() => auditActions(db), [db]) ?? [];
  const rows = useLiveQuery(() => {
    // The day inputs are the store's business days, whatever the machine's zone.
    const fromIso = from ? new Date(businessDayBounds(from, zone).start).toISOString() : undefined;
    const toIso = to ? new Date(businessDayBounds(to, zone).end).toISOString() : undefined;
    return queryAudit(db, {
      ...(staffId && { staffId }),
      ...(action && { action }),
      ...(fromIso && { from: fromIso }),
      ...(toIso && { to: toIso }),
    });
  }, [db, staffId, action, from, to, zone]);

  const actionLabel = (name: string): string => {
    const key = `staff.audit.events.${name}`;
    // Mutation types and staff events have labels; anything newer shows its name.
    return /^\w+\.\w+$/.test(name) && i18n.exists(key) ? t(key as 'staff.audit.events.staff.signedIn') : name;
  };
  const nameOf = (id: string) => (names.get(id) ? `${names.get(id)} (${id})` : id);
  const describe = (row: AuditRow): string => {
    const parts: string[] = [];
    const detail = (row.detail ?? {}) as {
      approval?: { action?: string };
      for?: string;
      orderId?: string;
      reason?: string;
    };
    const subject = detail.approval?.action;
    if (subject && i18n.exists(`staff.action.${subject}`))
      parts.push(t(`staff.action.${subject}` as 'staff.action.closeDay'));
    if (typeof detail.for === 'string') parts.push(t('staff.audit.forStaff', { name: nameOf(detail.for) }));
    const approver = approverOf(row);
    if (approver && row.action !== 'staff.approved')
      parts.push(t('staff.audit.approvedBy', { name: nameOf(approver) }));
    if (typeof detail.orderId === 'string') parts.push(detail.orderId);
    if (typeof detail.reason === 'string') parts.push(detail.reason);
    return parts.join(' · ');
  };

  return (
    <section className="audit-log" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('staff.audit.title')}</h2>
      <p>{t('staff.audit.intro')}</p>
      <div className="audit-filters">
        <label htmlFor={ids.staff}>{t('staff.audit.filterStaff')}</label>
        <select id={ids.staff} value={staffId} onChange={(e) => setStaffId(e.target.value)}>
          <option value="">{t('staff.audit.all')}</option>
          {(staff ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.id})
            </option>
          ))}
        </select>
        <label htmlFor={ids.action}>{t('staff.audit.filterAction')}</label>
        <select id={ids.action} value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">{t('staff.audit.all')}</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {actionLabel(a)}
            </option>
          ))}
        </select>
        <label htmlFor={ids.from}>{t('staff.audit.filterFrom')}</label>
        <input id={ids.from} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor={ids.to}>{t('staff.audit.filterTo')}</label>
        <input id={ids.to} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      {rows && rows.length === 0 ? (
        <p role="status">{t('staff.audit.empty')}</p>
      ) : (
        <table className="audit-table">
          <caption>{t('staff.audit.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staff.audit.time')}</th>
              <th scope="col">{t('staff.audit.who')}</th>
              <th scope="col">{t('staff.audit.what')}</th>
              <th scope="col">{t('staff.audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((row) => (
              <tr key={row.id}>
                <td>
                  <time dateTime={row.at}>{formatTime(row.at)}</time>
                </td>
                <td>{nameOf(row.staffId)}</td>
                <td>{actionLabel(row.action)}</td>
                <td>{describe(row)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
