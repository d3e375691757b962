/**
 * Finds the first key that could smuggle a MongoDB operator or a dotted path into a query:
 * one that starts with `$` or contains `.`. Walks iteratively so a deeply nested body cannot
 * overflow the stack. Returns the key's path, or undefined when the value is clean.
 */
export function findForbiddenKey(value: unknown): string | undefined {
  const stack: Array<{ node: unknown; path: string }> = [{ node: value, path: '' }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--)
        stack.push({ node: node[i], path: `${path}[${i}]` });
      continue;
    }
    for (const [key, child] of Object.entries(node)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key.startsWith('$') || key.includes('.')) return childPath;
      stack.push({ node: child, path: childPath });
    }
  }
  return undefined;
}
