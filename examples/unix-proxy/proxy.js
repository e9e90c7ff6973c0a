// A tiny TCP -> unix socket proxy (what nginx's `proxy_pass http://unix:./app.sock` does):
// every TCP connection on PORT (default 8080; 0 picks a free port) is piped to SOCKET
// (default ./app.sock, the socket systemfd holds).
import net from 'node:net';

const socketPath = process.env.SOCKET ?? './app.sock';
const proxy = net.createServer((client) => {
  const upstream = net.connect(socketPath);
  client.pipe(upstream).pipe(client);
  const close = () => { client.destroy(); upstream.destroy(); };
  client.on('error', close);
  upstream.on('error', (error) => {
    console.error(`proxy: ${socketPath}: ${error.code ?? error.message} (is \`npm run dev\` running?)`);
    close();
  });
});
proxy.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  console.log(`proxy http://127.0.0.1:${proxy.address().port}/ -> ${socketPath}`);
});
