/**
 * The "lazy property" pattern, for accessors Lit does not manage. A property set on an element
 * before its class was defined (a framework or a script that runs before the definition) is an
 * own property of the instance that shadows the class's accessor: the setter never runs and the
 * getter is never reached. Lit handles its declared `@property`/`@state` properties itself; call
 * this in `connectedCallback` for a plain getter/setter pair: it removes the own property and sets
 * the value again, through the setter.
 */
export function upgradeProperties<T extends HTMLElement>(el: T, names: readonly (keyof T & string)[]): void {
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(el, name)) continue;
    const value = el[name];
    delete el[name];
    el[name] = value;
  }
}
