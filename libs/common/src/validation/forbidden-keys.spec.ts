import { findForbiddenKey } from './forbidden-keys';

describe('findForbiddenKey', () => {
  it.each([
    [{ $where: 'sleep(1000)' }, '$where'],
    [{ name: 'Ada', $gt: '' }, '$gt'],
    [{ 'location.country': 'GB' }, 'location.country'],
    [{ '.': 1 }, '.'],
    [{ $: 1 }, '$'],
  ])('finds a forbidden key at the top level of %j', (input, path) => {
    expect(findForbiddenKey(input)).toBe(path);
  });

  it('finds a forbidden key in a nested object and gives its dotted path', () => {
    expect(findForbiddenKey({ filter: { name: { $ne: null } } })).toBe('filter.name.$ne');
    expect(findForbiddenKey({ profile: { 'a.b': true } })).toBe('profile.a.b');
  });

  it('finds a forbidden key inside arrays and gives indexes in brackets', () => {
    const body = { profiles: [{ name: 'a' }, { name: 'b' }, { $gt: 1 }] };
    expect(findForbiddenKey(body)).toBe('profiles[2].$gt');
    expect(findForbiddenKey([{ ok: 1 }, { 'x.y': 1 }])).toBe('[1].x.y');
    expect(findForbiddenKey({ matrix: [[], [{}, { deep: [{ $in: [] }] }]] })).toBe(
      'matrix[1][1].deep[0].$in',
    );
  });

  it('finds a forbidden key that comes after a large clean sibling', () => {
    const clean = Array.from({ length: 1000 }, (_, i) => ({ id: i, tags: ['a', 'b'] }));
    expect(findForbiddenKey({ items: clean, meta: { $set: {} } })).toBe('meta.$set');
  });

  it('judges keys, not values', () => {
    expect(findForbiddenKey({ name: '$gt', email: 'ada@example.com', tags: ['$x', 'a.b'] })).toBe(
      undefined,
    );
  });

  it('accepts clean input', () => {
    expect(
      findForbiddenKey({
        name: 'Ada',
        location: { country: 'GB', city: 'London' },
        positions: [{ title: 'Engineer', years: [2019, 2020] }],
        price$: 1,
        'end-date': null,
      }),
    ).toBeUndefined();
    expect(findForbiddenKey({})).toBeUndefined();
    expect(findForbiddenKey([])).toBeUndefined();
  });

  it.each([[undefined], [null], [0], [''], ['$gt'], ['a.b'], [true]])(
    'accepts the primitive %p',
    (value) => {
      expect(findForbiddenKey(value)).toBeUndefined();
    },
  );

  it('does not overflow the stack on 100k levels of nested objects', () => {
    const depth = 100_000;
    const root: Record<string, unknown> = {};
    let node = root;
    for (let i = 0; i < depth; i++) {
      const child: Record<string, unknown> = {};
      node.a = child;
      node = child;
    }
    expect(() => findForbiddenKey(root)).not.toThrow();
    expect(findForbiddenKey(root)).toBeUndefined();

    node.$where = 'x';
    const found = findForbiddenKey(root);
    expect(found).toBe(`${'a.'.repeat(depth)}$where`);
  });

  it('does not overflow the stack on 100k levels of nested arrays', () => {
    const depth = 100_000;
    const root: unknown[] = [];
    let node = root;
    for (let i = 0; i < depth; i++) {
      const child: unknown[] = [];
      node.push(child);
      node = child;
    }
    node.push({ $gt: 1 });
    expect(findForbiddenKey(root)).toBe(`${'[0]'.repeat(depth)}[0].$gt`);
  });
});
