import { STATUS_CODES } from 'node:http';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** What Node reports before a request reaches the app: unreadable HTTP, late headers, oversized headers. */
function answerFor(code: string | undefined): [number, string] {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'request: not received in time'];
  if (code === 'HPE_HEADER_OVERFLOW') return [431, 'request headers: too large'];
  return [400, 'request: not valid HTTP/1.1'];
}

/**
 * Errors Node's HTTP parser raises (malformed requests, the headers and request timeouts) are
 * answered with the same `{ message }` JSON as everything else, then the connection is closed.
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // Node's own default: never write into a response that has already started.
    const response = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, message] = answerFor(err.code);
    const body = JSON.stringify({ message });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
