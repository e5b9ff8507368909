/**
 * The proofreading server of `kumihan preview`: the Vivliostyle viewer and each book's print HTML
 * over HTTP, a page around the viewer that reloads it when the print HTML is rewritten (server-sent
 * events) and shows, for a click in the pages, the manuscript file and line it came from.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PreviewBook } from './book.js';
import { previewPage } from './page.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export type { PreviewBook } from './book.js';

/**
 * What the open pages are told: the book was rewritten (`full`: a stylesheet changed, so the viewer
 * reloads whole, not only the document), or the last save failed (with its message).
 */
export type PreviewEvent = { type: 'update'; book: string; full?: boolean } | { type: 'error'; book: string; message: string };

/** The directory of the Vivliostyle viewer's built files (its `lib/`). */
export function viewerDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@vivliostyle/viewer/package.json')), 'lib');
}

/** A running preview server. */
export interface PreviewServer {
  server: Server;
  url: string;
  /** Tells every open page about an update or a failed save (the last error is shown to pages opened later too). */
  notify(event: PreviewEvent): void;
  close(): Promise<void>;
}

/** Serves `books` on host:port (port 0: any free port). */
export async function startPreviewServer(books: PreviewBook[], options: { host: string; port: number }): Promise<PreviewServer> {
  const viewer = viewerDir();
  const clients = new Set<ServerResponse>();
  const errors = new Map<string, string>();
  const byName = new Map(books.map((book) => [book.name, book]));

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const pathname = decodeURIComponent(url.pathname);
    if (pathname === '/') {
      const book = byName.get(url.searchParams.get('book') ?? '') ?? books[0]!;
      return send(response, 200, TYPES['.html']!, previewPage(book, books, errors.get(book.name), url.searchParams.get('f') ?? undefined));
    }
    if (pathname === '/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': kumihan preview\n\n');
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    if (pathname.startsWith('/viewer/')) return sendFile(response, viewer, pathname.slice('/viewer/'.length));
    const match = /^\/book\/([^/]+)\/(.*)$/.exec(pathname);
    const book = match ? byName.get(match[1]!) : undefined;
    if (book) return sendFile(response, book.dir, match![2]!);
    return send(response, 404, 'text/plain; charset=utf-8', 'not found\n');
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'error\n');
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    url: `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${port}/`,
    notify(event) {
      if (event.type === 'error') errors.set(event.book, event.message);
      else errors.delete(event.book);
      // 'error' is EventSource's own event (a lost connection): a failed save is sent as 'failure'.
      const data = `event: ${event.type === 'error' ? 'failure' : 'update'}\ndata: ${JSON.stringify(event)}\n\n`;
      for (const client of clients) client.write(data);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

/** Sends a file under `root`; a path that leaves it (`..`) or names no file is a 404. */
async function sendFile(response: ServerResponse, root: string, relative: string): Promise<void> {
  const file = path.resolve(root, relative || 'index.html');
  if (file !== root && !file.startsWith(root + path.sep)) return send(response, 404, 'text/plain; charset=utf-8', 'not found\n');
  const found = await stat(file).catch(() => undefined);
  if (!found?.isFile()) return send(response, 404, 'text/plain; charset=utf-8', 'not found\n');
  response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', 'content-length': found.size });
  createReadStream(file).pipe(response);
}
