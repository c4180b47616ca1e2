import { createTransport, type Transporter } from 'nodemailer';
import { MailRejectedError, type MailMessage, type Mailer } from './mailer';

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(smtpUrl);
  }

  async send(message: MailMessage): Promise<'sent'> {
    try {
      await this.transport.sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
      });
      return 'sent';
    } catch (err) {
      // Only the server's reply travels on: the error must not carry the text, which holds a one-time link.
      const code = (err as { responseCode?: unknown }).responseCode;
      const reason = err instanceof Error ? err.message : String(err);
      if (typeof code === 'number' && code >= 500 && code < 600)
        throw new MailRejectedError(`the mail server refused the message: ${reason}`, code);
      throw new Error(`the mail server could not take the message: ${reason}`);
    }
  }
}
