/**
 * Content screening for narrative free text (justifications, notes, comments, titles, statements).
 *
 * The product never holds material or identifiers of material: no addresses where something can be
 * found, no e-mail addresses, no hashes of files, no encoded data. Narrative text that contains one is
 * refused with a reason the person typing can act on. Fields whose type *is* a URL or an e-mail address
 * are validated as that type instead (see `isHttpUrl`, `isEmailAddress`).
 */

export type ScreeningReason =
  | 'url'
  | 'ip_address'
  | 'network_path'
  | 'email'
  | 'hash'
  | 'hex_run'
  | 'base64'
  | 'file_name'
  | 'reference_number'
  | 'person_name'
  | 'control_characters';

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
  base64: `Encoded data (base64, base32, byte lists and similar) is not accepted in free text. ${WHY}`,
  file_name: `File names of images, videos or archives are not accepted in free text; they can identify material. ${WHY} Describe the kind of file instead.`,
  reference_number: `Case, report and ticket numbers are not accepted in free text; they can identify an incident. ${WHY} Describe the process instead.`,
  person_name: `Names of people are not accepted in free text. ${WHY} Refer to people by their role.`,
  control_characters: 'The text contains control characters or invalid Unicode; remove them and try again.',
});

// Common generic and country TLDs, plus those favoured for throw-away hosts: enough to catch a typed bare
// domain ("example.com/x") without flagging ordinary prose. A TLD must be all lower or all upper case, so
// a missing space after a full stop ("done.It") is not taken for a domain.
const TLDS = [
  'com',
  'org',
  'net',
  'edu',
  'gov',
  'mil',
  'int',
  'info',
  'biz',
  'name',
  'pro',
  'io',
  'co',
  'ai',
  'app',
  'dev',
  'xyz',
  'top',
  'site',
  'online',
  'club',
  'link',
  'cloud',
  'store',
  'shop',
  'blog',
  'live',
  'news',
  'tech',
  'onion',
  'i2p',
  'ly',
  'to',
  'cc',
  'tv',
  'me',
  'ws',
  'su',
  'ru',
  'cn',
  'jp',
  'kr',
  'in',
  'br',
  'mx',
  'ar',
  'uk',
  'de',
  'fr',
  'nl',
  'be',
  'lu',
  'se',
  'dk',
  'no',
  'fi',
  'is',
  'ie',
  'es',
  'pt',
  'it',
  'ch',
  'at',
  'pl',
  'cz',
  'sk',
  'hu',
  'ro',
  'bg',
  'gr',
  'ee',
  'lv',
  'lt',
  'si',
  'hr',
  'eu',
  'us',
  'ca',
  'au',
  'nz',
  'za',
  'sg',
  'hk',
  'tw',
  'ua',
  'tr',
  'il',
  'tk',
  'ml',
  'ga',
  'cf',
  'gq',
  'pw',
  'icu',
  'vip',
  'win',
  'bid',
  'loan',
  'work',
  'click',
  'party',
  'rest',
  'fun',
  'space',
  'website',
  'cam',
  'sex',
  'xxx',
  'porn',
  'adult',
  'zip',
  'mov',
];
const TLD_SET = new Set(TLDS);

// Characters that change nothing visible: zero-width, joiners, soft hyphen, bidi controls, variation selectors.
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class -- a list of single invisible code points, none combines with a neighbour here
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;

/**
 * The text as a filter should see it: NFKC (full-width and other compatibility forms become ASCII),
 * invisible and bidi control characters removed, and the common ways of "defanging" an address undone
 * (`hxxp`, `[:]`, `[.]`, `(dot)`, `[at]`, `\.`). Case is kept; each detector decides how to treat it.
 */
export function normaliseForScreening(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/\s*[[({]\s*(?:\.|dot)\s*[\])}]\s*/gi, '.')
    .replace(/[[({]\s*:\s*[\])}]/g, ':')
    .replace(/[[({]\s*(?::\/\/|\/\/)\s*[\])}]/g, '://')
    .replace(/\s*[[({]\s*(?:@|at)\s*[\])}]\s*/gi, '@')
    .replace(/\\\./g, '.')
    .replace(/\bh(?:xx|XX|\*\*|tt)p(s?)(?=\s*:)/gi, 'http$1')
    .replace(/\bfxp(?=\s*:)/gi, 'ftp')
    .replace(/\s*:\s*\/\s*\/\s*/g, '://');
}

