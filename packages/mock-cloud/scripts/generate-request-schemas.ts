/**
 * Writes `src/generated/request-schemas.ts`: the fields of every request body schema of the spec, as data
 * the mock validates bodies with (the way DRF serializers do), and the methods of every path. Generated from the spec so that the mock's
 * validation cannot drift from what the spec says a server accepts.
 *
 * `tsx scripts/generate-request-schemas.ts` writes the file; `--check` fails when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { parse } from 'yaml';

const SPEC = fileURLToPath(new URL('../../../openapi/iotile-cloud.yaml', import.meta.url));
const OUT = fileURLToPath(new URL('../src/generated/request-schemas.ts', import.meta.url));

type Json = Record<string, unknown>;

const spec = parse(readFileSync(SPEC, 'utf8')) as { paths: Json; components: { schemas: Json } };
const schemas = spec.components.schemas as Record<string, Json>;

function deref(schema: Json): Json {
  let s = schema;
  while (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop() as string;
    s = {
      ...(schemas[name] as Json),
      ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref')),
    };
  }
  return s;
}

/** One field as data: its JSON types, and the constraints DRF checks. */
function field(raw: Json): Json {
  const s = deref(raw);
  const out: Json = {};
  let types: string[] = [];
  if (Array.isArray(s.type)) {
    types = s.type as string[];
  } else if (typeof s.type === 'string') {
    types = [s.type];
  } else if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) {
    for (const option of (s.oneOf ?? s.anyOf) as Json[]) {
      const o = deref(option);
      if (Array.isArray(o.enum)) {
        out.enum = [...((out.enum as unknown[]) ?? []), ...(o.enum as unknown[]).filter((v) => v !== null)];
        if ((o.enum as unknown[]).includes(null)) {
          types.push('null');
        }
      }
      types.push(
        ...(Array.isArray(o.type) ? (o.type as string[]) : typeof o.type === 'string' ? [o.type] : []),
      );
    }
  }
  if (Array.isArray(s.enum)) {
    out.enum = (s.enum as unknown[]).filter((v) => v !== null);
    if ((s.enum as unknown[]).includes(null)) {
      types.push('null');
    }
  }
  const nonNull = [...new Set(types.filter((t) => t !== 'null'))];
  out.types = nonNull.length > 0 ? nonNull : ['any'];
  if (types.includes('null') || s.nullable === true) {
    out.nullable = true;
  }
  for (const key of ['maxLength', 'minLength', 'minimum', 'maximum', 'format', 'default'] as const) {
    if (s[key] !== undefined) {
      out[key] = s[key];
    }
  }
  if (s.items !== undefined) {
    out.items = field(s.items as Json);
  }
  return out;
}

function objectSchema(name: string): Json {
  const s = deref(schemas[name] as Json);
  const fields: Json = {};
  for (const [key, prop] of Object.entries((s.properties ?? {}) as Record<string, Json>)) {
    if (deref(prop).readOnly === true) {
      continue;
    }
    fields[key] = field(prop);
  }
  return { required: ((s.required ?? []) as string[]).filter((k) => k in fields), fields };
}

const names = new Set<string>();
function collect(schema: unknown): void {
  if (schema === null || typeof schema !== 'object') {
    return;
  }
  const s = schema as Json;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop() as string;
    if ((schemas[name] as Json | undefined)?.type === 'object') {
      names.add(name);
    }
    return;
  }
  for (const value of Object.values(s)) {
    collect(value);
  }
}
for (const item of Object.values(spec.paths) as Json[]) {
  for (const method of ['post', 'put', 'patch', 'delete']) {
    collect((item[method] as Json | undefined)?.requestBody);
  }
}

const operations = Object.entries(spec.paths as Record<string, Json>)
  .map(([path, item]) => {
    const methods = ['get', 'post', 'put', 'patch', 'delete']
      .filter((m) => item[m] !== undefined)
      .map((m) => m.toUpperCase());
    return `  '${path}': ${JSON.stringify(methods)},`;
  })
  .join('\n');

const body = [...names]
  .sort()
  .map((name) => `  ${name}: ${JSON.stringify(objectSchema(name))},`)
  .join('\n');
const text = `// Generated from openapi/iotile-cloud.yaml by scripts/generate-request-schemas.ts: do not edit by hand.
// Regenerate with \`pnpm --filter @iotile/mock-cloud generate\`.
import type { RequestSchema } from '../request-schema.js';

/** The writable fields of each request body schema of the spec (read-only fields left out). */
export const REQUEST_SCHEMAS = {
${body}
} as const satisfies Record<string, RequestSchema>;

export type RequestSchemaName = keyof typeof REQUEST_SCHEMAS;

/** The methods the spec has for each path (below \`/api/v1\`). */
export const SPEC_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
${operations}
};
`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {
    // Missing counts as stale.
  }
  if (current !== text) {
    process.stderr.write(`${OUT} is stale: run \`pnpm --filter @iotile/mock-cloud generate\`\n`);
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
}
