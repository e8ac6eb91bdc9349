// A local web server for the browser tests: HTTP and HTTPS on one loopback port (the first byte of a
// connection tells TLS from plain HTTP), with a certificate made at test time. Chromium reaches it
// for every real host name through --host-resolver-rules, so tests visit https://bit.ly/x for real.
// Firefox has no host mapping: it uses the same port as its HTTP proxy (an absolute URL for http,
// CONNECT for https), and the tunnel is served by this same server, so both browsers see one site.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
// The one self-signed certificate maker of the project (the add-in's local server uses it too).
import { makeCertificate } from '../../scripts/serve-addin.mjs';

export interface SeenRequest {
  method: string;
  host: string;
  url: string;
  secure: boolean;
  body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface TestServer {
  port: number;
  /** The server's self-signed certificate (PEM), for a browser that must trust it outside a WebDriver session. */
  certificate: string;
  requests: SeenRequest[];
  route(host: string, handler: Handler): void;
  close(): Promise<void>;
}

const page = (title: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1 id="page">${title}</h1></body></html>`;

export async function startTestServer(): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const routes = new Map<string, Handler>();
  const handle = (secure: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // A proxied http request names the whole URL: serve it as the origin would see it.
      if (req.url?.startsWith('http://')) {
        const u = new URL(req.url);
        req.url = u.pathname + u.search;
      }
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url !== '/favicon.ico')
        requests.push({ method: req.method ?? '', host, url: req.url ?? '', secure, body });
      const handler = routes.get(host);
      if (handler) return handler(req, res, body);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(`${host}${req.url}`));
    });
  };
  const http = createHttpServer(handle(false));
  const tls = makeCertificate();
  const https = createHttpsServer(tls, handle(true));
  // CONNECT host:443 (Firefox's proxy tunnel for https): answer, then serve the tunnel like a new connection.
  http.on('connect', (_req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    accept(socket);
    socket.resume();
  });
  const sockets = new Set<Socket>();
  const front = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    accept(socket);
  });
  function accept(socket: Socket) {
    socket.once('data', (first) => {
      if (first[0] !== 0x16) {
        socket.pause();
        socket.unshift(first);
        http.emit('connection', socket);
        socket.resume();
        return;
      }
      // TLS reads from the socket's handle, past anything unshifted: hand it a stream that replays the first bytes.
      const replay = new Duplex({
        read() {},
        write(chunk, _enc, done) {
          socket.write(chunk, done);
        },
        final(done) {
          socket.end(done);
        },
        destroy(err, done) {
          socket.destroy(err ?? undefined);
          done(err);
        },
      });
      replay.push(first);
      socket.on('data', (d) => replay.push(d));
      socket.on('end', () => replay.push(null));
      socket.on('error', (e) => replay.destroy(e));
      https.emit('connection', replay);
    });
  }
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    port: (front.address() as AddressInfo).port,
    certificate: tls.cert.toString(),
    requests,
    route: (host, handler) => routes.set(host, handler),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        front.close(() => resolve());
      }),
  };
}
