import type { MemberView, Role, SectionAssignment } from '@aup/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Checkbox, CheckboxGroup, Label, Text } from 'react-aria-components';
import { ROLE_LABELS } from '../api/accounts';
import { auditKeys, auditsApi } from '../api/audits';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert } from '../components/alerts';

/** Who can answer a section: auditors are read-only, so they are not offered. */
const ANSWERING_ROLES: Role[] = ['respondent', 'compliance_officer', 'admin'];

const memberName = (m: MemberView) => m.displayName ?? m.email ?? 'Erased account';

/** Changes who answers one section: members grouped by role, saved with PUT assignments (this section only). */
export function AssignmentEditor({
  orgId,
  auditId,
  assignment,
  members,
  onDone,
}: {
  orgId: string;
  auditId: string;
  assignment: SectionAssignment;
  members: MemberView[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string[]>(assignment.userIds);
  const save = useMutation({
    mutationFn: () =>
      auditsApi.putAssignments(orgId, auditId, {
        sections: [{ section: assignment.section, userIds: selected }],
      }),
    onSuccess: (view) => {
      queryClient.setQueryData([...auditKeys.audit(orgId, auditId), 'assignments'], view);
      void queryClient.invalidateQueries({ queryKey: auditKeys.audit(orgId, auditId) });
      onDone();
    },
  });
  const groups = ANSWERING_ROLES.map((role) => ({
    role,
    people: members.filter((m) => m.role === role),
  })).filter((g) => g.people.length);
  // Someone assigned earlier whose role or membership changed stays visible, so unticking them is possible.
  const others = assignment.userIds.filter(
    (id) => !members.some((m) => m.userId === id && ANSWERING_ROLES.includes(m.role)),
  );

  return (
    <div className="assignment-editor">
      <ErrorAlert error={save.error} title="The assignment was not saved" />
      <CheckboxGroup
        className="choice-group"
        value={selected}
        onChange={setSelected}
        isInvalid={save.error instanceof ApiProblem}
      >
        <Label className="field-label">Who answers the {assignment.title} questions</Label>
        <Text slot="description" className="field-description">
          Respondents see only the sections assigned to them. Auditors read everything and answer nothing, so
          they are not listed.
        </Text>
        {groups.map((g) => (
          <div
            key={g.role}
            className="role-group"
            role="group"
            aria-labelledby={`assign-${assignment.section}-${g.role}`}
          >
            <p className="role-group-title" id={`assign-${assignment.section}-${g.role}`}>
              {ROLE_LABELS[g.role]}
            </p>
            <div className="choice-grid">
              {g.people.map((m) => (
                <Checkbox key={m.userId} value={m.userId} className="choice choice-inline">
                  <span className="choice-box" aria-hidden="true" />
                  {memberName(m)}
                </Checkbox>
              ))}
            </div>
          </div>
        ))}
        {others.length ? (
          <div className="role-group" role="group" aria-labelledby={`assign-${assignment.section}-others`}>
            <p className="role-group-title" id={`assign-${assignment.section}-others`}>
              No longer able to answer
            </p>
            <div className="choice-grid">
              {others.map((id) => {
                const m = members.find((x) => x.userId === id);
                return (
                  <Checkbox key={id} value={id} className="choice choice-inline">
                    <span className="choice-box" aria-hidden="true" />
                    {m ? `${memberName(m)} (${ROLE_LABELS[m.role]})` : 'Former member'}
                  </Checkbox>
                );
              })}
            </div>
          </div>
        ) : null}
      </CheckboxGroup>
      <div className="form-actions">
        <Button
          className="button button-primary button-small"
          onPress={() => save.mutate()}
          isPending={save.isPending}
        >
          Save assignment
        </Button>
        <Button className="button button-small" onPress={onDone} isDisabled={save.isPending}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
