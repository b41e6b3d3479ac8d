// A TCP relay on a 127.0.0.1 port of its own to code-server, for the cross-site e2e setup: VS Code
// needs the app's external URI template (VSCODE_PROXY_URI) before code-server starts, as an absolute
// URL with a real port, and code-server picks its port only when it starts. Bytes pass unchanged.
import { connect, createServer, type Socket } from 'node:net';

export interface Relay {
  readonly port: number;
  /** Where connections go from now on (code-server's port, once it is known). */
  target: number | undefined;
  close(): Promise<void>;
}

export async function startRelay(): Promise<Relay> {
  const sockets = new Set<Socket>();
  const relay: { target: number | undefined } = { target: undefined };
  const server = createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    if (relay.target === undefined) {
      client.destroy();
      return;
    }
    const upstream = connect(relay.target, '127.0.0.1');
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    // Either side failing or closing ends both: no half-open connection outlives the test.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address !== null && typeof address === 'object') resolve(address.port);
      else reject(new Error('the relay has no port'));
    });
  });
  return {
    port,
    get target() {
      return relay.target;
    },
    set target(value) {
      relay.target = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
