/**
 * Wording that could lead someone to handle material or to leave it on show, or that lets anyone decide
 * against a report the law requires (issue: "Wording that could cause harm"). Any text under policies/ that
 * matches fails the content test, whatever file it is in.
 */
export const FORBIDDEN_PHRASINGS: readonly { readonly rule: string; readonly pattern: RegExp }[] = [
  {
    rule: 'legal advice alone must never lead anyone to handle material',
    pattern:
      /\b(?:on|upon|following) (?:the )?legal advice\b|\bor legal advi[cs]e\b[^.;]{0,60}\b(?:acqui|cop|examin|handl|collect)/i,
  },
  {
    rule: 'no exception invites anyone to move or act on material',
    pattern:
      /\bunless\b[^.;]{0,80}\b(?:destroy|destruction)|\babout to (?:be )?destroy|\bdestruction is imminent\b|\bmove files unless\b/i,
  },
  {
    rule: 'nothing may suggest keeping material from the police',
    pattern: /\bshow\w*\b[^.;]{0,60}\bnot even\b[^.;]{0,40}\bpolice\b/i,
  },
  {
    rule: 'material must be made not visible, never left on show',
    pattern: /\bleav\w* (?:the )?(?:screen|display|material)\b[^.;]{0,40}\bas (?:it is|they are|found)\b/i,
  },
  {
    rule: 'nobody may approve not reporting',
    pattern:
      /\b(?:a|any) decision not to report\b|\bapprov\w*\b[^.;]{0,60}\bnot to report\b|\bnot to report\b[^.;]{0,60}\bapprov/i,
  },
];

export interface PhrasingFinding {
  readonly rule: string;
  readonly text: string;
}

export function findForbiddenPhrasings(text: string): PhrasingFinding[] {
  const flat = text.replace(/\s+/g, ' ');
  return FORBIDDEN_PHRASINGS.filter(({ pattern }) => pattern.test(flat)).map(({ rule }) => ({
    rule,
    text: flat,
  }));
}
