import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { CONFIG_FILE_ENV, ENV_NAMES } from './config-env-names.js';
import { configSchema, type Config } from './config-schema.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Builds the configuration from an optional YAML/JSON file (`EPOCH_CONFIG_FILE`) overlaid by
 * environment variables, and fails with one message naming every bad setting.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const fromFile = readConfigFile(env[CONFIG_FILE_ENV]);
  const fromEnv = Object.fromEntries(
    Object.entries(ENV_NAMES)
      .map(([key, name]) => [key, env[name]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = configSchema.safeParse({ ...fromFile, ...fromEnv });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const name = ENV_NAMES[key as keyof typeof ENV_NAMES];
    return `  ${key}${name ? ` (${name})` : ''}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}

function readConfigFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read ${CONFIG_FILE_ENV}=${path}: ${(error as Error).message}`);
  }
  const parsed: unknown = parseYaml(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${path} must hold a YAML or JSON object of settings`);
  }
  const unknownKeys = Object.keys(parsed).filter((key) => !(key in ENV_NAMES));
  if (unknownKeys.length > 0) {
    throw new ConfigError(
      `${path}: unknown settings ${unknownKeys.join(', ')} (known: ${Object.keys(ENV_NAMES).join(', ')})`,
    );
  }
  return parsed as Record<string, unknown>;
}
