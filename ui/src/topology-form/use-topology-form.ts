import { useForm, type UseFormReturnType } from '@mantine/form';
import { useState } from 'react';
import type { FormState } from './form-state.js';
import { validateForm } from './validate-form.js';

export type TopologyFormApi = UseFormReturnType<FormState>;

/** The form's values and errors; `initial` is read once. Errors are keyed by the path of the field showing them. */
export function useTopologyForm(initial: () => FormState): TopologyFormApi {
  const [initialValues] = useState(initial);
  // Controlled: the form renders from its values (trigger type, task kind, notify kind, the live cron preview).
  return useForm({ mode: 'controlled', initialValues, validate: (values) => validateForm(values) });
}
