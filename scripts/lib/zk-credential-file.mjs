// The ZooKeeper digest credential `npm start` protects its znodes with: generated once into .epoch/zk-auth
// (readable by this user only) and reused, so a restarted development server opens its own data.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Resolves with `{ path, created }` for the credential file at `filePath`, writing `epoch:<random>` there
 * when it does not exist. The mode is set to 0600 on every call: a copy made with a looser one is tightened.
 */
export async function ensureZkCredentialFile(filePath) {
  await mkdir(path.dirname(filePath), { recursive: true });
  let created = true;
  try {
    await writeFile(filePath, `epoch:${randomBytes(24).toString('base64url')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    created = false;
  }
  await chmod(filePath, 0o600);
  return { path: filePath, created };
}
