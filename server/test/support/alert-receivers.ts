import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { AlertNotice } from '../../src/model/alerts.js';

export interface ReceivedHook {
  body: string;
  notice: AlertNotice;
  headers: IncomingMessage['headers'];
}

/** Checks `Vanity-Signature: t=…,v1=…` the way a receiver should: recompute, constant-time compare. */
export function signatureValid(hook: ReceivedHook, secret: string): boolean {
  const header = String(hook.headers['vanity-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${hook.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2] as string, 'hex'));
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedHook[];
  /** Resolves with the next request that arrives (or the first one not yet taken). */
  next(): Promise<ReceivedHook>;
  /** How to answer from now on: a status, or hold the request open until `release()`. */
  answer(status: number | 'hold'): void;
  release(): void;
  stop(): Promise<void>;
}

/** A local webhook receiver on an ephemeral loopback port. */
export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  let taken = 0;
  const waiting: ((hook: ReceivedHook) => void)[] = [];
  let mode: number | 'hold' = 200;
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const hook = { body, notice: JSON.parse(body) as AlertNotice, headers: req.headers };
      received.push(hook);
      const waiter = waiting.shift();
      if (waiter) {
        taken++;
        waiter(hook);
      }
      if (mode === 'hold') held.push(res);
      else res.writeHead(mode).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/hook`,
    received,
    next() {
      if (taken < received.length) return Promise.resolve(received[taken++] as ReceivedHook);
      return new Promise((resolve) => waiting.push(resolve));
    },
    answer(status) {
      mode = status;
    },
    release() {
      for (const res of held.splice(0)) res.writeHead(200).end();
    },
    async stop() {
      for (const res of held.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  /** Decoded (RFC 2047) subject and quoted-printable body. */
  subject: string;
  text: string;
  raw: string;
}

function quotedPrintableBytes(text: string): Buffer {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i] as string, 'utf8'));
  }
  return Buffer.from(bytes);
}

/** Just enough MIME for nodemailer's text mails: unfolded Q-encoded subject, quoted-printable body. */
function decodeMail(raw: string): { subject: string; text: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subjectLine = /^Subject: (.*)$/m.exec(unfolded)?.[1] ?? '';
  const subject = subjectLine
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_, word: string) => quotedPrintableBytes(word.replace(/_/g, ' ')).toString('utf8'));
  const body = rest.join('\n\n');
  const text = /Content-Transfer-Encoding: quoted-printable/i.test(unfolded) ? quotedPrintableBytes(body).toString('utf8') : body;
  return { subject, text: text.replace(/\r\n/g, '\n').trim() };
}

export interface MailServer {
  /** SMTP_URL for the server under test. */
  url: string;
  received: ReceivedMail[];
  next(): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

/** A real SMTP server (the smtp-server package) on loopback, keeping every message it accepts. */
export async function startMailServer(port = 0): Promise<MailServer> {
  const received: ReceivedMail[] = [];
  let taken = 0;
  const waiting: ((mail: ReceivedMail) => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = session.envelope;
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail = {
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((r) => r.address),
          ...decodeMail(raw),
          raw,
        };
        received.push(mail);
        const waiter = waiting.shift();
        if (waiter) {
          taken++;
          waiter(mail);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    next() {
      if (taken < received.length) return Promise.resolve(received[taken++] as ReceivedMail);
      return new Promise((resolve) => waiting.push(resolve));
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
