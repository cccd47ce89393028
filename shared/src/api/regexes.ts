/** Epoch 1.14's input patterns (epoch-models Regexes.java), rewritten from their documented shape. */
export const TOPOLOGY_NAME_REGEX = /^[0-9a-zA-Z_-]+$/;

/** Drove's task id alphabet; task names become part of container names. */
export const TASK_NAME_REGEX = /^[a-zA-Z\d_-]+$/;

export const EMAIL_REGEX = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,6}$/;

export const EMAILS_REGEX =
  /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,6}(,\s*[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,6})*$/;

const registryLabel = '(?!-)[a-zA-Z0-9-]{1,63}(?<!-)';
const registry = `(?:(?=[^:/]{4,253})${registryLabel}(?:\\.${registryLabel})*(?::[0-9]{1,5})?/)?`;
const pathComponent = '[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?';
const tag = '(?::[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127})?';
// Our addition to Epoch's pattern: a pinned digest, with or without a tag.
const digest = '(?:@sha256:[a-f0-9]{64})?';

/** A docker image reference: optional registry host[:port]/, lowercase path, optional :tag and @sha256 digest. */
export const DOCKER_IMAGE_REGEX = new RegExp(
  `^${registry}${pathComponent}(?:/${pathComponent})*${tag}${digest}$`,
);

/** Dropwizard `Duration` strings as Drove accepts them, e.g. `120 seconds`, `2m`. */
export const DURATION_REGEX =
  /^\s*\d+\s*(ns|nanoseconds?|us|microseconds?|ms|milliseconds?|s|seconds?|m|min|mins|minutes?|h|hours?|d|days?)\s*$/;

const userOrGroup = '(?:[a-zA-Z_][a-zA-Z0-9_.-]{0,31}|[0-9]{1,10})';

/** A container user as Docker takes it: `name`, `uid`, `name:group` or `uid:gid`. */
export const CONTAINER_USER_REGEX = new RegExp(`^${userOrGroup}(?::${userOrGroup})?$`);

/** A log file size as Docker's json-file driver takes it, in KiB, MiB or GiB: `500k`, `10m`, `1g`. */
export const LOG_SIZE_REGEX = /^([1-9][0-9]{0,6})([kmg])$/;

const hostLabel = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const ipv4Octet = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
// A name whose last label has a letter, a dotted quad without leading zeros, or a bracketed IPv6 address: no
// spelling (`2130706433`, `0177.0.0.1`) that a resolver might read as an address the check does not see.
const syslogHost =
  `(?:(?:${hostLabel}\\.)*(?=[a-zA-Z0-9-]*[a-zA-Z])${hostLabel}` +
  `|${ipv4Octet}(?:\\.${ipv4Octet}){3}|\\[[0-9a-fA-F:.]{2,45}\\])`;

/** A syslog server as Docker's syslog driver takes it: `udp://`, `tcp://` or `tcp+tls://`, a host and a port. */
export const SYSLOG_SERVER_REGEX = new RegExp(`^(?:udp|tcp|tcp\\+tls)://${syslogHost}(?::[0-9]{1,5})?$`);
