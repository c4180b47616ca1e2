import { nameProblem } from '@aup/domain';
import type { MailMessage } from './mailer';

const ROLE_NAMES: Record<string, string> = {
  admin: 'administrator',
  compliance_officer: 'compliance officer',
  respondent: 'respondent',
  auditor: 'auditor',
};

/** The links open the web app; the token travels in the fragment, which browsers never send to a server. */
export const invitationLink = (publicUrl: string, token: string) =>
  `${publicUrl}/invitations/accept#token=${token}`;
export const passwordResetLink = (publicUrl: string, token: string) =>
  `${publicUrl}/password-reset#token=${token}`;

/**
 * The organisation's name as it may appear in a mail: only when it is a plain name. Names
 * stored before names were validated may hold links or line breaks; those are left out, so a mail can
 * never carry someone's link under the product's name.
 */
export const organisationInMail = (name: string) =>
  nameProblem(name, 'organisation') === undefined ? name : 'an organisation';

export function invitationMail(
  to: string,
  p: { organisationName: string; role: string; link: string; validHours: number },
): MailMessage {
  const organisation = organisationInMail(p.organisationName);
  return {
    to,
    subject: `You are invited to ${organisation} on aup-audit`,
    text:
      `You have been invited to join ${organisation} on aup-audit as ${ROLE_NAMES[p.role] ?? p.role}. ` +
      `Open this link within ${p.validHours} hours to accept:\n\n${p.link}\n\n` +
      `aup-audit is a self-assessment of workplace acceptable-use policy; it never asks anyone to look at or upload any material.`,
  };
}

export function passwordResetMail(to: string, p: { link: string; validMinutes: number }): MailMessage {
  return {
    to,
    subject: 'Reset your aup-audit password',
    text:
      `Someone asked to reset the password of your aup-audit account. If it was you, open this link within ` +
      `${p.validMinutes} minutes:\n\n${p.link}\n\nIf it was not you, ignore this e-mail; your password stays as it is.`,
  };
}
