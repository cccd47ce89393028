import { Select } from '@mantine/core';
import { useMemo } from 'react';
import { timeZoneOptions } from './time-zones.js';

export function TimeZoneSelect({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (timeZone: string) => void;
  error?: string | undefined;
}) {
  const data = useMemo(() => timeZoneOptions(value), [value]);
  return (
    <Select
      label="Time zone"
      data={data}
      value={value}
      onChange={(next) => next && onChange(next)}
      searchable
      allowDeselect={false}
      nothingFoundMessage="No such time zone"
      maxDropdownHeight={280}
      error={error}
    />
  );
}
