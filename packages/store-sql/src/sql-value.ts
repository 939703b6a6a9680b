/** A value bound to a statement's parameter: what both node:sqlite and D1 accept. */
export type SqlValue = string | number | null;
