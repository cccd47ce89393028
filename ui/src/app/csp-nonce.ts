/**
 * The nonce the server wrote into this page for its Content-Security-Policy (the meta tag the build adds):
 * Mantine's run-time <style> elements carry it, so the policy needs no 'unsafe-inline'.
 */
export function cspNonce(): string {
  return document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';
}
