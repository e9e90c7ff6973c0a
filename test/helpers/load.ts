/**
 * A bounded request load: `clients` loops, each sending one request per fresh connection, or,
 * with `keepAlive`, reusing one kept-alive connection as long as the server keeps it open.
 */
import { Agent } from 'node:http';
import { get, type Reply } from './http.js';

export interface Load {
  stop: () => Promise<{ sent: number; failed: Reply[]; pids: Set<string> }>;
}

export function startLoad(url: string, { clients = 4, maxRequests = 20_000, keepAlive = false } = {}): Load {
  let running = true;
  let sent = 0;
  const failed: Reply[] = [];
  const pids = new Set<string>();
  const loops = Array.from({ length: clients }, async () => {
    const agent = keepAlive ? new Agent({ keepAlive: true, maxSockets: 1 }) : false;
    while (running && sent < maxRequests) {
      sent++;
      const reply = await get(url, { timeout: 20_000, agent });
      if (!reply.ok) failed.push(reply);
      else pids.add(reply.body);
    }
    if (agent) agent.destroy();
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { sent, failed, pids };
    },
  };
}
