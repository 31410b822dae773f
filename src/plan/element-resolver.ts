// Computes the element closures (element-closure.ts) of many images, reading each element's files
// once: load every image's elements first (element-loader.ts), then each closure is pure CPU, a walk
// of the numbered graph (element-graph.ts) or, for a child image, an extension of its parent's
// (child-closure.ts).
import type { ElementLocation, ElementsPath } from '../config/elements-path.js';
import type { SourceTree } from '../config/source-tree.js';
import { InputErrors } from '../errors.js';
import { addedTo, extendClosure, extendsParent } from './child-closure.js';
import { dibImplicitElements, IMPLICIT_ELEMENTS } from './dib-element-rules.js';
import type { ElementClosure, ParentClosure } from './element-closure.js';
import { ElementGraph, type Walk } from './element-graph.js';
import { ElementLoader } from './element-loader.js';
import { unknownElement } from './unknown-element.js';

export class ElementResolver {
  private readonly loader: ElementLoader;
  private readonly graph: ElementGraph;
  /** What each closure's walk saw, for extending it to a child's. */
  private readonly walks = new WeakMap<ElementClosure, Walk>();

  constructor(tree: SourceTree, path: ElementsPath) {
    this.loader = new ElementLoader(tree, path, (name, files) => this.graph.loaded(name, files));
    this.graph = new ElementGraph(
      (name) => this.loader.locate(name),
      (name) => this.loader.files(name),
    );
  }

  locate(name: string): ElementLocation | undefined {
    return this.loader.locate(name);
  }

  async closure(elements: readonly string[]): Promise<ElementClosure> {
    await this.load([...elements, ...IMPLICIT_ELEMENTS]);
    return this.loadedClosure(elements);
  }

  /**
   * Reads the files of `names` and everything they depend on. Loading the elements of many images at
   * once first makes each of their closures pure CPU.
   */
  async load(names: Iterable<string>): Promise<void> {
    // Numbered now, so the closures that follow meet no new names (each would re-rank them all).
    for (const name of await this.loader.load(names)) this.graph.id(name);
  }

  /**
   * The closure of elements `load` has already read (with IMPLICIT_ELEMENTS): no I/O, no awaits,
   * for computing the closures of many images after one load.
   */
  loadedClosure(elements: readonly string[], parent?: ParentClosure): ElementClosure {
    // The parent's elements were checked with its closure: only what extends them is new here.
    const extending = parent !== undefined && extendsParent(elements, parent);
    for (let i = extending ? parent.elements.length : 0; i < elements.length; i++) {
      if (!this.loader.isComplete(elements[i]))
        throw new Error(`element '${elements[i]}' was not loaded before its closure`);
    }
    const implicit = dibImplicitElements(elements).filter((n) => this.locate(n));
    const extended =
      extending && extendClosure(this.graph, parent, this.walks.get(parent.closure), elements, implicit);
    const result =
      extended ||
      this.graph.walk(
        elements.map((n) => this.graph.id(n)),
        implicit.map((n) => this.graph.id(n)),
      );
    if ('unknown' in result) {
      throw new InputErrors(result.unknown.map((name) => unknownElement(this.loader, name, result.members)));
    }
    this.walks.set(result.closure, result.walk);
    if (parent && !extended) result.closure.added = addedTo(result.closure, parent.closure);
    return result.closure;
  }
}
