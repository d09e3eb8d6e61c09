/**
 * The ceiling of `npm run bench`: a bare node:http server answering fixed bytes from memory
 * (what a perfect cache in front of GraphQL could do on this machine). The parent sends
 * `{ path, body }` pairs over IPC; every request for that path gets exactly those bytes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const bodies = new Map<string, Buffer>();

const server = http.createServer((req, res) => {
  const body = bodies.get((req.url ?? '/').split('?')[0]);
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }).end(body);
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});

process.on('message', (m: unknown) => {
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  else if (m === 'stop') {
    server.closeAllConnections();
    server.close(() => process.disconnect?.());
  } else if (m && typeof m === 'object' && 'path' in m) {
    const { path, body } = m as { path: string; body: string };
    bodies.set(path, Buffer.from(body));
    process.send?.({ stored: path });
  }
});
