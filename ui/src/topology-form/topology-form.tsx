import { Accordion, Button, Group, List, Paper, Stack, Tabs, TextInput, Title } from '@mantine/core';
import type { FieldIssue } from '@epoch/shared';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../common/query-state.js';
import type { FormState } from './form-state.js';
import { fromTopology } from './from-topology.js';
import { InvalidTopologyAlert } from './invalid-topology-alert.js';
import { JsonTab } from './json-tab.js';
import { KeyValueRows } from './key-value-rows.js';
import { issuesToErrors, POLICY_FIELDS, type FormErrors } from './map-issues.js';
import { PolicyFields } from './policy-fields.js';
import { TaskFields } from './task-fields.js';
import { toTopologyInput } from './to-topology-input.js';
import { topologyToJson, validateTopologyJson, withUnknownFields } from './topology-json.js';
import { TriggerFields } from './trigger-fields.js';
import { useSaveTopology } from './use-save-topology.js';
import { useTopologyForm } from './use-topology-form.js';
import { validateForm } from './validate-form.js';

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
  const { state, errors, error, update, setErrors, replace } = form;
  const formRef = useRef<HTMLFormElement>(null);
  const [policiesOpen, setPoliciesOpen] = useState<string | null>(null);
  const [view, setView] = useState<View>('form');
  const [jsonText, setJsonText] = useState('');
  const [jsonIssues, setJsonIssues] = useState<FieldIssue[]>([]);
  // An edited topology's name is its id: the JSON tab may not change it either.
  const lockedName = mode === 'edit' ? state.name : undefined;

  const showErrors = (next: FormErrors) => {
    setErrors(next);
    if (POLICY_FIELDS.some((field) => field in next.fields)) setPoliciesOpen('policies');
    // After the render that marks the fields invalid, so there is something to focus.
    setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
  };
  const { save, saving, failure } = useSaveTopology(mode, (issues, input) =>
    view === 'json' ? setJsonIssues(issues) : showErrors(issuesToErrors(issues, input)),
  );

  const switchView = (next: View) => {
    if (next === view) return;
    if (next === 'json') {
      setJsonText(topologyToJson(toTopologyInput(state)));
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
    replace(fromTopology(withUnknownFields(result.input, result.topology), state.timeZone));
    setView('form');
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (view === 'json') {
      const result = validateTopologyJson(jsonText, lockedName);
      if (!result.ok) {
        setJsonIssues(result.issues);
        return;
      }
      setJsonIssues([]);
      save(result.input);
      return;
    }
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
              <Section title="Labels and owner">
                <Stack gap="sm">
                  <TextInput
                    label="Owner"
                    description="Who to ask about this topology: a team, a person, an address"
                    placeholder="payments@example.com"
                    value={state.owner}
                    onChange={(event) => update({ owner: event.currentTarget.value }, 'owner')}
                    error={error('owner')}
                    autoComplete="off"
                  />
                  <KeyValueRows
                    legend="Labels"
                    item="Label"
                    keyPlaceholder="team"
                    valuePlaceholder="payments"
                    rows={state.labels}
                    onChange={(labels, ...clears) => update({ labels }, ...clears)}
                    errorPrefix="labels"
                    error={error}
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
              {errors.unmatched.length > 0 && (
                <InvalidTopologyAlert>
                  {errors.unmatched.map((message) => (
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
