import { useId, useState } from 'react';
import type { MemberView } from '@aup/contracts';

const label = (m: MemberView) =>
  `${m.displayName ?? m.email ?? 'Erased account'}${m.displayName && m.email ? ` (${m.email})` : ''}`;

/** Picks a member: a search box narrows the list (every member is searched, not only the first 100). */
export function MemberPicker({
  label: text,
  members,
  value,
  onChange,
}: {
  label: string;
  members: readonly MemberView[];
  value: string;
  onChange: (userId: string) => void;
}) {
  const id = useId();
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const shown = members
    .filter((m) => m.userId === value || !needle || label(m).toLowerCase().includes(needle))
    .slice(0, 50);
  return (
    <div className="field">
      <label className="field-label" htmlFor={`${id}-search`}>
        Search members for {text.toLowerCase()}
      </label>
      <input
        id={`${id}-search`}
        className="input"
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <label className="field-label" htmlFor={`${id}-select`}>
        {text}
      </label>
      <select id={`${id}-select`} className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Nobody</option>
        {shown.map((m) => (
          <option key={m.userId} value={m.userId}>
            {label(m)}
          </option>
        ))}
      </select>
    </div>
  );
}
