import { RUN_STATES, type RunState } from '@epoch/shared';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export interface RunsView {
  states: RunState[];
  page: number;
  setStates: (states: RunState[]) => void;
  setPage: (page: number) => void;
}

const isRunState = (value: string): value is RunState => (RUN_STATES as readonly string[]).includes(value);

/** The runs table's filter and page, kept in the URL: coming back from a run returns to the same page. */
export function useRunsView(): RunsView {
  const [params, setParams] = useSearchParams();
  const states = params.getAll('state').filter(isRunState);
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);

  const setStates = useCallback(
    (next: RunState[]) =>
      setParams(
        (current) => {
          const updated = new URLSearchParams(current);
          updated.delete('state');
          updated.delete('page');
          for (const state of next) updated.append('state', state);
          return updated;
        },
        { replace: true },
      ),
    [setParams],
  );

  const setPage = useCallback(
    (next: number) =>
      setParams((current) => {
        const updated = new URLSearchParams(current);
        if (next <= 1) updated.delete('page');
        else updated.set('page', String(next));
        return updated;
      }),
    [setParams],
  );

  return { states, page, setStates, setPage };
}
