/** Topology JSON as Epoch clients send it. */
export function containerTopology(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    task: {
      type: 'CONTAINER_EXECUTION',
      taskName: 'docker-task',
      executable: { type: 'DOCKER', url: 'epoch-test/busybox:1', dockerPullTimeout: '120 seconds' },
      resources: [
        { type: 'CPU', count: 1 },
        { type: 'MEMORY', sizeInMB: 128 },
      ],
      env: { GREETING: 'hello' },
      args: ['echo', 'hi'],
    },
    trigger: { type: 'CRON', timeSpec: '0 0/15 * * * ?' },
    notify: { type: 'MAIL', emails: ['team@example.com'] },
    ...overrides,
  };
}

export function httpTopology(name: string, url = 'http://127.0.0.1:9/hook') {
  return {
    name,
    task: {
      type: 'HTTP',
      taskName: 'call-hook',
      method: 'POST',
      url,
      headers: { 'X-Team': 'a' },
      body: { foo: 'bar' },
    },
    trigger: { type: 'CRON', timeSpec: '0 0 9 ? * MON-FRI', timeZone: 'Europe/Berlin' },
  };
}
