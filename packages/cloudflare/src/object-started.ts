/** The line the manager object logs each time it starts: first start, after an eviction, on waking from hibernation. */
export const OBJECT_STARTED = 'manager object started';
