export function ensureZkCredentialFile(filePath: string): Promise<{ path: string; created: boolean }>;
