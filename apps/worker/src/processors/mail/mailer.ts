/** An e-mail to one person. Plain text only: links and short instructions, never compliance data. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends e-mail. Behind this interface so delivery can move onto the job outbox without touching callers.
 * `send` resolves true when the message was handed to an SMTP server, false when it was only logged.
 */
export interface Mailer {
  send(message: MailMessage): Promise<boolean>;
}

export const MAILER = Symbol('MAILER');
