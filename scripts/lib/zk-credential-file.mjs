// The ZooKeeper digest credential `npm start` protects its znodes with: generated once into .epoch/zk-auth
// (readable by this user only) and reused, so a restarted development server opens its own data.
import { randomBytes } from 'node:crypto';
import { ensureSecretFile } from './secret-file.mjs';

/**
 * Resolves with `{ path, created }` for the credential file at `filePath`, writing `epoch:<random>` there
 * when it does not exist. The mode is set to 0600 on every call: a copy made with a looser one is tightened.
 */
export async function ensureZkCredentialFile(filePath) {
  const { created } = await ensureSecretFile(
    filePath,
    () => `epoch:${randomBytes(24).toString('base64url')}`,
  );
  return { path: filePath, created };
}
