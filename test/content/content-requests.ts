/**
 * A screen for the assessment's own wording: no question may ask for material, identifiers of material,
 * people or case references, and no text may tell anyone to search for, verify, handle (copy, move, show,
 * forward…) or test with material.
 * Used by the content tests only; the product's screen for what users type lives in libs/domain.
 */

export type Strictness =
  /** Question texts and option labels: any mention of a forbidden item is a request for it. */
  | 'prompt'
  /** Help, evidence, remediation, clauses and the action plan: only an explicit request or instruction counts. */
  | 'guidance';

export interface ContentRequest {
  readonly rule: string;
  readonly sentence: string;
}

/** Things the product must never ask for (design rule "never collect"). */
export const FORBIDDEN_ITEMS: Readonly<Record<string, RegExp>> = {
  'file names': /\bfile[ -]?names?\b|\bfile ?paths?\b|\bfolder names?\b/i,
  'addresses of material':
    /\b(urls?|web ?addresses?|web ?links?|links? to|domains?|ip addresses?|cloud links?)\b/i,
  hashes: /\bhash(es|\s+values?)?\b|\bmd5\b|\bsha-?(1|256|512)?\b|\bphotodna\b|\bchecksums?\b/i,
  'names of people':
    /\bnames? of (the )?(people|persons?|employees?|staff|suspects?|users?|victims?|children|reporters?|witnesses)\b|\b(employee|staff|user) ?(ids?|numbers?)\b|\buser ?names?\b|\b(which|whose) (people|persons?|employees?|individuals?)\b|\be-?mail addresses?\b|\bdevice owners?\b|\bwho (was|is|were) (involved|responsible|suspected)\b|\bname the (person|employee|suspect|user)\b/i,
  'case numbers':
    /\b(case|report|incident|crime|reference|ticket|cybertip(line)?|court) ?(numbers?|nos?\.?|ids?|identifiers?|references?)\b/i,
  content:
    /\b(images?|screenshots?|photos?|photographs?|videos?|thumbnails?|log extracts?|log excerpts?|attachments?)\b|\b(the|this|that|any) (material|content|files?)\b|\bwhat (was|is) depicted\b|\bdescri(be|ption of) (the )?(material|content|images?)\b/i,
};

/**
 * Imperative position: the start of a sentence or clause, or after a word that makes the next verb an
 * instruction ("please list", "you must provide", "ask IT to search"). Statements such as "viewing is an
 * offence" or "does Legal scan for changes" are not instructions.
 */
const LEAD = String.raw`(?:^|[,(]\s*|\b(?:please|you|to|must|should|shall|and|then|also)\s+)`;
const imperative = (verbs: string, rest = '') => new RegExp(`${LEAD}(?:${verbs})\\b${rest}`, 'i');

/** Verbs that turn a mention into a request when they govern a forbidden item. */
const REQUEST_VERB = imperative(
  'enter|provide|list|paste|upload|attach|give us|share|type|supply|include|describe|specify|name|identify|tell us|send us|submit|record|note down|write down|add|state|fill in',
);

const MATERIAL = String.raw`(?:csam|child sexual abuse material|material|images?|abuse content|illegal content|content)`;

/** Instructions to search for, verify or test with material. */
const INSTRUCTIONS: readonly { rule: string; pattern: RegExp }[] = [
  {
    rule: 'search for material',
    pattern: imperative(
      'search|look|scan|hunt|trawl|browse|sweep|audit',
      String.raw`[^.;:!?]{0,40}\b(?:for|through)\b[^.;:!?]{0,40}\b${MATERIAL}\b`,
    ),
  },
  {
    rule: 'verify material',
    pattern: imperative(
      'check|verify|confirm|assess|examine|inspect|review|find out',
      String.raw`[^.;:!?]{0,40}\b(?:whether|if|that)\b[^.;:!?]{0,40}\b${MATERIAL}\b`,
    ),
  },
  {
    rule: 'verify material',
    pattern: imperative(
      'verify|examine|inspect|view|look at|open|classify|grade|categori[sz]e',
      String.raw`\s+(?:the |any |suspected |all )?${MATERIAL}\b`,
    ),
  },
  {
    rule: 'handle material',
    pattern: imperative(
      'copy|move|forward|show|send|save|download|transfer|back up|screenshot|print|e-?mail|upload|preserve a copy of|take a copy of',
      String.raw`\s+(?:(?:the|any|suspected|all|a copy of the|copies of the)\s+)?(?:${MATERIAL}|files?|it|them)\b`,
    ),
  },
  {
    rule: 'test with material',
    pattern: imperative(
      'test|try',
      String.raw`[^.;:!?]{0,50}\b(?:with|using|against)\b[^.;:!?]{0,30}\b(?:real|actual|known|live)\b[^.;:!?]{0,20}\b(?:${MATERIAL}|urls?|addresses|sites?|hashes)\b`,
    ),
  },
];

const NEGATION =
  /\b(never|not|no|nobody|none|without|neither|nor|don't|doesn't|mustn't|cannot|can't|avoid|forbids?|forbidden|prohibit(s|ed)?|refus(e|es|ed))\b|\bno one\b/i;

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;:])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A match counts unless a negation comes before it in the same sentence ("Do not forward the images"). */
function negatedBefore(sentence: string, index: number): boolean {
  return NEGATION.test(sentence.slice(0, index));
}

/** Every request for content or instruction to handle material found in one text. */
export function findContentRequests(text: string, strictness: Strictness): ContentRequest[] {
  const found: ContentRequest[] = [];
  for (const sentence of sentences(text)) {
    for (const [item, pattern] of Object.entries(FORBIDDEN_ITEMS)) {
      const m = pattern.exec(sentence);
      if (!m || negatedBefore(sentence, m.index)) continue;
      if (strictness === 'prompt') {
        found.push({ rule: `asks for ${item}`, sentence });
        continue;
      }
      const verb = REQUEST_VERB.exec(sentence);
      if (
        verb &&
        verb.index <= m.index &&
        m.index - verb.index <= 80 &&
        !negatedBefore(sentence, verb.index + verb[0].length)
      ) {
        found.push({ rule: `asks for ${item}`, sentence });
      }
    }
    for (const { rule, pattern } of INSTRUCTIONS) {
      const m = pattern.exec(sentence);
      if (m && !negatedBefore(sentence, m.index + m[0].length - 1)) found.push({ rule, sentence });
    }
  }
  return found;
}
