// This machine's own addresses and the Docker bridges it hosts. A public address of the leader's own machine
// reaches every service listening there (the Epoch API, ZooKeeper, a Docker Engine on TCP), and Docker may run
// its bridges on ranges outside the private ones, so both are denied by default like loopback.
import { networkInterfaces } from 'node:os';

const BRIDGE = /^(docker\d*|br-[0-9a-f]+)$/;

/** CIDRs: a bridge's whole network, any other interface's own address. */
export function hostNetworks(interfaces = networkInterfaces()): string[] {
  return Object.entries(interfaces).flatMap(([name, addresses]) =>
    (addresses ?? []).map((info) =>
      BRIDGE.test(name) && info.cidr ? info.cidr : `${info.address}/${info.family === 'IPv4' ? 32 : 128}`,
    ),
  );
}
