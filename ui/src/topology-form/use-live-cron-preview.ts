import { useDebouncedValue } from '@mantine/hooks';
import { useCronPreview } from '../api/queries.js';

export interface LiveCronPreview {
  /** The expression the preview is for, once typing has paused. */
  expression: string;
  fireTimes: number[];
  /** The server engine's reason, when it rejects the expression. */
  invalidMessage: string | undefined;
  loading: boolean;
  error: unknown;
}

/** The server's next fire times for what is typed, asked once typing pauses for 300 ms. */
export function useLiveCronPreview(expression: string, timeZone: string, enabled: boolean): LiveCronPreview {
  const [debounced] = useDebouncedValue(expression.trim(), 300);
  const query = useCronPreview(debounced, timeZone, enabled);
  const current = enabled && debounced !== '' && !query.isPlaceholderData ? query.data : undefined;
  return {
    expression: debounced,
    fireTimes: current?.valid ? current.nextFireTimes : [],
    invalidMessage: current && !current.valid ? (current.message ?? 'invalid cron expression') : undefined,
    loading: enabled && debounced !== '' && (query.isFetching || debounced !== expression.trim()),
    error: query.error,
  };
}
