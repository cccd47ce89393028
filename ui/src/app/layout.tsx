import { AppShell, Burger, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlarm, IconClock, IconGauge, IconServer2 } from '@tabler/icons-react';
import { Link, Outlet, useLocation } from 'react-router';
import { useLiveUpdates } from '../api/events.js';
import { SignedInUser } from '../auth/signed-in-user.js';

const NAV = [
  { to: '/', label: 'Overview', icon: IconGauge, active: (path: string) => path === '/' },
  {
    to: '/topologies',
    label: 'Topologies',
    icon: IconClock,
    active: (path: string) => path.startsWith('/topologies'),
  },
  {
    to: '/jobs',
    label: 'Jobs',
    icon: IconAlarm,
    active: (path: string) => path.startsWith('/jobs'),
  },
  {
    to: '/cluster',
    label: 'Cluster',
    icon: IconServer2,
    active: (path: string) => path.startsWith('/cluster'),
  },
];

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  useLiveUpdates();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" gap="sm" wrap="nowrap">
          <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
          <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }}>
            <Title order={3}>Epoch</Title>
          </Link>
          <Text c="dimmed" size="sm" visibleFrom="xs">
            exactly-once scheduling
          </Text>
          <SignedInUser />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {NAV.map(({ to, label, icon: Icon, active }) => (
          <NavLink
            key={to}
            component={Link}
            to={to}
            label={label}
            leftSection={<Icon size={18} stroke={1.6} />}
            active={active(pathname)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
