import { describe, expect, it } from 'vitest';
import { shownUrl } from './shown-url.js';

describe('shown webhook URL', () => {
  it('is whole for a user who may write, its origin only for a READ_ONLY one', () => {
    const url = 'https://hooks.example.com:8443/expired/abc?token=s3cr3t';
    expect(shownUrl(url, true)).toBe(url);
    expect(shownUrl(url, false)).toBe('https://hooks.example.com:8443');
    expect(shownUrl('http://user:pass@10.0.0.1/x', false)).toBe('http://10.0.0.1');
  });
});
