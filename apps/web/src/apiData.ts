import { useEffect, useState, type DependencyList } from 'react';

/**
 * Data fetched again whenever `deps` change. The previous data stays until the new arrives, so a
 * list can be shown dimmed (`loading`) instead of blanking; a superseded request is aborted and
 * its outcome ignored.
 */
export function useApiData<T>(fetch: (signal: AbortSignal) => Promise<T>, deps: DependencyList) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    fetch(ctrl.signal)
      .then(setData)
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
    // `fetch` is a new function each render; what it asks for is what `deps` name.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return { data, error, loading };
}
