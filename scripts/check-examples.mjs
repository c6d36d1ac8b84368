// Every exported symbol of the public API has a doc comment with an `@example`, and every example
// compiles against the package. Reads typedoc's JSON model (`typedoc --json`), lists what lacks an
// example, then typechecks each example as a module of its own with tsc.
//
// Examples are written as a user writes them: they may import from 'flink-rest' themselves; whatever
// public name they use without importing is imported for them, and a few names every example may
// assume (`flink`, `jobId`, `gateway`, `session`, …, see AMBIENT) are declared unless the example declares them itself.
//
// usage: node scripts/check-examples.mjs [docs/api/api.json]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const model = JSON.parse(readFileSync(process.argv[2] ?? `${root}docs/api/api.json`, 'utf8'));

const KIND = { namespace: 4, variable: 32, function: 64, class: 128, interface: 256, method: 2048 };
const KIND_ACCESSOR = 262144;
const KIND_REFERENCE = 4194304;
const AMBIENT = {
  flink: 'FlinkClient',
  jobId: 'string',
  vertexId: 'string',
  taskManagerId: 'string',
  jarId: 'string',
  triggerId: 'string',
  savepointPath: 'string',
  signal: 'AbortSignal',
  gateway: 'SqlGateway',
  session: 'SqlSession',
};

const comments = (r) => [r.comment, ...(r.signatures ?? []).map((s) => s.comment), r.getSignature?.comment, r.setSignature?.comment];
const examplesOf = (r) =>
  comments(r)
    .flatMap((c) => c?.blockTags ?? [])
    .filter((t) => t.tag === '@example')
    .flatMap((t) => t.content.filter((p) => p.kind === 'code').map((p) => p.text));

// What must carry an example: every top-level export, every export of a namespace (schemas), and
// every public method or accessor a class or interface declares itself (inherited ones are
// documented where they are declared).
const required = [];
function visit(r, prefix) {
  for (const c of r.children ?? []) {
    if (c.kind === KIND_REFERENCE) continue;
    const name = prefix ? `${prefix}.${c.name}` : c.name;
    required.push({ name, r: c });
    if (c.kind === KIND.namespace) visit(c, name);
    if (c.kind === KIND.class || c.kind === KIND.interface) {
      for (const m of c.children ?? []) {
        const member = m.kind === KIND.method || m.kind === KIND_ACCESSOR;
        if (!member || m.inheritedFrom || m.flags?.isPrivate || m.flags?.isProtected) continue;
        if (c.kind === KIND.class && m.flags?.isStatic && !m.comment && !m.signatures?.[0]?.comment) continue;
        required.push({ name: `${name}.${m.name}`, r: m });
      }
    }
  }
}
visit(model, '');

const missing = required.filter(({ r }) => examplesOf(r).length === 0).map(({ name }) => name);
if (missing.length > 0) {
  console.error(`${missing.length} of ${required.length} exported symbols have no @example:\n  ${missing.join('\n  ')}`);
}

// The public names, to import into examples that use them without importing.
const values = [];
const types = [];
for (const c of model.children ?? []) {
  const isValue = [KIND.variable, KIND.function, KIND.class, KIND.namespace].includes(c.kind);
  const target = c.kind === KIND_REFERENCE ? model.children.find((t) => t.id === c.target) : c;
  const valueLike = isValue || (target && [KIND.variable, KIND.function, KIND.class].includes(target.kind));
  (valueLike ? values : types).push(c.name);
}

// EXAMPLES_DIR: where the examples are written (default .cache/examples); must sit two levels below the root.
const dir = process.env.EXAMPLES_DIR ?? `${root}.cache/examples`;
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const files = [];
for (const { name, r } of required) {
  examplesOf(r).forEach((block, i) => {
    const code = block.replace(/^```\w*\n?/, '').replace(/```\s*$/, '');
    const imported = new Set(
      [...code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'flink-rest'/g)].flatMap((m) =>
        m[1].split(',').map((s) =>
          s
            .replace(/^\s*type\s+/, '')
            .trim()
            .split(/\s+as\s+/)
            .pop(),
        ),
      ),
    );
    const uses = (n) => new RegExp(`(?<![\\w.$'"])${n}\\b`).test(code.replace(/import[^;]*;/g, ''));
    const declares = (n) =>
      new RegExp(`(?:const|let|var|using|function|class)\\s+${n}\\b|(?:const|let|var)\\s*[{[][^}\\]]*\\b${n}\\b[^}\\]]*[}\\]]\\s*=`).test(
        code,
      );
    const ambient = Object.entries(AMBIENT).filter(([n]) => uses(n) && !declares(n));
    const needed = (n) => !imported.has(n) && (uses(n) || ambient.some(([, type]) => type === n));
    const v = values.filter(needed);
    const t = types.filter(needed);
    const prelude = [];
    if (v.length) prelude.push(`import { ${v.join(', ')} } from 'flink-rest';`);
    if (t.length) prelude.push(`import type { ${t.join(', ')} } from 'flink-rest';`);
    for (const [n, type] of ambient) prelude.push(`declare const ${n}: ${type};`);
    // Numbered: names that differ only in case (JobGroup, jobGroup) must not collide.
    const file = `${String(files.length + 1).padStart(3, '0')}-${name.replace(/[^\w.-]/g, '_')}.${i}.ts`;
    writeFileSync(`${dir}/${file}`, `${prelude.join('\n')}\n// ${name}, example ${i + 1}\n${code}\nexport {};\n`);
    files.push(file);
  });
}
writeFileSync(
  `${dir}/tsconfig.json`,
  JSON.stringify({
    extends: '../../tsconfig.json',
    compilerOptions: {
      noEmit: true,
      rootDir: '../..',
      paths: { 'flink-rest': ['../../src/index.ts'], 'flink-rest/*': ['../../src/generated/*.ts'] },
    },
    include: ['./*.ts'],
  }),
);
let compiled = true;
try {
  execFileSync(`${root}node_modules/.bin/tsc`, ['-p', `${dir}/tsconfig.json`, '--pretty', 'false'], { stdio: 'pipe' });
} catch (e) {
  compiled = false;
  console.error(`examples that do not compile:\n${e.stdout}${e.stderr}`);
}
console.log(
  `${required.length} exported symbols, ${required.length - missing.length} with an example; ${files.length} examples ${compiled ? 'compile' : 'checked, some do not compile'}`,
);
process.exit(missing.length === 0 && compiled ? 0 : 1);
