// An HTTP server on a unix socket held by systemfd, the way it runs behind nginx or Caddy.
//   npm install && npm run dev      (systemfd watch: holds ./app.sock, passes it as fd 3)
//   npm run proxy                   (in another terminal: http://127.0.0.1:8080/ -> ./app.sock)
//   curl --unix-socket app.sock http://x/   (or without the proxy)
// systemfd creates ./app.sock once and removes it when it exits; restarts reuse the socket, so
// the proxy never sees "connection refused" while the server restarts.
import http from 'node:http';

if (!process.env.LISTEN_FDS) {
  console.error('run me with systemfd: npm run dev (the socket ./app.sock comes from it)');
  process.exit(1);
}
const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end(`hello over a unix socket, pid ${process.pid}\n`);
});
server.listen({ fd: 3 }, () => console.log(`listening on the unix socket from systemfd (pid ${process.pid})`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
