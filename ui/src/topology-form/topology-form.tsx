import { Accordion, Alert, Button, Group, List, Paper, Stack, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../common/query-state.js';
import type { FormState } from './form-state.js';
import { POLICY_FIELDS, type FormErrors } from './map-issues.js';
import { PolicyFields } from './policy-fields.js';
import { TaskFields } from './task-fields.js';
import { TriggerFields } from './trigger-fields.js';
import { useSaveTopology } from './use-save-topology.js';
import { useTopologyForm } from './use-topology-form.js';
import { validateForm } from './validate-form.js';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md" component="section" aria-label={title}>
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** One form for creating and editing a topology; `initial` is read once. */
export function TopologyForm({
  mode,
  initial,
  cancelTo,
}: {
  mode: 'create' | 'edit';
  initial: () => FormState;
  cancelTo: string;
}) {
  const form = useTopologyForm(initial);
  const { state, errors, error, update, setErrors } = form;
  const formRef = useRef<HTMLFormElement>(null);
  const [policiesOpen, setPoliciesOpen] = useState<string | null>(null);

  const showErrors = (next: FormErrors) => {
    setErrors(next);
    if (POLICY_FIELDS.some((field) => field in next.fields)) setPoliciesOpen('policies');
    // After the render that marks the fields invalid, so there is something to focus.
    setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
  };
  const { save, saving, failure } = useSaveTopology(mode, showErrors);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = validateForm(state);
    if (!result.ok) {
      showErrors(result.errors);
      return;
    }
    setErrors({ fields: {}, unmatched: [] });
    save(result.input);
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="md">
        <Section title="Topology">
          <TextInput
            label="Name"
            description={
              mode === 'edit' ? 'The name is the id and cannot change' : 'Letters, digits, - and _'
            }
            placeholder="nightly-report"
            value={state.name}
            onChange={(event) => update({ name: event.currentTarget.value }, 'name')}
            error={error('name')}
            readOnly={mode === 'edit'}
            variant={mode === 'edit' ? 'filled' : 'default'}
            autoComplete="off"
            spellCheck={false}
            required
            data-autofocus={mode === 'create' || undefined}
          />
        </Section>
        <Section title="Trigger">
          <TriggerFields form={form} />
        </Section>
        <Section title="Task">
          <TaskFields form={form} />
        </Section>
        <Accordion variant="separated" radius="md" value={policiesOpen} onChange={setPoliciesOpen}>
          <Accordion.Item value="policies">
            <Accordion.Control>Policies</Accordion.Control>
            <Accordion.Panel>
              <PolicyFields form={form} />
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        {errors.unmatched.length > 0 && (
          <Alert
            color="red"
            title="The topology is not valid"
            icon={<IconAlertTriangle size={18} />}
            role="alert"
          >
            <List size="sm">
              {errors.unmatched.map((message) => (
                <List.Item key={message}>{message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {failure !== null && (
          <ErrorState error={failure} title={mode === 'create' ? 'Could not create' : 'Could not save'} />
        )}
        <Group justify="flex-end">
          <Button component={Link} to={cancelTo} variant="default">
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {mode === 'create' ? 'Create topology' : 'Save changes'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
