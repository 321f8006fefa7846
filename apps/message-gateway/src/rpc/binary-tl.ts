/** The media type of binary TL, for requests (Content-Type) and answers (Accept) alike. */
export const BINARY_TL = 'application/x-tl';

/** Whether the request's body is binary TL; parameters such as `; charset` do not matter. */
export function sendsBinaryTl(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === BINARY_TL;
}
