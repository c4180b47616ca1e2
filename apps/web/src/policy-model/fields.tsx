import { useQuery } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import type { PolicyDocumentName } from '@aup/contracts';
import { accountsApi } from '../api/accounts';
import { policyKeys, policyModelApi } from './api';

/** A labelled native select: keyboard and screen-reader behaviour come from the browser. */
export function SelectField({
  label,
  value,
  onChange,
  options,
  description,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: readonly { value: string; label: string }[];
  description?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {description ? (
        <p className="field-description" id={`${id}-d`}>
          {description}
        </p>
      ) : null}
      <select
        id={id}
        className="input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={description ? `${id}-d` : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function DateField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input id={id} type="date" className="input" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** The organisation's members as options (people are chosen, never typed in). */
export function useMemberOptions(orgId: string): { value: string; label: string }[] {
  const members = useQuery({
    queryKey: ['orgs', orgId, 'members'],
    queryFn: () => accountsApi.members(orgId),
  });
  return [
    { value: '', label: 'Nobody yet' },
    ...(members.data?.items ?? []).map((m) => ({
      value: m.userId,
      label: m.displayName ?? m.email ?? 'Member',
    })),
  ];
}

export function DocumentLinks({
  orgId,
  name,
  label,
}: {
  orgId: string;
  name: PolicyDocumentName;
  label: string;
}) {
  return (
    <p className="secondary-links">
      Download {label}:{' '}
      <a className="link" href={policyModelApi.documentUrl(orgId, name, 'docx')} download>
        Word (DOCX)
      </a>{' '}
      ·{' '}
      <a className="link" href={policyModelApi.documentUrl(orgId, name, 'pdf')} download>
        PDF
      </a>
    </p>
  );
}

/** A record's changes from the audit trail, loaded when opened. */
export function History({
  orgId,
  entity,
  entityId,
  title,
}: {
  orgId: string;
  entity: string;
  entityId: string;
  title: string;
}) {
  const [open, setOpen] = useState(false);
  const history = useQuery({
    queryKey: policyKeys.history(orgId, entity, entityId),
    queryFn: () => policyModelApi.history(orgId, entity, entityId),
    enabled: open,
  });
  return (
    <div>
      <Button
        className="button button-quiet button-small"
        aria-expanded={open}
        onPress={() => setOpen(!open)}
      >
        {open ? 'Hide history' : 'Show history'}
        <span className="visually-hidden"> of {title}</span>
      </Button>
      {open ? (
        history.data?.items.length ? (
          <ul className="pm-history">
            {history.data.items.map((e) => (
              <li key={e.id}>
                {new Date(e.at).toLocaleString()}: {e.action}
                {typeof e.after === 'object' && e.after && 'state' in e.after
                  ? ` (${String((e.after as { state: string }).state).replace('_', ' ')})`
                  : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{history.isPending ? 'Loading…' : 'No changes recorded yet.'}</p>
        )
      ) : null}
    </div>
  );
}
