import type { MailMessage } from './mailer';

/** The daily reminder e-mail: item titles and dates only, and where to see them. */
export function reminderDigestMail(
  to: string,
  day: string,
  reminders: readonly { organisation: string; text: string }[],
  publicUrl: string,
): MailMessage {
  const lines: string[] = [];
  let org = '';
  for (const r of reminders) {
    if (r.organisation !== org) {
      org = r.organisation;
      lines.push('', `${org}:`);
    }
    lines.push(`- ${r.text}`);
  }
  return {
    to,
    subject: `Remediation reminders for ${day} (${reminders.length})`,
    text: [
      `Remediation items that need your attention:`,
      ...lines,
      '',
      `Open your tasks: ${publicUrl}/`,
      '',
      'You receive this because you own or deputise these items.',
    ].join('\n'),
  };
}
