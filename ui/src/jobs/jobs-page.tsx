import { Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { formatDuration } from '../common/describe-trigger.js';
import { ErrorState, Loading } from '../common/query-state.js';
import { CollectionsTable } from './collections-table.js';
import { DueHistogram } from './due-histogram.js';
import { useJobCollections } from './job-queries.js';
import { JobLookup } from './job-lookup.js';
import { JobRoutesTable } from './job-routes-table.js';
import { SectionCard } from './section-card.js';

/** One-shot jobs: every collection's counts, pending jobs by due time, one job by id, and a database's routes. */
export function JobsPage() {
  const collections = useJobCollections();
  const [place, setPlace] = useState({ database: '', collection: '' });
  // Follows the collection chosen or the job looked up, not each keystroke; the first database's until then.
  const [routesOf, setRoutesOf] = useState<string | null>(null);
  const listed = collections.data?.collections ?? [];
  const routesDatabase = routesOf ?? listed[0]?.database ?? '';

  return (
    <Stack gap="lg">
      <Title order={2}>Jobs</Title>
      <SectionCard id="collections" title="Collections">
        {collections.isPending ? (
          <Loading label="Loading collections…" />
        ) : collections.error && !collections.data ? (
          <ErrorState error={collections.error} title="Could not load the collections" />
        ) : (
          <>
            <Text size="sm" c="dimmed">
              Delivered and failed: the delivery records kept, the last{' '}
              {formatDuration(collections.data.recordsKeepMs)}.
            </Text>
            <CollectionsTable
              collections={listed}
              onChoose={(database, collection) => {
                setPlace({ database, collection });
                setRoutesOf(database);
              }}
            />
          </>
        )}
      </SectionCard>
      <SectionCard id="due" title="Pending jobs by due time">
        {collections.data && <DueHistogram collections={listed} />}
      </SectionCard>
      <SectionCard id="lookup" title="Look up a job">
        <JobLookup
          database={place.database}
          collection={place.collection}
          onPlaceChange={setPlace}
          onLookUp={(job) => setRoutesOf(job.database)}
        />
      </SectionCard>
      <SectionCard id="routes" title={routesDatabase ? `Routes of ${routesDatabase}` : 'Routes'}>
        <JobRoutesTable database={routesDatabase} />
      </SectionCard>
    </Stack>
  );
}
