import { useQuery } from '@tanstack/react-query';
import { policyKeys, policyModelApi } from './api';
import './policy-model.css';

/**
 * What the policy model says about one question of an audit, for the questionnaire to show next to it:
 * "Suggested from your policy model: Yes (clause 4 ... adopted on 2026-10-01)". Nothing is saved; the
 * person answering confirms or changes it.
 */
export function SuggestionHint({
  orgId,
  auditId,
  questionId,
  optionLabel,
}: {
  orgId: string;
  auditId: string;
  questionId: string;
  optionLabel?: (value: string) => string;
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
      {s.basis}). Confirm it by answering.
    </p>
  );
}
