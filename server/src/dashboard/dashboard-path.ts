/** Where a resource's dashboard lives, with optional query parameters. */
export function dashboardPath(resourceId: string, query?: URLSearchParams): string {
  const search = query?.toString();
  return `/dashboard/${encodeURIComponent(resourceId)}${search ? `?${search}` : ''}`;
}
