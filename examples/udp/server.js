// A UDP server that takes its socket from systemfd: answers every datagram with `pong <text>`.
//   npm install && npm run dev      (systemfd watch, settings in .systemfdrc: udp::5300)
//   echo hi | nc -u -w1 127.0.0.1 5300
// systemfd binds the UDP socket once and passes it as fd 3; datagrams that arrive while the
// server restarts wait in the socket's receive buffer and are answered by the next server.
// Without systemfd (`npm start`) it binds PORT (default 5300) itself.
import dgram from 'node:dgram';

const socket = dgram.createSocket('udp4');
socket.on('message', (message, peer) => {
  socket.send(`pong ${message.toString().trim()} from pid ${process.pid}\n`, peer.port, peer.address);
});
socket.on('listening', () => {
  const { address, port } = socket.address();
  console.log(`udp server on ${address}:${port} (pid ${process.pid})`);
});
socket.bind(process.env.LISTEN_FDS ? { fd: 3 } : { port: Number(process.env.PORT ?? 5300), address: '127.0.0.1' });
