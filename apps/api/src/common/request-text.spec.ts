import { findRequestTextIssue, MAX_JSON_DEPTH } from './request-text';

describe('findRequestTextIssue', () => {
  it('accepts ordinary text, including emoji (valid surrogate pairs) and every script', () => {
    expect(
      findRequestTextIssue({ email: 'a@example.org', name: 'Zoë 😀 Ωμέγα 東京', list: ['x', 1, null, true] }),
    ).toBeUndefined();
  });

  it.each([
    ['a lone high surrogate', { email: '\ud800' }, '/email'],
    ['a lone low surrogate inside text', { a: { b: ['ok', 'x\udc00y'] } }, '/a/b/1'],
    ['a reversed pair', { v: '\ude00\ud83d' }, '/v'],
    ['NUL', { displayName: 'a\u0000b' }, '/displayName'],
    ['a malformed key', { ['k\ud800']: 1 }, '/k\ud800'],
    ['a key with a slash (escaped pointer)', { 'a/b': '\u0000' }, '/a~1b'],
  ])('finds %s', (_what, body, pointer) => {
    expect(findRequestTextIssue(body)).toEqual({ kind: 'malformed', pointer });
  });

  it('refuses nesting deeper than the limit without recursion', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findRequestTextIssue(deep, '/body')?.kind).toBe('too-deep');
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = { a: ok };
    expect(findRequestTextIssue(ok)).toBeUndefined();
  });
});
