/**
 * A config is data. Strings from it reach Terraform only through the escaping boundary
 * (src/terraform/escape.ts), which keeps exactly one kind of sequence live: cdktf's token markers,
 * the code's own references. A config string that carries one would smuggle a reference past that
 * boundary, so it is refused here, before the schema. Pure.
 */
import { ANY_TOKEN_MARKER } from '../terraform/escape';
import { formatPath, Problem } from './problems';

/** Every string (and object key) of the raw input that holds a cdktf token marker. */
export function tokenMarkerProblems(input: unknown): Problem[] {
  const problems: Problem[] = [];
  const walk = (value: unknown, at: PropertyKey[]) => {
    if (typeof value === 'string') {
      if (ANY_TOKEN_MARKER.test(value)) problems.push({ path: formatPath(at), message: 'contains a cdktf token marker ("${TfToken[", "#{TfToken[" or "&{TfToken["), which the code alone may write', value, fix: 'Write the literal value; a config cannot reference Terraform resources' });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...at, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === '__proto__') problems.push({ path: formatPath([...at, k]), message: 'is a key JavaScript reads as the object\'s prototype, so it would be dropped silently', value: k, fix: 'Rename the key' });
        if (ANY_TOKEN_MARKER.test(k)) problems.push({ path: formatPath([...at, k]), message: 'is a key that contains a cdktf token marker, which the code alone may write', value: k, fix: 'Rename the key' });
        walk(v, [...at, k]);
      }
    }
  };
  walk(input, []);
  return problems;
}
