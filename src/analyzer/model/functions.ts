// Finds the functions of this file that a name, `self.method`, lambda or `functools.partial`
// refers to, and the class a method belongs to.
import type { ClassInfo, Facts, FunctionInfo } from '../collect';
import { callArgs, MAX_EXPRESSION_DEPTH, unwrap, type Node } from '../syntax';
import { Q, type Names } from './names';

/** A function this file defines, reached through a callable expression. */
export interface CallableRef {
  fn: FunctionInfo;
  /** Arguments already bound by `functools.partial`, passed before the call's own. */
  boundArgs: Node[];
  /** True for `self.m` and other bound methods: the first parameter is already taken. */
  bound: boolean;
}

export class Functions {
  private readonly byName = new Map<string, FunctionInfo[]>();
  private readonly byStart = new Map<number, FunctionInfo>();
  private readonly classesByName = new Map<string, ClassInfo[]>();

  constructor(
    facts: Facts,
    private readonly names: Names,
  ) {
    for (const fn of facts.functions) {
      this.byStart.set(fn.node.startIndex, fn);
      if (fn.name === null || fn.cls) continue;
      const list = this.byName.get(fn.name);
      if (list) list.push(fn);
      else this.byName.set(fn.name, [fn]);
    }
    for (const cls of facts.classes) {
      const list = this.classesByName.get(cls.name);
      if (list) list.push(cls);
      else this.classesByName.set(cls.name, [cls]);
    }
  }

  /** The plain function `name` visible from `from` (innermost enclosing scope first, then module level). */
  lookup(name: string, from: FunctionInfo | null): FunctionInfo | null {
    const candidates = this.byName.get(name);
    if (!candidates) return null;
    for (let scope = from; ; scope = scope.parent) {
      const found = candidates.find((fn) => fn.parent === scope);
      if (found) return found;
      if (scope === null) return null;
    }
  }

  classNamed(name: string): ClassInfo | null {
    return this.classesByName.get(name)?.[0] ?? null;
  }

  /** The function a lambda or def node defines. */
  functionAt(node: Node): FunctionInfo | null {
    const fn = this.byStart.get(node.startIndex);
    return fn && fn.node.endIndex === node.endIndex ? fn : null;
  }

  /** The class whose methods `self` refers to inside `fn` (nested functions see the method's class). */
  classOf(fn: FunctionInfo | null): ClassInfo | null {
    for (let scope = fn; scope; scope = scope.parent) if (scope.cls) return scope.cls;
    return null;
  }

  /** Method `name` of `cls` or of a base class defined in this file. */
  method(cls: ClassInfo, name: string): FunctionInfo | null {
    const seen = new Set<ClassInfo>();
    let current: ClassInfo | null = cls;
    while (current && !seen.has(current)) {
      seen.add(current);
      const found = current.methods.get(name);
      if (found) return found;
      current = this.baseInFile(current);
    }
    return null;
  }

  /** The first superclass that is a class of this file. */
  baseInFile(cls: ClassInfo): ClassInfo | null {
    for (const base of cls.superclasses) {
      if (base.type === 'identifier') {
        const found = this.classNamed(base.text);
        if (found && found !== cls) return found;
      }
    }
    return null;
  }

  /** Resolves a callable expression evaluated in `from` to a function of this file. */
  resolveCallable(expr: Node | null | undefined, from: FunctionInfo | null): CallableRef | null {
    const boundArgs: Node[] = [];
    let current = unwrap(expr ?? null);
    for (let depth = 0; current && depth < MAX_EXPRESSION_DEPTH; depth++) {
      switch (current.type) {
        case 'identifier': {
          const fn = this.lookup(current.text, from);
          return fn ? { fn, boundArgs, bound: false } : null;
        }
        case 'lambda': {
          const fn = this.functionAt(current);
          return fn ? { fn, boundArgs, bound: false } : null;
        }
        case 'attribute': {
          const object = unwrap(current.childForFieldName('object'));
          const attr = current.childForFieldName('attribute')?.text;
          if (object?.type !== 'identifier' || !attr || object.text !== 'self') return null;
          const cls = this.classOf(from);
          const fn = cls ? this.method(cls, attr) : null;
          return fn ? { fn, boundArgs, bound: true } : null;
        }
        case 'call': {
          // functools.partial(f, a, b): the target is f, with a and b bound first.
          if (this.names.qualify(current.childForFieldName('function')) !== Q.partial) return null;
          const args = callArgs(current);
          const [target, ...rest] = args.positional;
          boundArgs.unshift(...rest);
          current = unwrap(target ?? null);
          break;
        }
        default:
          return null;
      }
    }
    return null;
  }
}
