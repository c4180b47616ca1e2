import type { PutAnswerRequest } from '@aup/contracts';
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { auditsApi } from '../../api/audits';
import { onSessionRestored } from '../../api/http-client';
import { clearDraft, readDraft, writeDraft } from '../../api/use-draft';
import { AnswerSaver } from './answer-saver';

export interface AnswerDraft {
  body: PutAnswerRequest;
  version?: number;
}

export const draftKey = (auditId: string, questionId: string) => `answer:${auditId}:${questionId}`;
export const readAnswerDraft = (auditId: string, questionId: string) =>
  readDraft<AnswerDraft>(draftKey(auditId, questionId));

/**
 * One saver per audit page; unsaved answers are mirrored into this tab's sessionStorage until saved.
 * `onSaved` runs after every successful write (to refresh progress and results shown elsewhere).
 */
export function useAnswerSaver(
  orgId: string,
  auditId: string,
  onSaved?: (questionId: string) => void,
): AnswerSaver {
  const onSavedRef = useRef(onSaved);
  useEffect(() => {
    onSavedRef.current = onSaved;
  }, [onSaved]);
  const saver = useMemo(
    () =>
      new AnswerSaver({
        save: async (questionId, body, version) => {
          const saved = await auditsApi.putAnswer(orgId, auditId, questionId, body, version);
          onSavedRef.current?.(questionId);
          return saved;
        },
        persist: (questionId, draft) =>
          draft
            ? writeDraft(draftKey(auditId, questionId), draft)
            : clearDraft(draftKey(auditId, questionId)),
      }),
    [orgId, auditId],
  );
  useEffect(() => {
    const offRestored = onSessionRestored(() => saver.retryAll());
    const online = () => saver.retryAll();
    window.addEventListener('online', online);
    // Leaving with unsaved answers asks first; they are also kept in the tab's storage.
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (saver.hasUnsaved()) e.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      offRestored();
      window.removeEventListener('online', online);
      window.removeEventListener('beforeunload', beforeUnload);
      saver.dispose();
    };
  }, [saver]);
  return saver;
}

export function useSaverState<T>(saver: AnswerSaver, select: (s: AnswerSaver) => T): T {
  return useSyncExternalStore(
    (cb) => saver.subscribe(cb),
    () => select(saver),
  );
}
