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
