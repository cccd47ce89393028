// Where a container's output goes: the topology's `logging`, or else a few bounded json-file files, so that no
// task can fill the engine's disk with its log. Pure; the syslog destination is checked at launch.
import { DEFAULT_LOG_FILES } from '@epoch/shared';
import type Dockerode from 'dockerode';
import type { LoggingSpec } from '../container-runtime.js';

type LogConfig = NonNullable<Dockerode.HostConfig['LogConfig']>;

/** `tag` names the task in syslog lines, between the topology's tagPrefix and tagSuffix. */
export function logConfigFor(logging: LoggingSpec | undefined, tag: string): LogConfig {
  if (logging?.type === 'RSYSLOG') {
    return {
      Type: 'syslog',
      Config: {
        'syslog-address': logging.server,
        tag: `${logging.tagPrefix ?? ''}${tag}${logging.tagSuffix ?? ''}`,
      },
    };
  }
  const { maxSize, maxFiles } = logging ?? DEFAULT_LOG_FILES;
  return {
    Type: 'json-file',
    Config: {
      'max-size': maxSize,
      'max-file': String(maxFiles),
      // json-file refuses to compress a single file: only rotated files are compressed.
      ...(logging?.compress && maxFiles > 1 ? { compress: 'true' } : {}),
    },
  };
}
