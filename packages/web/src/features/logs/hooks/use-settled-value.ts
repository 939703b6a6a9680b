import { useEffect, useRef, useState } from 'react';

/**
 * `value` once its `key` has stayed the same for `ms`: what a costly reaction to typing (a new
 * subscription per keystroke) should follow. The first value is taken at once, and the same
 * object is returned for as long as the key does not change, whatever else re-renders.
 */
export function useSettledValue<T>(value: T, key: string, ms: number): T {
  const [settled, setSettled] = useState({ key, value });
  // The latest value for the key, read when the timer fires: the timer waits on the key alone, so
  // a render that makes an equal value anew (new lines arriving) does not start it over.
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    if (key === settled.key) return;
    const timer = setTimeout(() => setSettled({ key, value: latest.current }), ms);
    return () => clearTimeout(timer);
  }, [key, ms, settled.key]);
  return settled.value;
}
