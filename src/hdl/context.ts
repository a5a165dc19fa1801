import type { ModuleDef } from './ir.ts';

/**
 * The module whose body is running. Generators run nested (a parent's body elaborates its children), so
 * this is a stack; values and statements check that they belong to its top.
 */
const stack: ModuleDef[] = [];

export function currentModule(): ModuleDef | undefined {
  return stack[stack.length - 1];
}

export function withModule<T>(def: ModuleDef, fn: () => T): T {
  stack.push(def);
  try {
    return fn();
  } finally {
    stack.pop();
  }
}
