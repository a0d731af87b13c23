// Contract checks against docs/openapi.yaml: a test helper, not a test file.
import { readFile } from 'node:fs/promises';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

type Json = Record<string, unknown>;

/** The `$id` the whole document is registered under, so its `$ref`s resolve inside Ajv. */
const documentId = 'openapi.json';
const documentUrl = new URL('../../docs/openapi.yaml', import.meta.url);

// Both packages are CommonJS; under ESM the default import may be the module object.
type AjvClass = typeof Ajv2020;
const Ajv: AjvClass = (Ajv2020 as unknown as { default?: AjvClass }).default ?? Ajv2020;
type FormatsPlugin = typeof addFormats;
const formats: FormatsPlugin = (addFormats as unknown as { default?: FormatsPlugin }).default ?? addFormats;

interface Contract {
  document: Json;
  ajv: InstanceType<AjvClass>;
  validators: Map<string, ValidateFunction>;
}

let contract: Promise<Contract> | undefined;

/** Reads and parses docs/openapi.yaml (fresh on every call). */
export async function loadOpenApi(): Promise<Record<string, unknown>> {
  const parsed: unknown = parse(await readFile(documentUrl, 'utf8'));
  if (!isObject(parsed)) throw new Error(`${documentUrl.pathname} is not a YAML mapping`);
  return parsed;
}

function getContract(): Promise<Contract> {
  contract ??= (async () => {
    const document = await loadOpenApi();
    const ajv = new Ajv({ strict: false, allErrors: true });
    formats(ajv);
    ajv.addSchema({ ...document, $id: documentId });
    return { document, ajv, validators: new Map() };
  })();
  return contract;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Follows local `$ref`s; answers the object and the JSON Pointer it lives at. */
function resolve(document: Json, value: unknown, pointer: string): { value: unknown; pointer: string } {
  const seen = new Set<string>();
  while (isObject(value) && typeof value.$ref === 'string') {
    const ref = value.$ref;
    if (!ref.startsWith('#')) throw new Error(`Only local $refs are supported, got ${ref} at ${pointer}`);
    if (seen.has(ref)) throw new Error(`Circular $ref ${ref}`);
    seen.add(ref);
    pointer = ref.slice(1);
    value = document;
    for (const segment of pointer
      .split('/')
      .slice(1)
      .map((s) => unescapePointer(decodeURIComponent(s)))) {
      value = isObject(value) ? value[segment] : undefined;
    }
    if (value === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  }
  return { value, pointer };
}

/** `application/problem+json; charset=utf-8` → `application/problem+json`. */
function essence(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** The documented media-type key matching `actual` (exact first, then `type/*`, then `*\/*`). */
function findMediaType(content: Json, actual: string): string | undefined {
  const keys = Object.keys(content);
  const exact = keys.find((key) => essence(key) === actual);
  if (exact !== undefined) return exact;
  const wildcard = `${actual.split('/')[0]}/*`;
  return keys.find((key) => essence(key) === wildcard) ?? keys.find((key) => essence(key) === '*/*');
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `  ${e.instancePath || '(root)'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`)
    .join('\n');
}

function truncate(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/**
 * Asserts that `response` is what the contract documents for `method pathTemplate`
 * (e.g. `'GET', '/v1/customers/{id}'`): its status is documented, its Content-Type is one
 * documented for that status, and a JSON body matches the documented schema.
 */
export async function assertMatchesContract(method: string, pathTemplate: string, response: Response): Promise<void> {
  const { document, ajv, validators } = await getContract();
  const where = `${method.toUpperCase()} ${pathTemplate}`;
  function fail(message: string): never {
    throw Object.assign(new Error(`${where} → ${response.status}: ${message}`), { name: 'AssertionError' });
  }

  const paths = isObject(document.paths) ? document.paths : {};
  const pathPointer = `/paths/${escapePointer(pathTemplate)}`;
  const pathItem = resolve(document, paths[pathTemplate], pathPointer);
  if (!isObject(pathItem.value)) fail('the path is not documented');
  const methodKey = method.toLowerCase();
  const operation = pathItem.value[methodKey];
  if (!isObject(operation)) fail('the method is not documented for this path');

  const responses = isObject(operation.responses) ? operation.responses : {};
  const status = String(response.status);
  const statusKey = [status, `${status[0]}XX`, 'default'].find((key) => key in responses);
  if (statusKey === undefined)
    fail(`status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`);
  const responsesPointer = `${pathItem.pointer}/${escapePointer(methodKey)}/responses`;
  const answer = resolve(document, responses[statusKey], `${responsesPointer}/${escapePointer(statusKey)}`);
  if (!isObject(answer.value)) fail(`the response object for ${statusKey} is not an object`);
  const content = isObject(answer.value.content) ? answer.value.content : undefined;

  const contentTypeHeader = response.headers.get('Content-Type');
  if (!content || Object.keys(content).length === 0) {
    // No body documented: a body with a Content-Type is a contract breach.
    if (contentTypeHeader && (await response.clone().text()).length > 0) {
      fail(`no body is documented, but the answer has a ${contentTypeHeader} body`);
    }
    return;
  }
  const documented = Object.keys(content).join(', ');
  if (!contentTypeHeader) fail(`the answer has no Content-Type (documented: ${documented})`);
  const actual = essence(contentTypeHeader);
  const mediaKey = findMediaType(content, actual);
  if (mediaKey === undefined) fail(`Content-Type ${contentTypeHeader} is not documented (documented: ${documented})`);

  const media = content[mediaKey];
  if (!isJsonMediaType(actual) || !isObject(media) || media.schema === undefined) return;

  const schemaPointer = `${answer.pointer}/content/${escapePointer(mediaKey)}/schema`;
  let validate = validators.get(schemaPointer);
  if (!validate) {
    const fragment = schemaPointer.split('/').map(encodeURIComponent).join('/');
    validate = ajv.compile({ $ref: `${documentId}#${fragment}` });
    validators.set(schemaPointer, validate);
  }

  const text = await response.clone().text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    fail(`the body is not JSON:\n${truncate(text)}`);
  }
  if (!validate(body)) {
    fail(`the body does not match ${schemaPointer}:\n${formatErrors(validate.errors)}\nbody: ${truncate(text)}`);
  }
}
