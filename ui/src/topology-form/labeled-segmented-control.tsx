import { SegmentedControl, Stack, Text, type SegmentedControlItem } from '@mantine/core';
import { useId } from 'react';

/** A SegmentedControl with a visible label that also names its radio group. */
export function LabeledSegmentedControl<T extends string>({
  label,
  value,
  data,
  onChange,
}: {
  label: string;
  value: T;
  data: (SegmentedControlItem & { value: T })[];
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <Stack gap={4}>
      <Text id={id} component="div" size="sm" fw={500}>
        {label}
      </Text>
      <SegmentedControl
        aria-labelledby={id}
        value={value}
        data={data}
        onChange={(next) => onChange(next as T)}
        fullWidth
      />
    </Stack>
  );
}
