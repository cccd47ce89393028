export const ORACLE_SOURCE: string;
export const DEFAULT_BUILD_DIR: string;
export const FIXTURES_DIR: string;
export const FILES_WITHOUT_COUNT: readonly string[];

export function oracleToolchainPresent(): boolean;
export function compileOracle(buildDir?: string): Promise<void>;
export function runOracle(
  input: string,
  options?: { buildDir?: string; withCount?: boolean },
): Promise<string>;
export function runOracleOnFixture(name: string, options?: { buildDir?: string }): Promise<string>;
