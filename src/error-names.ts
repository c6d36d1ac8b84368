// Not exported from the package: how src/errors.ts and src/sql/errors.ts name their classes.

/**
 * Gives each error class its `name` from the key it is listed under: a string a bundler's minifier
 * leaves alone (it renames classes, never property keys), so `err.name` and `toJSON().name` read
 * `'NotFoundError'` in any bundle. Set on the prototype, before any instance exists.
 */
export function nameErrorClasses(classes: Record<string, abstract new (...args: never[]) => Error>): void {
  for (const [name, errorClass] of Object.entries(classes)) {
    Object.defineProperty(errorClass.prototype, 'name', { value: name, writable: true, configurable: true });
  }
}
