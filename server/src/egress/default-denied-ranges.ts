// Addresses a call made on a user's behalf must not reach unless an operator opens them (OWASP SSRF prevention;
// IANA special-purpose registries): the leader's own machine, its networks and the cloud's metadata service.

export const DEFAULT_DENIED_RANGES: readonly string[] = [
  // IPv4
  '0.0.0.0/8', // "this network", unspecified
  '10.0.0.0/8', // private (RFC 1918)
  '100.64.0.0/10', // carrier-grade NAT; 100.100.100.200 is Alibaba Cloud's metadata service
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local; 169.254.169.254 is the metadata service of most clouds
  '172.16.0.0/12', // private (RFC 1918), Docker's default bridges among them
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation
  '192.88.99.0/24', // 6to4 relay anycast
  '192.168.0.0/16', // private (RFC 1918)
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation
  '203.0.113.0/24', // documentation
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, broadcast
  // IPv6
  '::/128', // unspecified
  '::1/128', // loopback
  '64:ff9b::/96', // NAT64: embeds any IPv4 address, private ones included
  '64:ff9b:1::/48', // local-use NAT64
  '100::/64', // discard-only
  '2001::/23', // IETF protocol assignments (Teredo among them)
  '2001:db8::/32', // documentation
  '2002::/16', // 6to4: embeds any IPv4 address
  'fc00::/7', // unique local (ULA); fd00:ec2::254 is AWS's metadata service
  'fe80::/10', // link-local
  'ff00::/8', // multicast
];
