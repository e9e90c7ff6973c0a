/** The info-line text per socket (upstream's wording, which users' scripts may read), from the address actually bound. */
import { formatSocketAddress, type IpSocketAddress } from './address.js';
import type { SocketSpec } from './spec.js';

export function describeSocket(spec: SocketSpec, bound: IpSocketAddress | null): string {
  if (spec.kind === 'unix') return `${spec.path} (unix listener)`;
  const address = formatSocketAddress(bound ?? spec.address);
  switch (spec.kind) {
    case 'http':
      return `http://${address}/`;
    case 'https':
      return `https://${address}/`;
    case 'udp':
      return `${address} (udp)`;
    case 'tcp':
      return `${address} (tcp listener)`;
  }
}
