/**
 * Content screening for narrative free text (justifications, notes, comments, titles, statements).
 *
 * The product never holds material or identifiers of material: no addresses where something can be
 * found, no e-mail addresses, no hashes of files, no encoded data. Narrative text that contains one is
 * refused with a reason the person typing can act on. Fields whose type *is* a URL or an e-mail address
 * are validated as that type instead (see `isHttpUrl`, `isEmailAddress`).
 */

export type ScreeningReason = 'url' | 'ip_address' | 'network_path' | 'email' | 'hash' | 'hex_run' | 'base64' | 'control_characters';

export interface ScreeningFinding {
  readonly reason: ScreeningReason;
  /** A sentence for the person who typed the text; never repeats the offending text. */
  readonly message: string;
}

export interface FieldScreeningFinding extends ScreeningFinding {
  /** JSON pointer of the refused field, e.g. `/evidence/0/title`. */
  readonly pointer: string;
}

const WHY = 'aup-audit never holds material or identifiers of material, only descriptions of your controls.';

export const SCREENING_MESSAGES: Readonly<Record<ScreeningReason, string>> = Object.freeze({
  url: `Web addresses are not accepted in free text. ${WHY} Describe where the document lives in words, or add an evidence reference of kind "link".`,
  ip_address: `Network addresses are not accepted in free text. ${WHY}`,
  network_path: `File-share paths are not accepted in free text. ${WHY} Use an evidence reference with a document id instead.`,
  email: `E-mail addresses are not accepted in free text. ${WHY} Refer to people by their role or as a member of the organisation.`,
  hash: `Text that looks like a file hash (MD5, SHA-1, SHA-256 or SHA-512) is not accepted. ${WHY}`,
  hex_run: `Long hexadecimal strings are not accepted in free text; they can identify files or material. ${WHY}`,
  base64: `Encoded data (base64 and similar) is not accepted in free text. ${WHY}`,
  control_characters: 'The text contains control characters or invalid Unicode; remove them and try again.',
});

// Common generic and country TLDs: enough to catch a typed bare domain ("example.com/x") without
// flagging ordinary prose. TLDs must be lower case, so a missing space after a full stop ("done.It")
// is not taken for a domain.
const TLDS = [
  'com', 'org', 'net', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'name', 'pro', 'io', 'co', 'ai', 'app', 'dev', 'xyz', 'top',
  'site', 'online', 'club', 'link', 'cloud', 'store', 'shop', 'blog', 'live', 'news', 'tech', 'onion', 'i2p', 'ly', 'to', 'cc',
  'tv', 'me', 'ws', 'su', 'ru', 'cn', 'jp', 'kr', 'in', 'br', 'mx', 'ar', 'uk', 'de', 'fr', 'nl', 'be', 'lu', 'se', 'dk', 'no',
  'fi', 'is', 'ie', 'es', 'pt', 'it', 'ch', 'at', 'pl', 'cz', 'sk', 'hu', 'ro', 'bg', 'gr', 'ee', 'lv', 'lt', 'si', 'hr', 'eu',
  'us', 'ca', 'au', 'nz', 'za', 'sg', 'hk', 'tw', 'ua', 'tr', 'il',
];

// PostgreSQL cannot store NUL or unpaired surrogates; other C0 controls have no place in typed prose.
// eslint-disable-next-line no-control-regex
const CONTROL_OR_LONE_SURROGATE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const URL_WITH_SCHEME = /\b[a-z][a-z0-9+.-]{1,20}:\/\/\S/i;
const URI_SCHEMES = /\b(?:mailto|magnet|file|data|javascript|ed2k|tel|sms|xmpp):\S/i;
const WWW = /\bwww\d{0,3}\.[a-z0-9-]+/i;
const BARE_DOMAIN = new RegExp(`(?:^|[^\\w.@-])(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+(?:${TLDS.join('|')})(?![\\w-])`);
const IPV4 = /(?:^|[^\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\w.]*\d)/;
const IPV6 = /(?<![\w:])(?=[0-9a-f:]*::|(?:[0-9a-f]{1,4}:){7})[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])/i;
const UNC_PATH = /\\\\[A-Za-z0-9._$-]+\\[^\s\\]+/;
const EMAIL = /[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,}/;
// Obfuscated forms people use to get past a filter: "name [at] example [dot] com", "name(at)example.com".
const EMAIL_OBFUSCATED = /\b[\w.+-]+\s*[[({]\s*at\s*[\])}]\s*[\w-]+(?:\s*(?:[[({]\s*dot\s*[\])}]|\.)\s*[\w-]+)+/i;
// Hex digits grouped by one separator (":" "-" " " "_"), as tools print fingerprints: "d4:1d:8c:..."
const HEX_GROUPED = /[0-9a-f]{2,}(?:[:\s_-][0-9a-f]{2,}){3,}/gi;
const HEX_RUN = /[0-9a-f]{16,}/gi;
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={1,2}|[A-Za-z0-9+/_-]{20,}/g;
const HASH_LENGTHS = new Set([32, 40, 56, 64, 96, 128]);

