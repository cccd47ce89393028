import { DateTimePicker } from '@mantine/dates';
import type { GetInputPropsReturnType } from '@mantine/form';

/**
 * The AT trigger's date and time, as a wall time (`YYYY-MM-DD HH:mm:ss`, null when not picked); the zone is
 * chosen next to it. `input` is the form's props for it.
 */
export function RunAtInput(input: GetInputPropsReturnType) {
  return (
    <DateTimePicker
      label="Run at"
      description="Read in the time zone beside it"
      placeholder="Pick a date and time"
      {...input}
      valueFormat="YYYY-MM-DD HH:mm"
      clearable
      required
    />
  );
}
