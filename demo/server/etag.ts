/** `If-None-Match` / `If-Match` hold the entity tag (weak comparison, lists and `*` allowed). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => strip(tag) === strip(etag));
}

/** The strong entity tag of one version of a customer. */
export const customerEtag = (id: string, version: number) => `"${id}.v${version}"`;
