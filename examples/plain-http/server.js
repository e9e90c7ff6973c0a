// A plain node:http server. Run it with systemfd from the repository root:
//   npx systemfd -s http::3000 -- node examples/plain-http/server.js
//   npx systemfd watch -s http::3000 -w examples/plain-http -- node examples/plain-http/server.js
// It takes the socket with the child library when systemfd passes one, and binds port 3000
// itself when run alone (`node examples/plain-http/server.js`).
import http from 'node:http';

const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end(`hello from pid ${process.pid}\n`);
});

// Unmodified servers work too: with systemfd's preload, listen(3000) adopts the socket it holds.
server.listen(3000, () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'string' ? address : `${address?.address}:${address?.port}`} (pid ${process.pid})`);
});
