import { request } from 'node:http';
import type { ClientRequest, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import type { BodyBudget } from '../../src/http/body-limits.js';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface SlowRequest {
  req: ClientRequest;
  /** The answer, whenever it comes (before the body was sent, if the server answers early). */
  answer: Promise<Answer>;
  /** The server said `100 Continue`: it is waiting for the body. */
  continued: Promise<void>;
  /** The connection is gone (the server closed or cut it). */
  closed: Promise<void>;
}

/** A request whose body the test sends when it likes (or never); nothing is sent but the headers. */
export function slowRequest(url: string, method: string, headers: OutgoingHttpHeaders): SlowRequest {
  const req = request(url, { method, headers, agent: false });
  req.on('error', () => undefined);
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on('error', reject);
    });
  });
  answer.catch(() => undefined);
  const continued = new Promise<void>((resolve) => req.once('continue', () => resolve()));
  const closed = new Promise<void>((resolve) => req.once('close', () => resolve()));
  req.flushHeaders();
  return { req, answer, continued, closed };
}

/** Raw bytes on a TCP connection to `url`; resolves with everything the server sent once it closed. */
export function rawExchange(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.write(bytes);
  });
}

/** Resolves once the server holds exactly `bytes` of request bodies in memory. */
export function bodyBytesReach(budget: BodyBudget, bytes: number): Promise<void> {
  if (budget.inUse() === bytes) return Promise.resolve();
  return new Promise((resolve) => {
    const check = (used: number) => {
      if (used !== bytes) return;
      budget.events.off('change', check);
      resolve();
    };
    budget.events.on('change', check);
  });
}
