import { emptyFormState, type FormState } from './form-state.js';

/** A valid container topology's form state, with the parts under test overridden. */
export function containerState(overrides: Partial<FormState> = {}): FormState {
  const empty = emptyFormState('UTC');
  return {
    ...empty,
    name: 'nightly-report',
    timeSpec: '0 */5 * * * ?',
    timeZone: 'Europe/Berlin',
    ...overrides,
    container: { ...empty.container, image: 'registry:5000/team/app:1.2', ...overrides.container },
  };
}

export function httpState(overrides: Partial<FormState> = {}): FormState {
  const empty = emptyFormState('UTC');
  return {
    ...empty,
    name: 'webhook',
    timeSpec: '0 0 2 * * ?',
    taskKind: 'HTTP',
    ...overrides,
    http: { ...empty.http, url: 'https://example.com/hook', ...overrides.http },
  };
}
