import { TopologyList } from './topologies/topology-list.js';

export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', margin: '2rem' }}>
      <h1>Epoch</h1>
      <TopologyList />
    </main>
  );
}
