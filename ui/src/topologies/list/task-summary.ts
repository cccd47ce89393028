import type { Task } from '@epoch/shared';

export type TaskKind = Task['type'];

/** "team/app:1.2", "POST api.example.com/hook", "3 tasks, ALL": what a topology runs, in a table cell. */
export function summarizeTask(task: Task): string {
  switch (task.type) {
    case 'CONTAINER_EXECUTION':
      return task.executable.url;
    case 'HTTP':
      return `${task.method ?? 'POST'} ${shortUrl(task.url)}`;
    case 'COMPOSITE':
      return `${task.tasks.length} ${task.tasks.length === 1 ? 'task' : 'tasks'}, ${task.compositionType ?? 'ALL'}`;
  }
}

/** Host and path without the scheme, query or fragment; the full URL is on the detail page. */
export function shortUrl(url: string): string {
  try {
    const { host, pathname } = new URL(url);
    return pathname === '/' ? host : `${host}${pathname}`;
  } catch {
    return url;
  }
}
