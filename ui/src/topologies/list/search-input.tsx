import { CloseButton, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  /** The committed search, from the URL. */
  value: string;
  onChange: (value: string) => void;
  /** The field's label, placeholder, clear button name and icon: a name search unless told. */
  label?: string;
  placeholder?: string;
  clearLabel?: string;
  icon?: ReactNode;
}

/** Typing is local and commits after a 300 ms pause, so the server sees one query per pause, not per key. */
export function SearchInput({
  value,
  onChange,
  label = 'Search topologies',
  placeholder = 'Search by name',
  clearLabel = 'Clear search',
  icon = <IconSearch size={16} aria-hidden />,
}: Props) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, 300);

  useEffect(() => {
    if (debounced !== value) onChange(debounced);
    // Only a settled edit commits; `value` changing (back/forward) is handled below.
  }, [debounced]);

  // Back/forward changes the URL under us: show what it says. Our own commit (value === debounced) must not
  // overwrite keys typed since.
  const committed = useRef(debounced);
  committed.current = debounced;
  useEffect(() => {
    if (value !== committed.current) setText(value);
  }, [value]);

  return (
    <TextInput
      label={label}
      placeholder={placeholder}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      leftSection={icon}
      rightSection={
        text ? (
          <CloseButton
            size="sm"
            aria-label={clearLabel}
            onClick={() => {
              setText('');
              onChange('');
            }}
          />
        ) : null
      }
      w={{ base: '100%', sm: 320 }}
    />
  );
}