// PostgreSQL cannot store NUL or unpaired surrogates; other C0 controls have no place in typed prose.
const CONTROL_OR_LONE_SURROGATE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const URL_WITH_SCHEME = /\b[a-z][a-z0-9+.-]{1,20}:\/\/\S/i;
const URI_SCHEMES = /\b(?:mailto|magnet|file|data|javascript|ed2k|tel|sms|xmpp):\S/i;
const WWW = /\bwww\d{0,3}\.[\p{L}\p{N}-]+/iu;
// Labels of letters (any script) and digits; the TLD is checked by `isDomainTld` (list, punycode or a non-ASCII TLD).
const DOMAIN =
  /(?<![\p{L}\p{N}_.@-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.){1,8}([\p{L}][\p{L}\p{N}-]{1,62})(?![\p{L}\p{N}_-])/gu;
// ".NET" after a Microsoft product name is a framework, not a domain; Cybertip.ca is the name of Canada's hotline.
const NOT_A_DOMAIN = /^(?:(?:asp|vb|ado)\.net|cybertip\.ca)$/i;
const IPV4 = /(?:^|[^\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\w.]*\d)/;
const IPV6 =
  /(?<![\w:])(?=[0-9a-f:]{2,45}(?![\w:]))(?=[0-9a-f:]*::|(?:[0-9a-f]{1,4}:){7})[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])/i;
const UNC_PATH = /\\\\[A-Za-z0-9._$-]+\\[^\s\\]+/;
const EMAIL =
  /(?<![\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-])[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,}/u;
// Anything shaped like local@host.tld, however odd the characters: the audit trail refuses events that carry
// this shape, so screened text must never do so either.
const EMAIL_LOOSE = /[^\s@"]@[^\s@"]{1,253}\.[a-z]{2,}/i;
// "name at example dot com": the words spelled out, ending in a known TLD.
const EMAIL_SPELLED = new RegExp(
  `(?<![\\w.+-])[\\w.+-]{1,64}\\s+(?:at|@)\\s+[\\w-]{1,63}(?:\\s+(?:dot|\\.)\\s+[\\w-]{1,63})*\\s+(?:dot|\\.)\\s+(?:${TLDS.join('|')})\\b`,
  'i',
);
const DOMAIN_SPELLED = new RegExp(`(?<![a-z0-9-])[a-z0-9-]{2,63}\\s+dot\\s+(?:${TLDS.join('|')})\\b`, 'i');
// Hex digits grouped by short separators (":" "-" " " "_" "."), as tools print fingerprints: "d4:1d:8c:..."
const HEX_GROUPED = /(?<![0-9a-z])[0-9a-f]{2,}(?:[:\s_.-]{1,3}[0-9a-f]{2,}){3,}/gi;
const HEX_RUN = /[0-9a-f]{16,}/gi;
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={1,2}|[A-Za-z0-9+/_-]{20,}/g;
const BASE32_RUN = /(?<![A-Za-z0-9])(?:[A-Z2-7]{16,}={1,6}|[A-Z2-7]{24,}|[a-z2-7]{24,})(?![A-Za-z0-9])/g;
// Eight or more numbers 0-255 in a row ("104, 116, 116, 112, ..."), or hex bytes ("0x68 0x74 ...", "\x68\x74...").
const DECIMAL_BYTES =
  /(?<![\d.,])(?:(?:25[0-5]|2[0-4]\d|1\d\d|\d\d?)\s*[,;\s]\s*){7,}(?:25[0-5]|2[0-4]\d|1\d\d|\d\d?)(?![\d.])/;
const HEX_BYTES = /(?:(?:0x|\\x)[0-9a-f]{2}[\s,;]*){8,}/i;
const HASH_LENGTHS = new Set([32, 40, 56, 64, 96, 128]);
const MEDIA_FILE =
  /[\p{L}\p{N}_-]\.(?:jpe?g|jfif|png|gif|bmp|webp|heic|heif|tiff?|psd|raw|mp4|m4v|avi|mov|mkv|wmv|flv|webm|3gp|mpe?g|vob|ts|zip|rar|7z|tar|gz|tgz|bz2|xz|iso|dmg|cab)(?![\p{L}\p{N}_])/iu;
