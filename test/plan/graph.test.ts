import { describe, expect, it } from 'vitest';
import { ancestorsOf, imageGraph } from '../../src/plan/graph.js';

// File order deliberately puts children before their parents.
const images = new Map<string, { parent?: string }>([
  ['b-child', { parent: 'b' }],
  ['a-child-child', { parent: 'a-child' }],
  ['a', {}],
  ['a-child', { parent: 'a' }],
  ['b', {}],
  ['a-child2', { parent: 'a' }],
]);

describe('image graph', () => {
  it('orders parents before children, groups together, siblings in file order', () => {
    const g = imageGraph(images);
    expect(g.order).toEqual(['a', 'a-child', 'a-child-child', 'a-child2', 'b', 'b-child']);
    expect(g.order.indexOf('a-child')).toBeLessThan(g.order.indexOf('a-child-child'));
  });

  it('puts every image in the group of its root', () => {
    const g = imageGraph(images);
    expect(Object.fromEntries(g.groupOf)).toEqual({
      a: 'a',
      'a-child': 'a',
      'a-child-child': 'a',
      'a-child2': 'a',
      b: 'b',
      'b-child': 'b',
    });
  });

  it('lists ancestors nearest first', () => {
    const g = imageGraph(images);
    expect(ancestorsOf(g, 'a-child-child')).toEqual(['a-child', 'a']);
    expect(ancestorsOf(g, 'a')).toEqual([]);
  });

  it('handles a chain of 5,000 images without recursion limits', () => {
    const chain = new Map<string, { parent?: string }>();
    for (let i = 0; i < 5000; i++) chain.set(`i${i}`, i === 0 ? {} : { parent: `i${i - 1}` });
    const g = imageGraph(chain);
    expect(g.order[4999]).toBe('i4999');
    expect(g.groupOf.get('i4999')).toBe('i0');
  });

  it('refuses a cycle or an unknown parent (the loader reports them first, with positions)', () => {
    expect(() => imageGraph(new Map([['x', { parent: 'y' }]]))).toThrow(/unknown parent y/);
    expect(() =>
      imageGraph(
        new Map([
          ['x', { parent: 'y' }],
          ['y', { parent: 'x' }],
        ]),
      ),
    ).toThrow(/cycle among x, y/);
  });
});
