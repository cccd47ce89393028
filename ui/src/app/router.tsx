import { createBrowserRouter } from 'react-router';
import { ClusterPage } from '../cluster/cluster-page.js';
import { RunPage } from '../runs/run-page.js';
import { TopologyFormPage } from '../topology-form/topology-form-page.js';
import { TopologiesPage } from '../topologies/topologies-page.js';
import { TopologyPage } from '../topologies/topology-page.js';
import { Layout } from './layout.js';
import { NotFoundPage } from './not-found-page.js';

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <TopologiesPage /> },
      { path: '/topologies/new', element: <TopologyFormPage mode="create" /> },
      { path: '/topologies/:topologyId', element: <TopologyPage /> },
      { path: '/topologies/:topologyId/edit', element: <TopologyFormPage mode="edit" /> },
      { path: '/topologies/:topologyId/runs/:runId', element: <RunPage /> },
      { path: '/cluster', element: <ClusterPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
