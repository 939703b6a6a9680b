import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways on narrow screens: `head` holds its column headers, and a last,
 * unlabelled column (named for screen readers) holds each row's {@link RowActions}.
 */
export function DataTable(props: {
  label: string;
  className?: string;
  head: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className={props.className ? `table ${props.className}` : 'table'} aria-label={props.label}>
        <thead>
          <tr>
            {props.head}
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** The last cell of a {@link DataTable} row: its buttons and links. */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <td className="col-actions">
      <div className="row-actions">{children}</div>
    </td>
  );
}
