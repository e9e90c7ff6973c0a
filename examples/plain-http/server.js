// A plain node:http server that knows nothing of systemfd. `npm run dev` runs it under
// `systemfd watch` (settings in .systemfdrc): systemfd holds port 3000, and its preload makes
// `server.listen(3000)` use that socket instead of binding, so restarts never close the port.
// Run alone (`npm start`), it binds port 3000 itself. PORT overrides the port, as usual.
import http from 'node:http';

const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end(`hello from pid ${process.pid}\n`);
});

server.listen(Number(process.env.PORT) || 3000, () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'string' ? address : `${address?.address}:${address?.port}`} (pid ${process.pid})`);
});
