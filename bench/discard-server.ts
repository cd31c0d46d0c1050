import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The ingest baseline: a raw node:http server that reads each body, discards it and answers 204. */
const server = createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    res.statusCode = 204;
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`discard server listening port=${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
