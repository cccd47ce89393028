// A loopback TCP proxy that tests can cut and restore, to partition a client from a server: a ZooKeeper
// port (to let a session expire while the server keeps running) or the Docker Engine socket (to reach
// the engine as a remote DOCKER_HOST would, and drop its event stream).
import { connect, createServer, type AddressInfo, type NetConnectOpts, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Drops every open connection and refuses new ones until restore(). */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** `target` is a TCP port on loopback or a Unix socket path. */
export async function startTcpProxy(target: number | string): Promise<TcpProxy> {
  const upstreamAddress: NetConnectOpts =
    typeof target === 'number' ? { port: target, host: '127.0.0.1' } : { path: target };
  const open = new Set<Socket>();
  let isCut = false;
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const destroyOpen = () => {
    for (const socket of open) socket.destroy();
  };
  const server = createServer((client) => {
    track(client);
    if (isCut) {
      client.destroy();
      return;
    }
    const upstream = connect(upstreamAddress);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      isCut = true;
      destroyOpen();
    },
    restore() {
      isCut = false;
    },
    close() {
      destroyOpen();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
