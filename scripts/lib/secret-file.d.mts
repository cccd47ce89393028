export function ensureSecretFile(
  filePath: string,
  generate: () => string,
): Promise<{ path: string; created: boolean; secret: string }>;
