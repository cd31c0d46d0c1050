import { expect } from 'chai';

/** Asserts a `{ message }` JSON error with this status whose message starts with `prefix`; returns the message. */
export async function expectJsonError(res: Response, status: number, prefix = '', label = ''): Promise<string> {
  const text = await res.text();
  expect(res.status, `${label} ${text}`).to.equal(status);
  expect(res.headers.get('content-type'), label).to.match(/^application\/json/);
  const body = JSON.parse(text) as { message?: unknown };
  expect(body.message, label).to.be.a('string');
  expect(body.message as string, label).to.satisfy((m: string) => m.startsWith(prefix), `message starts with ${JSON.stringify(prefix)}`);
  return body.message as string;
}
