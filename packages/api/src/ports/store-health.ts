/** The store's health as the runtime sees it: whether it works, and since when it fails. */
export interface StoreHealth {
  /** A snapshot: `ok`, the failure's message and start time while failing, and errors counted since start. */
  state(): StoreHealthState;
}

/** What `StoreHealth.state` answers. */
export type StoreHealthState = {
  ok: boolean;
  /** Unix ms the current failure began; absent while ok. */
  failingSince?: number;
  /** The last failure's message; absent while ok. */
  error?: string;
  /** Store operations that failed since the manager started. */
  errorsTotal: number;
};
