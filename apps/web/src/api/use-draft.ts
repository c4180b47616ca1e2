import { useCallback, useEffect, useRef, useState } from 'react';

const PREFIX = 'aup-draft:';

/** Reads a draft kept in this tab's sessionStorage; undefined when none or unreadable. */
export function readDraft<T>(key: string): T | undefined {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

export function writeDraft(key: string, value: unknown): void {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the in-memory state still holds the input for this page.
  }
}

export function clearDraft(key: string): void {
  try {
    sessionStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing to clear when storage is unavailable.
  }
}

/**
 * Form state mirrored into sessionStorage on every change, so what a person typed survives an expired
 * session, a failed save or a reload of the tab. sessionStorage, not localStorage: drafts stay in the one
 * tab and disappear with it, which matters on shared computers.
 */
export function useDraft<T>(key: string, initial: T): [T, (next: T) => void, () => void, boolean] {
  const restored = useRef(readDraft<T>(key));
  const [value, setValue] = useState<T>(restored.current ?? initial);
  const keyRef = useRef(key);
  useEffect(() => {
    keyRef.current = key;
  }, [key]);
  const update = useCallback((next: T) => {
    setValue(next);
    writeDraft(keyRef.current, next);
  }, []);
  const discard = useCallback(() => clearDraft(keyRef.current), []);
  return [value, update, discard, restored.current !== undefined];
}
