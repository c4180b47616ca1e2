import { useQuery } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { policyKeys, policyModelApi } from './api';
import './policy-model.css';

/**
 * What the policy model says about one question of an audit, for the questionnaire to show next to it:
 * "Suggested from your policy model: Yes (clause 4 ... adopted on 2026-10-01)". Nothing is saved until the
 * person answering confirms it: "Use this answer" (offered while the question has no answer) saves the
 * suggested value as their answer, or they answer otherwise.
 */
export function SuggestionHint({
  orgId,
  auditId,
  questionId,
  optionLabel,
  onUse,
}: {
  orgId: string;
  auditId: string;
  questionId: string;
  optionLabel?: (value: string) => string;
  /** Offered only when given (an unanswered question the person may edit). */
  onUse?: (value: string) => void;
}) {
  const suggestions = useQuery({
    queryKey: policyKeys.suggestions(orgId, auditId),
    queryFn: () => policyModelApi.suggestions(orgId, auditId),
    staleTime: 60_000,
  });
  const s = suggestions.data?.items.find((x) => x.questionId === questionId);
  if (!s) return null;
  return (
    <p className="pm-hint" data-suggestion={questionId}>
      Suggested from your policy model{s.value ? `: ${optionLabel ? optionLabel(s.value) : s.value}` : ''} (
      {s.basis}). {onUse && s.value ? 'Confirm it, or answer otherwise.' : 'Confirm it by answering.'}
      {onUse && s.value ? (
        <>
          {' '}
          <Button className="button button-small" onPress={() => onUse(s.value!)}>
            Use this answer
          </Button>
        </>
      ) : null}
    </p>
  );
}