// A reference introduced by the word for it: "case no. 2023-4711", "ticket #48213", "Aktenzeichen 12 Js 345/23".
const REFERENCE =
  /\b(?:case|file|docket|report|reference|ref|incident|ticket|crime|police|complaint|cybertip(?:line)?|ncmec|iwf|aktenzeichen|az|dossier|zaak|diarienummer|dnr|journalnummer|sagsnummer|j\.\s?nr)\b\.?\s{0,3}(?:(?:no|nr|num)\b\.?|number\b|id\b|#)?\s{0,3}[:#]?\s{0,3}(?=([A-Z0-9]{1,20}(?:[/._-][A-Z0-9]{1,20}){0,5}))/gi;
// German file references: "12 Js 345/23".
const AKTENZEICHEN = /\b\d{1,4}\s+[A-Z][A-Za-z]{0,3}\s+\d{1,6}\/\d{2,4}\b/;
const TICKET = /(?:#\d{4,}\b|\b(?:INC|RITM|REQ|CHG|TKT|CASE|CR)[-_ ]?\d{4,}\b)/;
const YEAR_OR_DATE = /^(?:(?:19|20)\d\d(?:[-/](?:(?:19|20)?\d\d))?|(?:19|20)\d\d-\d\d-\d\d)$/;
// Titles before a name, and role words or "named"/"called" before a first and last name.
const TITLED_NAME =
  /\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Herr|Frau|Mme|Mlle|Monsieur|Madame|Dhr|Mevr|Mevrouw|Meneer|Señor|Señora)\.?\s+(?:(?:de|van|von|der|den|la|le|du|di|da)\s+){0,2}\p{Lu}\p{Ll}+/u;
const ROLE_WORDS = [
  'suspect',
  'suspected',
  'perpetrator',
  'offender',
  'accused',
  'employee',
  'colleague',
  'worker',
  'contractor',
  'user',
  'victim',
  'named',
  'called',
  'namens',
  'genannt',
  'nommé',
  'nommée',
  'genaamd',
  'heter',
  'hedder',
  'mitarbeiter',
  'mitarbeiterin',
  'medarbetare',
  'medarbetaren',
  'medarbejder',
  'medarbejderen',
  'werknemer',
];
// Either case for the first letter of the role word ("Employee Anna Berg", "the employee Anna Berg").
const ROLE_NAME = new RegExp(
  `\\b(?:${ROLE_WORDS.map((w) => `[${w[0]}${w[0].toUpperCase()}]${w.slice(1)}`).join('|')})\\s+(\\p{Lu}\\p{Ll}+)\\s+(\\p{Lu}\\p{Ll}+)`,
  'gu',
);
// Capitalised words that start names of documents, teams and roles rather than of people.
const NOT_A_FIRST_NAME = new Set(
  (
    'Acceptable Access Account Agreement Awareness Board Code Compliance Council Data Department Group Guidelines Handbook Human ' +
    'Incident Information Legal Management Manual Policy Portal Privacy Protection Response Review Risk Security Service Services ' +
    'Support Survey Team Training Works IT HR'
  ).split(' '),
);

const digitCount = (s: string) => (s.match(/\d/g) ?? []).length;

function hexFinding(text: string): ScreeningReason | undefined {
  for (const run of text.match(HEX_RUN) ?? []) {
    // Words made only of the letters a-f ("deadbeefcafebabe") are prose, not digests.
    if (digitCount(run) === 0) continue;
    return HASH_LENGTHS.has(run.length) ? 'hash' : 'hex_run';
  }
  for (const group of text.match(HEX_GROUPED) ?? []) {
    const digits = group.replace(/[:\s_.-]/g, '');
    // Separated groups only count when they clearly are digits of one number: a digest has many
    // decimal digits, while prose made of words like "a bad cafe" has none.
    if (digits.length < 32 || digitCount(digits) < 6) continue;
    return HASH_LENGTHS.has(digits.length) ? 'hash' : 'hex_run';
  }
  return undefined;
}

const charClass = (c: string) =>
  c >= 'A' && c <= 'Z' ? 0 : c >= 'a' && c <= 'z' ? 1 : c >= '0' && c <= '9' ? 2 : 3;

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
  // base32 (RFC 4648): one case, digits 2-7 only; a real encoding holds several digits.
  for (const run of text.match(BASE32_RUN) ?? []) if (run.endsWith('=') || digitCount(run) >= 3) return true;
  return DECIMAL_BYTES.test(text) || (/[0\\]x/i.test(text) && HEX_BYTES.test(text));
}

function isDomainTld(match: string, tld: string): boolean {
  if (NOT_A_DOMAIN.test(match)) return false;
  const lower = tld.toLowerCase();
  if (/^xn--[a-z0-9-]+$/.test(lower)) return true;
  if (/^[^\p{ASCII}]/u.test(tld)) return tld === tld.toLowerCase() || tld === tld.toUpperCase();
  return TLD_SET.has(lower) && (tld === lower || tld === tld.toUpperCase());
}

function domainFinding(text: string): boolean {
  for (const m of text.matchAll(DOMAIN)) if (isDomainTld(m[0], m[1])) return true;
  return false;
}

