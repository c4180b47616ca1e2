import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@aup/contracts';

export type WeakPasswordReason =
  'too_short' | 'too_long' | 'common' | 'context' | 'repetitive' | 'sequential';

export type PasswordVerdict = { ok: true } | { ok: false; reason: WeakPasswordReason; message: string };

/** Words no password may be built on, whoever signs up. */
const PRODUCT_WORDS = ['aup-audit', 'aupaudit', 'aup audit', 'acceptable use'];

/** Leftover characters a password must keep once context words (e-mail, names, product) are taken out. */
const MIN_LEFTOVER = 8;

let common: Set<string> | undefined;
/**
 * About 49,000 of the most common passwords from leaked-password corpora, as shipped (offline) by the
 * maintained zxcvbn-ts project (`@zxcvbn-ts/language-common`, MIT).
 */
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

/** NFKC, as NIST SP 800-63B asks, so the same password typed on another keyboard still matches. */
export const normalizePassword = (password: string): string => password.normalize('NFKC');

const length = (s: string) => [...s].length;

function contextWords(context: readonly (string | null | undefined)[]): string[] {
  const words = new Set<string>(PRODUCT_WORDS);
  for (const value of context) {
    if (!value) continue;
    const lower = value.toLowerCase();
    const local = lower.split('@')[0];
    for (const w of [lower, local, ...lower.split(/[^\p{L}\p{N}]+/u)]) if (length(w) >= 4) words.add(w);
  }
  return [...words].sort((a, b) => b.length - a.length);
}

function isSequential(s: string): boolean {
  const codes = [...s].map((c) => c.codePointAt(0) ?? 0);
  const step = codes[1] - codes[0];
  if (Math.abs(step) !== 1) return false;
  return codes.every(
    (c, i) => i === 0 || c - codes[i - 1] === step || (/\d/.test(s) && Math.abs(c - codes[i - 1]) === 9),
  );
}

/**
 * NIST SP 800-63B memorised-secret rules: a length window, every character allowed, no composition rules,
 * and a refusal of passwords that are common, derived from the account's own context, or trivially
 * repetitive or sequential. `context` holds the e-mail, the display name and the organisation name.
 */
export function checkPassword(
  password: string,
  context: readonly (string | null | undefined)[] = [],
): PasswordVerdict {
  const normalized = normalizePassword(password);
  const n = length(normalized);
  if (n < PASSWORD_MIN_LENGTH) {
    return {
      ok: false,
      reason: 'too_short',
      message: `Use at least ${PASSWORD_MIN_LENGTH} characters; a few unrelated words make a strong, memorable password.`,
    };
  }
  if (n > PASSWORD_MAX_LENGTH)
    return { ok: false, reason: 'too_long', message: `Use at most ${PASSWORD_MAX_LENGTH} characters.` };
  const lower = normalized.toLowerCase();
  const list = commonPasswords();
  // A listed password with digits or symbols stuck on the end ("password2024!") is just as guessable.
  const base = lower.replace(/[\d\W_]+$/u, '');
  if (list.has(lower) || (length(base) >= 4 && list.has(base))) {
    return {
      ok: false,
      reason: 'common',
      message: 'This password appears in lists of common or breached passwords. Choose another.',
    };
  }
  let leftover = lower;
  for (const word of contextWords(context)) leftover = leftover.split(word).join('');
  if (leftover !== lower && length(leftover.replace(/[\d\W_]/gu, '')) < MIN_LEFTOVER) {
    return {
      ok: false,
      reason: 'context',
      message:
        'The password is built on your e-mail address, your name, your organisation or the product name.',
    };
  }
  if (new Set(normalized).size < 4) {
    return { ok: false, reason: 'repetitive', message: 'The password repeats too few different characters.' };
  }
  if (isSequential(lower))
    return { ok: false, reason: 'sequential', message: 'The password is a simple sequence of characters.' };
  return { ok: true };
}
