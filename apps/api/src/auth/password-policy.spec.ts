import { checkPassword } from './password-policy';

describe('checkPassword (NIST SP 800-63B)', () => {
  it.each([
    ['short one', 'too_short'],
    ['x'.repeat(129), 'too_long'],
    ['password123456', 'common'],
    ['iloveyou2024!!', 'common'],
    ['aaaaaaaaaaaaaaaa', 'repetitive'],
    ['abababababababab', 'repetitive'],
    ['abcdefghijklmnop', 'sequential'],
    ['123456789012345', 'sequential'],
    ['aup-audit-2024!!', 'context'],
  ])('refuses %j as %s', (password, reason) => {
    expect(checkPassword(password)).toMatchObject({ ok: false, reason });
  });

  it('refuses passwords built on the e-mail, the name or the organisation', () => {
    expect(checkPassword('jordan.smith1990', ['jordan.smith@example.com'])).toMatchObject({
      ok: false,
      reason: 'context',
    });
    expect(
      checkPassword('ExampleManufacturing!', ['a@b.example', null, 'Example Manufacturing Ltd']),
    ).toMatchObject({ ok: false, reason: 'context' });
  });

  it('accepts long passphrases with no composition rules, in any script', () => {
    expect(checkPassword('lantern orbit meadow 7 copper')).toEqual({ ok: true });
    expect(checkPassword('correct horse battery staple', ['someone@example.com'])).toEqual({ ok: true });
    expect(checkPassword('ängel över sjön i juli')).toEqual({ ok: true });
    expect(checkPassword('竹の子が雨後にぐんぐん伸びる')).toEqual({ ok: true });
  });

  it('counts characters, not bytes, and keeps a context word when enough else remains', () => {
    expect(checkPassword('ééééé fjord 12')).toEqual({ ok: true });
    expect(checkPassword('jordan walks the long fjord', ['jordan@example.com'])).toEqual({ ok: true });
  });
});
