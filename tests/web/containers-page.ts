import type { Locator, Page } from 'playwright-core';

// The fleet and containers pages as the tests see them, written against the UI contract: a host
// card is an `article` named for its host; the "Containers" table has a row per container
// carrying `data-host` and `data-container`, its state in `[data-col="state"]`, and its actions.

/** A container action as its row's button names it. */
export type ContainerAction = 'Start' | 'Stop' | 'Restart';

/** The fleet page's card of host `name`. */
export function hostCard(page: Page, name: string): Locator {
  return page.getByRole('article', { name, exact: true });
}

/** The row of container `name` on host `host` in the "Containers" table. */
export function containerRow(page: Page, host: string, name: string): Locator {
  return page
    .getByRole('table', { name: 'Containers' })
    .locator(`tr[data-host="${host}"][data-container="${name}"]`);
}

/** The state column of that row ("running", "exited", ...). */
export function containerState(page: Page, host: string, name: string): Locator {
  return containerRow(page, host, name).locator('[data-col="state"]');
}

/** That row's Start, Stop or Restart button. */
export function containerActionButton(
  page: Page,
  host: string,
  name: string,
  action: ContainerAction,
): Locator {
  return containerRow(page, host, name).getByRole('button', { name: action, exact: true });
}
