import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import type { OutboundTargetGuard } from '@scout/common';

/** How a pinned agent opens its connections. */
export interface PinnedAgentOptions {
  /** Bound of opening one connection (TCP, and TLS for https), in milliseconds. */
  connectTimeoutMs: number;
  /**
   * The socket layer, handed the checked address: undici's own unless a test gives one that
   * records what it was asked for.
   */
  connector?: buildConnector.connector;
}

/**
 * The one way Scout opens connections to hosts it does not fully trust: an undici `Agent`
 * (pass it as `dispatcher` to `fetch` or `request`) whose every new connection first goes
 * through {@link OutboundTargetGuard.check} and then connects to the address that check
 * approved: the name is never resolved a second time, so a DNS answer that changes between
 * the check and the connection (rebinding) cannot move it. TLS still presents and verifies the
 * host name. Connections are kept alive and reused like any undici pool; a new one is checked
 * again, so a name that turns private later is refused from then on.
 */
export function createPinnedAgent(guard: OutboundTargetGuard, options: PinnedAgentOptions): Agent {
  const connectTo = options.connector ?? buildConnector({ timeout: options.connectTimeoutMs });
  return new Agent({
    connect: (target, callback) => {
      guard.check(target.hostname).then(
        (pinned) =>
          connectTo(
            {
              ...target,
              hostname: pinned.address,
              servername:
                target.servername ?? (isIP(pinned.hostname) === 0 ? pinned.hostname : undefined),
            },
            callback,
          ),
        (error: unknown) =>
          callback(error instanceof Error ? error : new Error(String(error)), null),
      );
    },
  });
}
