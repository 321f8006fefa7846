/** A release that counts once however often it is called (a slot's holder may end twice: finish and close). */
export function releaseOnce(release: () => void): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
  };
}
