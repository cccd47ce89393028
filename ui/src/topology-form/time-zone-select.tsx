import { Select } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { useMemo } from 'react';
import { timeZoneOptions } from './time-zones.js';

/** `input` is the form's props for the zone, an IANA name. */
export function TimeZoneSelect({ value, onChange, ...input }: GetInputPropsReturnType) {
  const data = useMemo(() => timeZoneOptions(value as string), [value]);
  return (
    <Select
      label="Time zone"
      data={data}
      value={value as string}
      onChange={(next) => next && onChange(next)}
      searchable
      allowDeselect={false}
      nothingFoundMessage="No such time zone"
      maxDropdownHeight={280}
      {...input}
    />
  );
}
