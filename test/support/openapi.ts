/** Reading the gateway's GET /openapi.json in tests: what each method declares it answers with. */
export type OpenApiDocument = { paths: Record<string, { post?: { 'x-rpc-errors'?: string[] } }> };

export async function fetchOpenApi(baseUrl: string): Promise<OpenApiDocument> {
  const response = await fetch(`${baseUrl}/openapi.json`);
  if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

/**
 * Whether `error` is among the names the document declares for `method` (FLOOD_WAIT_<seconds> as
 * FLOOD_WAIT_N); undefined for a method the document has no path for (the fuzzer's made-up names).
 */
export function declares(document: OpenApiDocument, method: string, error: string): boolean | undefined {
  const declared = document.paths[`/v1/${method}`]?.post?.['x-rpc-errors'];
  if (!declared) return undefined;
  return declared.includes(error.replace(/^FLOOD_WAIT_\d+$/, 'FLOOD_WAIT_N'));
}
