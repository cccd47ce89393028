import { createBrowserRouter } from 'react-router';
import { OverviewPage } from '../overview/overview-page.js';
import { TopologiesPage } from '../topologies/topologies-page.js';
import { Layout } from './layout.js';
import { NotFoundPage } from './not-found-page.js';

// The overview (home) and the list ship in the main bundle; the other pages (the form and its date picker, the
// log viewer, the charts) load when first visited, so the first pages render sooner.
export const router = createBrowserRouter([
  {
    path: '/login',
    lazy: async () => ({ Component: (await import('../auth/login-page.js')).LoginPage }),
  },
  {
    element: <Layout />,
    children: [
      { path: '/', element: <OverviewPage /> },
      { path: '/topologies', element: <TopologiesPage /> },
      {
        path: '/topologies/new',
        lazy: async () => {
          const { TopologyFormPage } = await import('../topology-form/topology-form-page.js');
          return { element: <TopologyFormPage mode="create" /> };
        },
      },
      {
        path: '/topologies/:topologyId',
        lazy: async () => ({ Component: (await import('../topologies/topology-page.js')).TopologyPage }),
      },
      {
        path: '/topologies/:topologyId/edit',
        lazy: async () => {
          const { TopologyFormPage } = await import('../topology-form/topology-form-page.js');
          return { element: <TopologyFormPage mode="edit" /> };
        },
      },
      {
        path: '/topologies/:topologyId/duplicate',
        lazy: async () => {
          const { TopologyFormPage } = await import('../topology-form/topology-form-page.js');
          return { element: <TopologyFormPage mode="duplicate" /> };
        },
      },
      {
        path: '/topologies/:topologyId/runs/:runId',
        lazy: async () => ({ Component: (await import('../runs/run-page.js')).RunPage }),
      },
      {
        path: '/jobs',
        lazy: async () => ({ Component: (await import('../jobs/jobs-page.js')).JobsPage }),
      },
      {
        path: '/cluster',
        lazy: async () => ({ Component: (await import('../cluster/cluster-page.js')).ClusterPage }),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