function referenceFinding(text: string): boolean {
  if (TICKET.test(text) || AKTENZEICHEN.test(text)) return true;
  for (const m of text.matchAll(REFERENCE)) {
    const id = m[1].trim();
    if (digitCount(id) >= 4 && !YEAR_OR_DATE.test(id)) return true;
  }
  return false;
}

function personFinding(text: string): boolean {
  if (TITLED_NAME.test(text)) return true;
  for (const m of text.matchAll(ROLE_NAME))
    if (!NOT_A_FIRST_NAME.has(m[1]) && !NOT_A_FIRST_NAME.has(m[2])) return true;
  return false;
}

/** The first reason the text may not be stored as narrative, or undefined when it is fine. */
export function screenText(text: string): ScreeningFinding | undefined {
  const reason = screeningReason(text);
  return reason ? { reason, message: SCREENING_MESSAGES[reason] } : undefined;
}

function screeningReason(raw: string): ScreeningReason | undefined {
  if (CONTROL_OR_LONE_SURROGATE.test(raw)) return 'control_characters';
  if (raw.includes('@') && EMAIL_LOOSE.test(JSON.stringify(raw))) return 'email';
  const text = normaliseForScreening(raw);
  return (
    identifierReason(text) ??
    (MEDIA_FILE.test(text) ? 'file_name' : undefined) ??
    (referenceFinding(text) ? 'reference_number' : undefined) ??
    (personFinding(text) ? 'person_name' : undefined)
  );
}

/** Addresses, hashes and encodings: refused in every screened field, names included. */
function identifierReason(text: string): ScreeningReason | undefined {
  // Each pattern runs only when the character or word it needs is present: one pass over the text each,
  // so a batch of long answers does not hold the event loop.
  const at = text.includes('@');
  const spelledAt = /\bat\b/i.test(text);
  const spelledDot = /\bdot\b/i.test(text);
  if ((at && EMAIL.test(text)) || ((at || spelledAt) && EMAIL_SPELLED.test(text))) return 'email';
  if (
    (text.includes('://') && URL_WITH_SCHEME.test(text)) ||
    (text.includes(':') && URI_SCHEMES.test(text)) ||
    (/www/i.test(text) && WWW.test(text)) ||
    (text.includes('.') && domainFinding(text)) ||
    (spelledDot && DOMAIN_SPELLED.test(text))
  ) {
    return 'url';
  }
  if (UNC_PATH.test(text)) return 'network_path';
  if (IPV4.test(text) || IPV6.test(text)) return 'ip_address';
  const hex = hexFinding(text);
  if (hex) return hex;
  if (base64Finding(text)) return 'base64';
  return undefined;
}

export type NameKind = 'organisation' | 'person' | 'token';

/** Letters of any script, marks, digits, spaces and the punctuation names use; nothing else. */
const NAME_CHARS = /^[\p{L}\p{M}\p{N} .,'’&()\-/+#:_]+$/u;

/**
 * Why a name (organisation, display name, token name) is not acceptable, or undefined. Names render in
 * e-mails, lists and logs: one line of letters, digits, spaces and name punctuation, no links, addresses
 * or encoded data, no control, invisible or bidi characters, no leading or trailing space.
 */
export function nameProblem(name: string, kind: NameKind): string | undefined {
  if (name.trim() !== name || name.length === 0) return 'must not be empty or start or end with a space';
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(name))
    return 'must not contain line breaks, invisible or control characters';
  if (!NAME_CHARS.test(name)) {
    return kind === 'token'
      ? "may contain letters, digits, spaces and . , ' & ( ) - / + # : _ only"
      : "may contain letters, digits, spaces and name punctuation (. , ' & ( ) - / + # : _) only";
  }
  if (/\s{2,}/.test(name)) return 'must not contain runs of spaces';
  if (identifierReason(normaliseForScreening(name)))
    return 'must not contain web or e-mail addresses, network addresses or encoded data';
  return undefined;
}

/**
 * Screens several narrative fields at once; returns the findings in field order. `null` and
 * `undefined` values are skipped, so optional fields can be passed as they are.
 */
export function screenFields(
  fields: readonly { pointer: string; value: string | null | undefined }[],
): FieldScreeningFinding[] {
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
  return (
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.hostname.length > 0 &&
    !url.username &&
    !url.password
  );
}

/** A typed e-mail field: one address, local part and a dotted domain, at most 254 characters. */
export function isEmailAddress(text: string): boolean {
  return (
    text.length <= 254 &&
    /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/.test(
      text,
    )
  );
}