const digitCount = (s: string) => (s.match(/\d/g) ?? []).length;

function hexFinding(text: string): ScreeningReason | undefined {
  for (const run of text.match(HEX_RUN) ?? []) {
    // Words made only of the letters a-f ("deadbeefcafebabe") are prose, not digests.
    if (digitCount(run) === 0) continue;
    return HASH_LENGTHS.has(run.length) ? 'hash' : 'hex_run';
  }
  for (const group of text.match(HEX_GROUPED) ?? []) {
    const digits = group.replace(/[:\s_-]/g, '');
    // Separated groups only count when they clearly are digits of one number: a digest has many
    // decimal digits, while prose made of words like "a bad cafe" has none.
    if (digits.length < 32 || digitCount(digits) < 6) continue;
    return HASH_LENGTHS.has(digits.length) ? 'hash' : 'hex_run';
  }
  return undefined;
}

const charClass = (c: string) => (c >= 'A' && c <= 'Z' ? 0 : c >= 'a' && c <= 'z' ? 1 : c >= '0' && c <= '9' ? 2 : 3);

function base64Finding(text: string): boolean {
  for (const run of text.match(BASE64_RUN) ?? []) {
    const body = run.replace(/=+$/, '');
    const classes = new Set([...body].map(charClass).filter((c) => c < 3)).size;
    let switches = 0;
    for (let i = 1; i < body.length; i++) if (charClass(body[i]) !== charClass(body[i - 1])) switches++;
    // Encoded data switches between upper case, lower case and digits all the time; long words and
    // product names ("Windows10Enterprise2022", "IT/HR/Legal/Security") switch a few times at most.
    if (classes >= 2 && switches * 4 >= body.length && (classes === 3 || run.endsWith('='))) return true;
  }
  return false;
}

/** The first reason the text may not be stored as narrative, or undefined when it is fine. */
export function screenText(text: string): ScreeningFinding | undefined {
  const reason = screeningReason(text);
  return reason ? { reason, message: SCREENING_MESSAGES[reason] } : undefined;
}

function screeningReason(text: string): ScreeningReason | undefined {
  if (CONTROL_OR_LONE_SURROGATE.test(text)) return 'control_characters';
  if (EMAIL.test(text) || EMAIL_OBFUSCATED.test(text)) return 'email';
  if (URL_WITH_SCHEME.test(text) || URI_SCHEMES.test(text) || WWW.test(text) || BARE_DOMAIN.test(text)) return 'url';
  if (UNC_PATH.test(text)) return 'network_path';
  if (IPV4.test(text) || IPV6.test(text)) return 'ip_address';
  const hex = hexFinding(text);
  if (hex) return hex;
  if (base64Finding(text)) return 'base64';
  return undefined;
}

/**
 * Screens several narrative fields at once; returns the findings in field order. `null` and
 * `undefined` values are skipped, so optional fields can be passed as they are.
 */
export function screenFields(fields: readonly { pointer: string; value: string | null | undefined }[]): FieldScreeningFinding[] {
  const findings: FieldScreeningFinding[] = [];
  for (const { pointer, value } of fields) {
    if (typeof value !== 'string') continue;
    const finding = screenText(value);
    if (finding) findings.push({ pointer, ...finding });
  }
  return findings;
}

/**
 * True when the text holds no control characters and no unpaired surrogates. PostgreSQL refuses both
 * in text and JSON columns, so every string the api stores must pass this, screened or not.
 */
export function isStorableText(text: string): boolean {
  return !CONTROL_OR_LONE_SURROGATE.test(text);
}

/** A typed URL field: an absolute http(s) URL with a host, no credentials, at most 2,000 characters. */
export function isHttpUrl(text: string): boolean {
  if (text.length > 2000 || !isStorableText(text) || /\s/.test(text)) return false;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0 && !url.username && !url.password;
}

/** A typed e-mail field: one address, local part and a dotted domain, at most 254 characters. */
export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/.test(text);
}
