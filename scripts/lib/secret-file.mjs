// Secrets `npm start` generates once and keeps under .epoch/, readable by this user only, so that a restarted
// development server opens its own data and keeps people signed in.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Resolves with `{ path, created, secret }` for the file at `filePath`, writing `generate()` plus a newline
 * there when it does not exist; `secret` is the file's text without the trailing newline. The mode is set to
 * 0600 on every call: a copy made with a looser one is tightened.
 */
export async function ensureSecretFile(filePath, generate) {
  await mkdir(path.dirname(filePath), { recursive: true });
  let created = true;
  try {
    await writeFile(filePath, `${generate()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    created = false;
  }
  await chmod(filePath, 0o600);
  const secret = (await readFile(filePath, 'utf8')).trim();
  return { path: filePath, created, secret };
}
