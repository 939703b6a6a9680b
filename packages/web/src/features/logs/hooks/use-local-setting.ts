import { useState } from 'react';

/** A viewer preference (wrap, timestamps, lines kept) remembered per browser, not put in links. */
export function useLocalSetting<T extends string | number | boolean>(
  key: string,
  fallback: T,
): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    const stored = localStorage.getItem(`bosun.${key}`);
    if (stored === null) return fallback;
    try {
      const parsed: unknown = JSON.parse(stored);
      return typeof parsed === typeof fallback ? (parsed as T) : fallback;
    } catch {
      return fallback;
    }
  });
  const set = (next: T) => {
    localStorage.setItem(`bosun.${key}`, JSON.stringify(next));
    setValue(next);
  };
  return [value, set];
}
