/** A path inside Epoch to return to after login; anything else (another site, `//host`) becomes "/". */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && value.length <= 2048 ? value : '/';
}
