import { Accordion, Button, Group, List, Paper, Stack, Tabs, TextInput, Title } from '@mantine/core';
import type { FieldIssue } from '@epoch/shared';
import type { FormErrors } from '@mantine/form';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../common/query-state.js';
import type { FormState } from './form-state.js';
import { fromTopology } from './from-topology.js';
import { InvalidTopologyAlert } from './invalid-topology-alert.js';
import { JsonTab } from './json-tab.js';
import { KeyValueRows } from './key-value-rows.js';
import { issuesToErrors, POLICY_FIELDS, unmatchedIssues } from './map-issues.js';
import { PolicyFields } from './policy-fields.js';
import { TaskFields } from './task-fields.js';
import { toTopologyInput } from './to-topology-input.js';
import { topologyToJson, validateTopologyJson, withUnknownFields } from './topology-json.js';
import { TriggerFields } from './trigger-fields.js';
import { useSaveTopology } from './use-save-topology.js';
import { useTopologyForm } from './use-topology-form.js';

type View = 'form' | 'json';

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

/**
 * One form for creating and editing a topology; `initial` is read once. The JSON tab edits the same
 * topology whole; switching tabs carries the edits across.
 */
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
  const formRef = useRef<HTMLFormElement>(null);
  const [policiesOpen, setPoliciesOpen] = useState<string | null>(null);
  const [view, setView] = useState<View>('form');
  const [jsonText, setJsonText] = useState('');
  const [jsonIssues, setJsonIssues] = useState<FieldIssue[]>([]);
  // An edited topology's name is its id: the JSON tab may not change it either.
  const lockedName = mode === 'edit' ? form.values.name : undefined;
  const unmatched = unmatchedIssues(form.errors);

  /** Brings the first of the errors the form now shows into view. */
  const revealErrors = (errors: FormErrors) => {
    if (POLICY_FIELDS.some((field) => field in errors)) setPoliciesOpen('policies');
    // After the render that marks the fields invalid, so there is something to focus.
    setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
  };
  const { save, saving, failure } = useSaveTopology(mode, (issues, input) => {
    if (view === 'json') return setJsonIssues(issues);
    const errors = issuesToErrors(issues, input);
    form.setErrors(errors);
    revealErrors(errors);
  });

  const switchView = (next: View) => {
    if (next === view) return;
    if (next === 'json') {
      setJsonText(topologyToJson(toTopologyInput(form.values)));
      setJsonIssues([]);
      setView('json');
      return;
    }
    // Back to the form only with a valid topology: the form cannot hold what the schema rejects.
    const result = validateTopologyJson(jsonText, lockedName);
    if (!result.ok) {
      setJsonIssues(result.issues);
      return;
    }
    // Setting all values clears the errors, which were about the values replaced.
    form.setValues(fromTopology(withUnknownFields(result.input, result.topology), form.values.timeZone));
    setView('form');
  };

  const submitForm = form.onSubmit((values) => save(toTopologyInput(values)), revealErrors);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    if (view === 'form') return submitForm(event);
    event.preventDefault();
    const result = validateTopologyJson(jsonText, lockedName);
    if (!result.ok) {
      setJsonIssues(result.issues);
      return;
    }
    setJsonIssues([]);
    save(result.input);
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="md">
        <Tabs value={view} onChange={(next) => next && switchView(next as View)} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="form">Form</Tabs.Tab>
            <Tabs.Tab value="json">JSON</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="form" pt="md">
            <Stack gap="md">
              <Section title="Topology">
                <TextInput
                  label="Name"
                  description={
                    mode === 'edit' ? 'The name is the id and cannot change' : 'Letters, digits, - and _'
                  }
                  placeholder="nightly-report"
                  {...form.getInputProps('name')}
                  readOnly={mode === 'edit'}
                  variant={mode === 'edit' ? 'filled' : 'default'}
                  autoComplete="off"
                  spellCheck={false}
                  required
                  data-autofocus={mode === 'create' || undefined}
                />
              </Section>
              <Section title="Labels and owner">
                <Stack gap="sm">
                  <TextInput
                    label="Owner"
                    description="Who to ask about this topology: a team, a person, an address"
                    placeholder="payments@example.com"
                    {...form.getInputProps('owner')}
                    autoComplete="off"
                  />
                  <KeyValueRows
                    legend="Labels"
                    item="Label"
                    keyPlaceholder="team"
                    valuePlaceholder="payments"
                    form={form}
                    path="labels"
                    rows={form.values.labels}
                  />
                </Stack>
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
              {unmatched.length > 0 && (
                <InvalidTopologyAlert>
                  {unmatched.map((message) => (
                    <List.Item key={message}>{message}</List.Item>
                  ))}
                </InvalidTopologyAlert>
              )}
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="json" pt="md">
            <JsonTab text={jsonText} issues={jsonIssues} onChange={setJsonText} />
          </Tabs.Panel>
        </Tabs>
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
