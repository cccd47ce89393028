import { Button, Group, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorState, Loading } from '../common/query-state.js';
import { useJobStatus, type JobRef } from './job-queries.js';
import { JobStatusView } from './job-status-view.js';

/** Finds one job by id; the database and collection are the page's, so choosing a collection fills them. */
export function JobLookup({
  database,
  collection,
  onPlaceChange,
  onLookUp,
}: {
  database: string;
  collection: string;
  onPlaceChange: (place: { database: string; collection: string }) => void;
  onLookUp: (job: JobRef) => void;
}) {
  const [id, setId] = useState('');
  const [asked, setAsked] = useState<JobRef | null>(null);
  const status = useJobStatus(asked);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const job = { database: database.trim(), collection: collection.trim(), id: id.trim() };
    // The same job asked again: it may have fired since, so ask the server rather than show the last answer.
    if (asked && JSON.stringify(asked) === JSON.stringify(job)) void status.refetch();
    else setAsked(job);
    onLookUp(job);
  };
  const complete = database.trim() !== '' && collection.trim() !== '' && id.trim() !== '';

  return (
    <>
      <form onSubmit={submit} aria-label="Job look-up">
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Database"
            value={database}
            onChange={(event) => onPlaceChange({ database: event.currentTarget.value, collection })}
          />
          <TextInput
            label="Collection"
            value={collection}
            onChange={(event) => onPlaceChange({ database, collection: event.currentTarget.value })}
          />
          <TextInput
            label="Job id"
            value={id}
            onChange={(event) => setId(event.currentTarget.value)}
            styles={{ input: { fontFamily: 'monospace' } }}
          />
          <Button type="submit" disabled={!complete} loading={status.isFetching}>
            Look up
          </Button>
        </Group>
      </form>
      {asked &&
        (status.isPending ? (
          <Loading label="Looking up the job…" />
        ) : status.error ? (
          <ErrorState error={status.error} title="Could not look up the job" />
        ) : status.data ? (
          <JobStatusView status={status.data} />
        ) : (
          <Text size="sm" role="status">
            No job {asked.id} in {asked.database}/{asked.collection}: never created, deleted, or its delivery
            record has expired.
          </Text>
        ))}
    </>
  );
}
