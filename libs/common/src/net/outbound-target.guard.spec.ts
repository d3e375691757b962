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

  it('checks a host again on every call, so a name rebound to a private address is refused', async () => {
    const { resolver, calls } = scriptedResolver(['93.184.216.34'], ['127.0.0.1']);
    const guard = new OutboundTargetGuard({ resolver });
    await expect(guard.check('site.example')).resolves.toMatchObject({ address: '93.184.216.34' });
    await expect(guard.check('site.example')).rejects.toEqual(
      new OutboundTargetRefusedError('site.example', 'private-address'),
    );
    expect(calls()).toBe(2);
  });

  it('lets allowed hosts and allowNonPublic through to private addresses, and no other host', async () => {
    const { resolver } = scriptedResolver(['10.0.0.7']);
    const allowlisted = new OutboundTargetGuard({
      resolver,
      allowedHosts: ['Receiver.Internal', '[fd00::7]'],
    });
    await expect(allowlisted.check('receiver.internal')).resolves.toEqual({
      hostname: 'receiver.internal',
      address: '10.0.0.7',
      family: 4,
    });
    await expect(allowlisted.check('[fd00::7]')).resolves.toMatchObject({ address: 'fd00::7' });
    await expect(allowlisted.check('other.internal')).rejects.toBeInstanceOf(
      OutboundTargetRefusedError,
    );
    await expect(allowlisted.check('fd00::8')).rejects.toBeInstanceOf(OutboundTargetRefusedError);
    const open = new OutboundTargetGuard({ resolver, allowNonPublic: true });
    await expect(open.check('other.internal')).resolves.toMatchObject({ address: '10.0.0.7' });
  });
});
