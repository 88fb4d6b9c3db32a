// A generic static file server, no dependencies: `node serve.js DIR PORT [--cors]`.
// --cors adds `Access-Control-Allow-Origin: *` (what a CDN sends), so pages on other origins can load
// DIR's module scripts and workers. Listens on 127.0.0.1. For the example only, not for production.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const [dirArg = '.', portArg = '8080', ...flags] = process.argv.slice(2);
const root = path.resolve(dirArg);
const cors = flags.includes('--cors');
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8' };

http.createServer((req, res) => {
  const headers = cors ? { 'Access-Control-Allow-Origin': '*' } : {};
  let file = path.join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  if (file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
  fs.createReadStream(file).pipe(res);
}).listen(Number(portArg), '127.0.0.1', () => console.log(`serving ${root} at http://127.0.0.1:${portArg}/${cors ? ' (CORS: *)' : ''}`));
