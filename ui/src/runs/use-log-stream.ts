import type { ApiFailure } from '@epoch/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, CSRF_HEADERS, getData } from '../api/client.js';
import { LogBuffer, MAX_LOG_LINES } from './log/log-buffer.js';

export type LogStatus = 'idle' | 'connecting' | 'streaming' | 'ended' | 'error';

export interface LogStream {
  /** The lines read so far: `log.lines` is a new array whenever they change. */
  log: LogBuffer;
  status: LogStatus;
  error?: string;
  reload: () => void;
}

export interface LogStreamOptions {
  topologyId: string;
  runId: string;
  taskName: string;
  attempt: number;
  /** Keep reading as the container prints, until it exits. */
  follow: boolean;
  enabled: boolean;
}

interface State {
  log: LogBuffer;
  /** Changes with each chunk read: the buffer itself is added to in place. */
  revision: number;
  status: LogStatus;
  error?: string;
}

const IDLE: State = { log: new LogBuffer(), revision: 0, status: 'idle' };

/**
 * A container task's log, read with fetch as it streams. Epoch's `…/log` answers with the URL of the
 * stream; the stream is plain text, chunked, ending when the container does (with `follow`).
 */
export function useLogStream({
  topologyId,
  runId,
  taskName,
  attempt,
  follow,
  enabled,
}: LogStreamOptions): LogStream {
  const [state, setState] = useState<State>(IDLE);
  const [reloads, setReloads] = useState(0);
  const source = `${topologyId}/${runId}/${taskName}/${attempt}`;
  const read = `${source}#${reloads}`;
  // The read that last ran to its natural end, and the source whose text is on screen.
  const completed = useRef<string | null>(null);
  const shown = useRef<string | null>(null);

  useEffect(() => {
    if (!enabled) return;
    // A followed log that reached its end is the whole log: reading it again once the task is done would
    // only flicker.
    if (!follow && completed.current === read) return;
    completed.current = null;
    const controller = new AbortController();
    const sameSource = shown.current === source;
    shown.current = source;
    // On a reload of the same log the old lines stay until the new ones arrive, so nothing flickers.
    const log = new LogBuffer();
    setState((current) => ({
      log: sameSource ? current.log : log,
      revision: current.revision + 1,
      status: 'connecting',
    }));
    const show = (status: LogStatus) => {
      setState((current) => ({ log, revision: current.revision + 1, status }));
    };

    void (async () => {
      try {
        const base = ['topologies', topologyId, 'runs', runId, 'tasks', taskName, 'log']
          .map(encodeURIComponent)
          .join('/');
        const href = await getData<string>(`/apis/v1/${base}`, controller.signal);
        // The server names the stream by the host the request reached; the UI always talks to its own origin.
        const url = new URL(new URL(href, window.location.href).pathname, window.location.origin);
        url.searchParams.set('follow', String(follow));
        url.searchParams.set('attempt', String(attempt));
        // Without follow the server sends only the last 10,000 lines unless told; with it, the whole log.
        if (!follow) url.searchParams.set('tail', String(MAX_LOG_LINES + 1));
        const response = await fetch(url, {
          signal: controller.signal,
          credentials: 'same-origin',
          headers: { ...CSRF_HEADERS, Accept: 'text/plain' },
        });
        if (!response.ok) {
          const failure = (await response.json().catch(() => null)) as ApiFailure | null;
          throw new ApiError(
            response.status,
            failure?.message ?? `HTTP ${response.status} ${response.statusText}`,
          );
        }
        setState((current) => ({ ...current, status: 'streaming' }));
        if (response.body) {
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            if (!value) continue;
            log.append(value);
            show('streaming');
          }
        }
        log.end();
        show('ended');
        completed.current = read;
      } catch (error) {
        if (controller.signal.aborted) return;
        const message =
          error instanceof ApiError
            ? error.message
            : `The log stream broke off: ${error instanceof Error ? error.message : String(error)}`;
        setState((current) => ({ ...current, status: 'error', error: message }));
      }
    })();

    return () => controller.abort();
  }, [topologyId, runId, taskName, attempt, follow, enabled, source, read]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  return { ...(enabled ? state : IDLE), reload };
}
