// What the bench's parts hold open (queue readers, database connections, the fake site, profile
// directories): registered here, so an interrupted or failed run closes them whatever state a
// part was in.

const open = new Set<() => Promise<void>>();

/** Registers a closer; the returned function closes once and unregisters it. */
export function track(close: () => Promise<void>): () => Promise<void> {
  const once = async (): Promise<void> => {
    if (!open.delete(once)) return;
    await close();
  };
  open.add(once);
  return once;
}

/** Closes everything registered and not closed yet; safe to call more than once. */
export async function closeTracked(): Promise<void> {
  await Promise.allSettled([...open].map((close) => close()));
}
