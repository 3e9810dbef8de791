// Outgoing mail through nodemailer. With SMTP_* configured it speaks SMTP; without it (a laptop
// demo) each message is written as an .eml file under DATA_DIR/mail so nothing is silently dropped.
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from './config.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(msg: MailMessage): Promise<void>;
  close(): void;
}

export function createMailer(config: Config): Mailer {
  if (config.smtp) {
    const transport = nodemailer.createTransport({
      host: config.smtp.host,
      port: config.smtp.port,
      secure: config.smtp.secure,
      auth: config.smtp.user ? { user: config.smtp.user, pass: config.smtp.pass ?? '' } : undefined,
      // Local and test relays often have no certificate; STARTTLS is still used when offered.
      tls: { rejectUnauthorized: false },
    });
    const from = config.smtp.from;
    return {
      async send(msg) {
        await transport.sendMail({ from, ...msg });
      },
      close: () => transport.close(),
    };
  }
  const dir = path.join(config.dataDir, 'mail');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(msg) {
      const info = await transport.sendMail({ from: 'Tỉnh Số <no-reply@tinhso.local>', ...msg });
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${Date.now()}-${String(info.messageId).replace(/[^a-zA-Z0-9.-]/g, '')}.eml`), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
