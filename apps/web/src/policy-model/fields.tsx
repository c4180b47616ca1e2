import { useQuery } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import type { PolicyDocumentName, PolicyDocumentView } from '@aup/contracts';
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

const FORMAT_LABEL = { docx: 'Word (DOCX)', pdf: 'PDF' } as const;

/**
 * Prepares a document through the report queue: a press asks for it, the page follows its status, and a
 * download link appears once the worker has rendered it.
 */
export function DocumentLinks({
  orgId,
  name,
  label,
}: {
  orgId: string;
  name: PolicyDocumentName;
  label: string;
}) {
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'working'; format: 'docx' | 'pdf' }
    | { kind: 'ready'; view: PolicyDocumentView }
    | { kind: 'failed'; message: string }
  >({ kind: 'idle' });

  async function prepare(format: 'docx' | 'pdf') {
    setState({ kind: 'working', format });
    try {
      let view = await policyModelApi.requestDocument(orgId, name, format);
      for (let i = 0; i < 240 && (view.status === 'queued' || view.status === 'running'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        view = await policyModelApi.document(orgId, view.id);
      }
      setState(
        view.status === 'done'
          ? { kind: 'ready', view }
          : { kind: 'failed', message: view.error ?? 'The document is not ready yet; try again.' },
      );
    } catch {
      setState({ kind: 'failed', message: 'The document could not be prepared; try again.' });
    }
  }

  return (
    <div className="secondary-links">
      <p>
        Prepare {label}:{' '}
        {(['docx', 'pdf'] as const).map((format, i) => (
          <span key={format}>
            {i > 0 ? ' · ' : ''}
            <Button
              className="link"
              isDisabled={state.kind === 'working'}
              onPress={() => void prepare(format)}
            >
              {FORMAT_LABEL[format]}
            </Button>
          </span>
        ))}
      </p>
      <p aria-live="polite">
        {state.kind === 'working' && `Preparing the ${FORMAT_LABEL[state.format]} file…`}
        {state.kind === 'ready' && (
          <a className="link" href={policyModelApi.downloadUrl(state.view)} download>
            Download {state.view.fileName}
          </a>
        )}
        {state.kind === 'failed' && <span role="alert">{state.message}</span>}
      </p>
    </div>
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
