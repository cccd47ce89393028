import { DateTimePicker } from '@mantine/dates';

interface RunAtInputProps {
  /** Wall time, `YYYY-MM-DD HH:mm:ss`, or null when not picked. */
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string | undefined;
}

/** The AT trigger's date and time, as a wall time; the zone is chosen next to it. */
export function RunAtInput(props: RunAtInputProps) {
  return (
    <DateTimePicker
      label="Run at"
      description="Read in the time zone beside it"
      placeholder="Pick a date and time"
      value={props.value}
      onChange={props.onChange}
      valueFormat="YYYY-MM-DD HH:mm"
      error={props.error}
      clearable
      required
    />
  );
}
