import {
  Button,
  Key,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
} from 'react-aria-components';
import { useNavigate } from 'react-router-dom';
import { ROLE_LABELS, type MembershipView } from '../api/accounts';

/** Switches the organisation the app shows; the route carries it, so every page is scoped by the URL. */
export function OrgSwitcher({ memberships, current }: { memberships: MembershipView[]; current?: string }) {
  const navigate = useNavigate();
  if (!memberships.length) return null;
  const onChange = (key: Key | null) => {
    if (key && key !== current) void navigate(`/organisations/${String(key)}/audits`);
  };
  return (
    <Select
      className="org-switcher"
      value={current ?? null}
      onChange={onChange}
      placeholder="Choose an organisation"
    >
      <Label className="visually-hidden">Organisation</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true" className="chevron">
          ▾
        </span>
      </Button>
      <Popover className="popover">
        <ListBox className="listbox" items={memberships.map((m) => ({ id: m.organisationId, ...m }))}>
          {(m) => (
            <ListBoxItem className="listbox-item" id={m.id} textValue={m.organisationName}>
              <span className="listbox-item-title">{m.organisationName}</span>
              <span className="listbox-item-meta">{ROLE_LABELS[m.role] ?? m.role}</span>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}
