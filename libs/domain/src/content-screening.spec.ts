import notOk from '../../../test/audits/fixtures/screening/not-ok.json';
import ok from '../../../test/audits/fixtures/screening/ok.json';
import { isEmailAddress, isHttpUrl, isStorableText, screenFields, screenText } from './content-screening';

describe('content screening', () => {
  it.each(notOk.cases.map((c) => [c.reason, c.text] as const))('refuses %s: %j', (reason, text) => {
    expect(screenText(text)?.reason).toBe(reason);
  });

  it.each(ok.cases)('accepts ordinary narrative: %j', (text) => {
    expect(screenText(text)).toBeUndefined();
  });

  it('explains the refusal without repeating the offending text', () => {
    const finding = screenText('Ask john.doe@example.com');
    expect(finding?.message).toMatch(/never holds material or identifiers/);
    expect(finding?.message).not.toContain('john.doe');
  });

  it('names the field of each finding and skips absent fields', () => {
    const findings = screenFields([
      { pointer: '/justification', value: 'fine text' },
      { pointer: '/note', value: null },
      { pointer: '/evidence/0/title', value: 'see www.example.org' },
      { pointer: '/comment', value: undefined },
    ]);
    expect(findings.map(({ pointer, reason }) => ({ pointer, reason }))).toEqual([
      { pointer: '/evidence/0/title', reason: 'url' },
    ]);
    expect(typeof findings[0].message).toBe('string');
  });

  it('validates typed URL fields as http(s) URLs', () => {
    expect(isHttpUrl('https://intranet.example.com/policies/aup')).toBe(true);
    expect(isHttpUrl('http://example.org')).toBe(true);
    expect(isHttpUrl('ftp://example.org/file')).toBe(false);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl('https://user:pw@example.org')).toBe(false);
    expect(isHttpUrl('not a url')).toBe(false);
    expect(isHttpUrl('https://exa mple.org')).toBe(false);
  });

  it('validates typed e-mail fields as one address', () => {
    expect(isEmailAddress('dpo@example.org')).toBe(true);
    expect(isEmailAddress('a@b')).toBe(false);
    expect(isEmailAddress('two@example.org other@example.org')).toBe(false);
  });

  it('flags text PostgreSQL cannot store', () => {
    expect(isStorableText('fine\ttext\nwith lines')).toBe(true);
    expect(isStorableText('nul\u0000')).toBe(false);
    expect(isStorableText('lone \ud800 surrogate')).toBe(false);
    expect(isStorableText('pair 😀')).toBe(true);
  });
});
