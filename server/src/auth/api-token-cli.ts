import { ROLES, type Role } from '@epoch/shared';
import { parseArgs } from 'node:util';
import { hashApiToken, newApiToken } from './api-tokens.js';

/** `npm run api-token -- --name ci --role READ_WRITE`: prints a new token and its EPOCH_API_TOKENS entry. */
function main(): void {
  const { values } = parseArgs({
    options: { name: { type: 'string' }, role: { type: 'string', default: 'READ_ONLY' } },
  });
  const role = values.role as Role;
  if (!values.name || !/^[\w.@-]{1,64}$/.test(values.name) || !ROLES.includes(role)) {
    console.error(`usage: npm run api-token -- --name NAME [--role ${ROLES.join('|')}]`);
    process.exit(2);
  }
  const token = newApiToken();
  const entry = { name: values.name, sha256: hashApiToken(token), role };
  console.log(`token (give it to the client; it is not stored anywhere):\n  ${token}\n`);
  console.log(
    `add to EPOCH_API_TOKENS (a JSON list) or apiTokens in the config file:\n  ${JSON.stringify(entry)}`,
  );
}

main();
