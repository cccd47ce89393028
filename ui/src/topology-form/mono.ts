/** Styles for a monospace input whose label keeps the UI font (the `ff` prop would set both). */
export const MONO_INPUT = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };
