/**
 * One entry per key, made on first use and kept for the instance's lifetime: the cache of one kind
 * of resource (a customer by id, a list of orders by customer and status).
 */
export interface Keyed<Args extends unknown[], Value> {
  /** The entry for these arguments, made now if there is none yet. */
  get(...args: Args): Value;
  /** The entry for these arguments if one was made. */
  peek(...args: Args): Value | undefined;
  /** Every entry made so far, with its arguments. */
  entries(): Iterable<[Args, Value]>;
}

export function keyed<Args extends unknown[], Value>(
  keyOf: (...args: Args) => string,
  create: (...args: Args) => Value,
): Keyed<Args, Value> {
  const made = new Map<string, [Args, Value]>();
  return {
    get(...args) {
      const key = keyOf(...args);
      let entry = made.get(key);
      if (!entry) made.set(key, (entry = [args, create(...args)]));
      return entry[1];
    },
    peek: (...args) => made.get(keyOf(...args))?.[1],
    entries: () => made.values(),
  };
}
