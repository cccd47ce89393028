import { CloseButton, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';

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
  const commit = useDebouncedCallback((next: string) => onChange(next), 300);

  // The URL changed under us (back/forward, a label chip): show what it says, unless keys typed since are still
  // to be committed. Our own commit makes `value` what is shown already.
  useEffect(() => {
    if (!commit.isPending()) setText(value);
  }, [value]);

  return (
    <TextInput
      label={label}
      placeholder={placeholder}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      leftSection={icon}
      rightSection={
        text ? (
          <CloseButton
            size="sm"
            aria-label={clearLabel}
            onClick={() => {
              commit.cancel();
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
