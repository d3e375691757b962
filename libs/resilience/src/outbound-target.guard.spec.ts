import { once } from 'node:events';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type HostResolver,
  isNonPublicAddress,
  OutboundTargetGuard,
  OutboundTargetRefusedError,
  type ResolvedAddress,
} from './outbound-target.guard';

/** A resolver that gives each answer in turn (the last one forever), counting the questions. */
function scriptedResolver(...answers: string[][]): { resolver: HostResolver; calls: () => number } {
  let calls = 0;
  const resolver: HostResolver = async () => {
    const answer = answers[Math.min(calls, answers.length - 1)];
    calls += 1;
    return answer.map((address): ResolvedAddress => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
  };
  return { resolver, calls: () => calls };
}

function lookupOnce(
  lookup: ReturnType<OutboundTargetGuard['lookupFor']>,
  hostname: string,
): Promise<string> {
  return new Promise((resolve, reject) =>
    lookup(hostname, {}, (error, address) => {
      if (error) reject(error);
      else resolve(typeof address === 'string' ? address : address[0].address);
    }),
  );
}

describe('OutboundTargetGuard', () => {
  it.each([
    '10.1.2.3',
    '127.0.0.1',
    '169.254.169.254',
    '172.20.0.1',
    '192.168.1.1',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
  ])('refuses a host resolving to %s', async (address) => {
    const { resolver } = scriptedResolver([address]);
    await expect(new OutboundTargetGuard({ resolver }).check('site.example')).rejects.toEqual(
      new OutboundTargetRefusedError('site.example', 'private-address'),
    );
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it('pins a public answer, and refuses a name that mixes a public decoy with a private address', async () => {
    const pinned = await new OutboundTargetGuard({
      resolver: scriptedResolver(['93.184.216.34', '2606:2800:220:1::1']).resolver,
    }).check('site.example');
    expect(pinned).toEqual({ hostname: 'site.example', address: '93.184.216.34', family: 4 });
    const mixed = new OutboundTargetGuard({
      resolver: scriptedResolver(['93.184.216.34', '10.0.0.7']).resolver,
    });
    await expect(mixed.check('site.example')).rejects.toBeInstanceOf(OutboundTargetRefusedError);
  });

  it('checks IP literals as written, without asking the resolver', async () => {
    const { resolver, calls } = scriptedResolver(['93.184.216.34']);
    const guard = new OutboundTargetGuard({ resolver });
    await expect(guard.check('[::1]')).rejects.toBeInstanceOf(OutboundTargetRefusedError);
    await expect(guard.check('169.254.169.254')).rejects.toBeInstanceOf(OutboundTargetRefusedError);
    await expect(guard.check('8.8.8.8')).resolves.toMatchObject({ address: '8.8.8.8' });
    expect(calls()).toBe(0);
  });

  it('refuses a name that does not resolve', async () => {
    const guard = new OutboundTargetGuard({
      resolver: () => Promise.reject(new Error('ENOTFOUND')),
    });
    await expect(guard.check('nowhere.example')).rejects.toEqual(
      new OutboundTargetRefusedError('nowhere.example', 'unresolvable'),
    );
  });

  it('DNS rebinding: connections use the checked address, not a second answer', async () => {
    // Public at check time, private at connection time.
    const { resolver, calls } = scriptedResolver(['93.184.216.34'], ['127.0.0.1']);
    const guard = new OutboundTargetGuard({ resolver });
    const pinned = await guard.check('site.example');
    const lookup = guard.lookupFor(pinned);
    expect(await lookupOnce(lookup, 'site.example')).toBe('93.184.216.34');
    expect(await lookupOnce(lookup, 'site.example')).toBe('93.184.216.34');
    expect(calls()).toBe(1);
    // Checked again, the rebound name is refused.
    await expect(guard.check('site.example')).rejects.toBeInstanceOf(OutboundTargetRefusedError);
    // The pinned lookup answers for its own host only.
    await expect(lookupOnce(lookup, 'other.example')).rejects.toBeInstanceOf(
      OutboundTargetRefusedError,
    );
  });

  it('a real HTTP request goes to the pinned address whatever the resolver says next', async () => {
    const server = createServer((request, response) => response.end(request.headers.host));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      // Local runs allow private addresses; pinning still holds. The second answer is an
      // unroutable address: a connection that asked again would never arrive.
      const { resolver, calls } = scriptedResolver(['127.0.0.1'], ['10.255.255.1']);
      const guard = new OutboundTargetGuard({ resolver, allowNonPublic: true });
      const pinned = await guard.check('profiles.example');
      const body = await new Promise<string>((resolve, reject) => {
        get(
          { host: 'profiles.example', port, path: '/', lookup: guard.lookupFor(pinned) },
          (response) => {
            let text = '';
            response.on('data', (chunk: Buffer) => (text += chunk.toString()));
            response.on('end', () => resolve(text));
          },
        ).on('error', reject);
      });
      expect(body).toBe(`profiles.example:${port}`);
      expect(calls()).toBe(1);
    } finally {
      server.close();
    }
  });
});
