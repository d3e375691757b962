/** Most of a receiver's answer Scout reads (the rest is dropped); only the status matters. */
export const MAX_ANSWER_BYTES = 16 * 1024;

/** How long a delivery waits for a slot when its webhook already has the most in flight. */
export const CONCURRENCY_WAIT_MS = 200;

/** Longest error text kept on a delivery. */
export const MAX_ERROR_LENGTH = 200;

/** The outbound policy of webhook deliveries: its breakers never share state with the scraper's. */
export const WEBHOOK_POLICY = 'webhook';
