import { createBrowserRouter } from 'react-router';
import { TopologiesPage } from '../topologies/topologies-page.js';
import { Layout } from './layout.js';
import { NotFoundPage } from './not-found-page.js';

// The list is the landing page and ships in the main bundle; the other pages (the form and its date picker,
// the log viewer) load when first visited, so the first page of topologies renders sooner.
export const router = createBrowserRouter([
  {
    path: '/login',
    lazy: async () => ({ Component: (await import('../auth/login-page.js')).LoginPage }),
  },
  {
    element: <Layout />,
    children: [
      { path: '/', element: <TopologiesPage /> },
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
        path: '/cluster',
        lazy: async () => ({ Component: (await import('../cluster/cluster-page.js')).ClusterPage }),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
