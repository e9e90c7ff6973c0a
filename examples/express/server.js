// An Express app that takes its listening socket from systemfd.
//   npm install && npm run dev      (systemfd watch, settings in .systemfdrc)
// systemfd opens http::3000 once and passes it as fd 3 (LISTEN_FDS=1); every restart gets the
// same socket, so requests made while the app restarts wait instead of failing.
// Without systemfd (`npm start`) the app binds PORT (default 3000) itself.
import express from 'express';

const app = express();
app.get('/', (req, res) => {
  res.type('text/plain').send(`hello from express, pid ${process.pid}\n`);
});

const target = process.env.LISTEN_FDS ? { fd: 3 } : Number(process.env.PORT ?? 3000);
const server = app.listen(target, () => {
  console.log(`express listening on ${typeof target === 'number' ? `port ${target}` : 'the socket from systemfd (fd 3)'} (pid ${process.pid})`);
});
// Stop accepting on SIGTERM and let requests in flight finish; systemfd keeps the socket.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
