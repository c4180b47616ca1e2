import { invitationLink, invitationMail, passwordResetLink, passwordResetMail } from './mail-templates';

describe('mail templates', () => {
  it('puts the token in the fragment of a link under the public address', () => {
    expect(invitationLink('https://aup.example.org', 'tok_1')).toBe(
      'https://aup.example.org/invitations/accept#token=tok_1',
    );
    expect(passwordResetLink('https://aup.example.org', 'tok_2')).toBe(
      'https://aup.example.org/password-reset#token=tok_2',
    );
  });

  it('names the organisation, the role in words and how long the invitation link works', () => {
    const mail = invitationMail('it.lead@example.com', {
      organisationName: 'Example Ltd',
      role: 'compliance_officer',
      link: 'https://x/l',
      validHours: 168,
    });
    expect(mail).toMatchObject({
      to: 'it.lead@example.com',
      subject: 'You are invited to Example Ltd on aup-audit',
    });
    expect(mail.text).toContain('as compliance officer');
    expect(mail.text).toContain('within 168 hours');
    expect(mail.text).toContain('\n\nhttps://x/l\n\n');
    expect(mail.text).toContain('never asks anyone to look at or upload any material');
  });

  it('leaves out an organisation name that is not a plain name (a link, a line break), so mails cannot relay phishing', () => {
    for (const organisationName of [
      'Visit https://evil.example now',
      'Acme\nPay at evil.example',
      'evil[.]example',
    ]) {
      const mail = invitationMail('x@example.com', {
        organisationName,
        role: 'admin',
        link: 'https://x/l',
        validHours: 1,
      });
      expect(mail.subject).toBe('You are invited to an organisation on aup-audit');
      expect(mail.text).not.toMatch(/evil/);
    }
  });

  it('tells the reader of a reset mail what to do if they did not ask', () => {
    const mail = passwordResetMail('ciso@example.com', { link: 'https://x/r', validMinutes: 60 });
    expect(mail.subject).toBe('Reset your aup-audit password');
    expect(mail.text).toContain('within 60 minutes');
    expect(mail.text).toContain('If it was not you, ignore this e-mail');
  });
});
