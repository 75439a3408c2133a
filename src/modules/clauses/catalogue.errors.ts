export interface CatalogueIssue {
  /** The YAML file (or the catalogue folder for catalogue-wide problems), as shown to the reader. */
  file: string;
  /** Field path inside the file, e.g. `params[0].max`. */
  path: string;
  message: string;
}

/**
 * The catalogue on disk is broken. Raised at start-up, never for a request: a wrong catalogue must stop
 * the service rather than print a contract with a half-valid clause. Lists every issue found, one a line,
 * as `file: path: message`.
 */
export class CatalogueError extends Error {
  constructor(readonly issues: readonly CatalogueIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'CatalogueError';
  }
}

export function formatIssue(issue: CatalogueIssue): string {
  return issue.path ? `${issue.file}: ${issue.path}: ${issue.message}` : `${issue.file}: ${issue.message}`;
}
