/** Entries kept before a cache starts afresh (a document has a few hundred distinct amounts). */
const LIMIT = 4096;

/**
 * `read` remembered by its input text. The rules parse the same amounts, rates and
 * quantities over and over (each of them read by several rules); the parsed values are
 * immutable, so one value per text serves them all.
 */
export function byText<T>(read: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined && !cache.has(s)) {
      if (cache.size >= LIMIT) cache.clear();
      v = read(s);
      cache.set(s, v);
    }
    return v as T;
  };
}
