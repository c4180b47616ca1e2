/** An e-mail to one person. Plain text only: links and short instructions, never compliance data. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** RFC 5322 Message-ID; the same for every attempt of one job, so a mail sent twice is recognisably one. */
  messageId?: string;
}

/**
 * Sends e-mail. `send` resolves `sent` once an SMTP server accepted the message and `logged` when there is
 * no SMTP server and the message went to the log; it throws when the server could not be reached or
 * refused the message (a {@link MailRejectedError} when retrying cannot help).
 */
export interface Mailer {
  send(message: MailMessage): Promise<'sent' | 'logged'>;
}

/** The SMTP server answered with a permanent (5xx) refusal, e.g. an unknown mailbox. */
export class MailRejectedError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
    this.name = 'MailRejectedError';
  }
}
