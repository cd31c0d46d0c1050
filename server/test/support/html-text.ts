/** The text of the element with this data-testid in server-rendered HTML (the numbers are plain text there). */
export function testIdText(page: string, testId: string): string | undefined {
  return new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(page)?.[1];
}
