import { useCallback, useState } from 'react';
import type { ContainerForm, FormState, HttpForm } from './form-state.js';
import { NO_ERRORS, type FormErrors } from './map-issues.js';

/** The form's state and its errors; every change clears the errors of the fields it names. */
export interface TopologyFormApi {
  state: FormState;
  errors: FormErrors;
  /** The error shown under a field, by its key (see `fieldOfIssue`). */
  error: (field: string) => string | undefined;
  update: (patch: Partial<FormState>, ...clears: string[]) => void;
  updateContainer: (patch: Partial<ContainerForm>, ...clears: string[]) => void;
  updateHttp: (patch: Partial<HttpForm>, ...clears: string[]) => void;
  setErrors: (errors: FormErrors) => void;
  /** The whole state at once, as the JSON tab gives it back. */
  replace: (state: FormState) => void;
}

function withoutFields(errors: FormErrors, clears: string[]): FormErrors {
  if (clears.length === 0 || !clears.some((key) => key in errors.fields)) return errors;
  const fields = { ...errors.fields };
  for (const key of clears) delete fields[key];
  return { ...errors, fields };
}

export function useTopologyForm(initial: () => FormState): TopologyFormApi {
  const [state, setState] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  const clear = useCallback((clears: string[]) => setErrors((current) => withoutFields(current, clears)), []);
  const update = useCallback(
    (patch: Partial<FormState>, ...clears: string[]) => {
      setState((current) => ({ ...current, ...patch }));
      clear(clears);
    },
    [clear],
  );
  const updateContainer = useCallback(
    (patch: Partial<ContainerForm>, ...clears: string[]) => {
      setState((current) => ({ ...current, container: { ...current.container, ...patch } }));
      clear(clears);
    },
    [clear],
  );
  const updateHttp = useCallback(
    (patch: Partial<HttpForm>, ...clears: string[]) => {
      setState((current) => ({ ...current, http: { ...current.http, ...patch } }));
      clear(clears);
    },
    [clear],
  );
  const error = useCallback((field: string) => errors.fields[field], [errors]);
  const replace = useCallback((next: FormState) => {
    setState(next);
    setErrors(NO_ERRORS);
  }, []);

  return { state, errors, error, update, updateContainer, updateHttp, setErrors, replace };
}
