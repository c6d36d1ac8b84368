#!/usr/bin/env node
// Which operations of Flink's REST API flink-rest wraps, per release line in src/generated.
//
// "Wrapped" is read from the code, never from a list: every typed call `….call('METHOD', '/template', …)`
// (or a helper called the same way, the method and template side by side) in src/resources, src/operations and src/client.ts wraps that operation, and the public SDK methods
// that can reach the call (following references through private helpers and shared tables such as
// the trigger table, so a shared helper names every method that uses it) are named beside it. What is
// deliberately not wrapped is in openapi/not-wrapped.yaml, each with its reason.
//
// Fails (exit 1) on an operation of any line that is neither wrapped nor listed, on a listed one that
// is wrapped after all, and on a listed or wrapped one that no line has.
//
// usage: node scripts/coverage-rest.mjs [--json]
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** `METHOD /template` → operationId, from the `paths` interface of a generated module. */
function operationsOf(file) {
  const ops = new Map();
  const text = readFileSync(file, 'utf8');
  const block = text.slice(text.indexOf('export interface paths {'), text.indexOf('\nexport type webhooks'));
  let path;
  for (const line of block.split('\n')) {
    const p = line.match(/^ {4}"([^"]+)": \{$/);
    if (p) path = p[1];
    const m = line.match(/^ {8}(get|put|post|delete|patch): operations\["(\w+)"\];$/);
    if (m && path) ops.set(`${m[1].toUpperCase()} ${path}`, m[2]);
  }
  return ops;
}

function specLines() {
  const dir = join(root, 'src/generated');
  return readdirSync(dir)
    .map((name) => name.match(/^flink-(\d+\.\d+)\.ts$/)?.[1])
    .filter(Boolean)
    .sort((a, b) => {
      const [am, an] = a.split('.').map(Number);
      const [bm, bn] = b.split('.').map(Number);
      return am - bm || an - bn;
    })
    .map((line) => ({ line, ops: operationsOf(join(dir, `flink-${line}.ts`)) }));
}

/** The typed call sites in the SDK and the public methods that reach each. */
function wrappedOperations() {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
  const program = ts.createProgram([join(root, 'src/index.ts')], config.options);
  const checker = program.getTypeChecker();
  const scanned = program
    .getSourceFiles()
    .filter((f) => /\/src\/(resources|operations)\/|\/src\/client\.ts$/.test(f.fileName.replaceAll('\\', '/')));

  // FlinkClient's resource properties: class name → `flink.<property>`.
  const onClient = new Map();
  const client = scanned.find((f) => f.fileName.endsWith('/src/client.ts'));
  ts.forEachChild(client, function visit(node) {
    if (ts.isClassDeclaration(node) && node.name?.text === 'FlinkClient') {
      for (const member of node.members) {
        if (ts.isPropertyDeclaration(member) && member.type && ts.isTypeReferenceNode(member.type)) {
          onClient.set(member.type.typeName.getText(), `flink.${member.name.getText()}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  });

  /** The named declaration a node sits in: a class member, a function, or a module-level variable. */
  const containerOf = (node) => {
    for (let n = node.parent; n; n = n.parent) {
      if ((ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isConstructorDeclaration(n)) && ts.isClassLike(n.parent))
        return n;
      if (ts.isPropertyDeclaration(n) && ts.isClassLike(n.parent)) return n;
      if (ts.isFunctionDeclaration(n) && n.name) return n;
      if (ts.isVariableDeclaration(n) && ts.isVariableStatement(n.parent?.parent) && ts.isSourceFile(n.parent.parent.parent)) return n;
    }
    return undefined;
  };
  const symbolOf = (decl) => (decl.name ? checker.getSymbolAtLocation(decl.name) : undefined);
  const isPublicMember = (decl) =>
    ts.isClassLike(decl.parent) &&
    !ts.isConstructorDeclaration(decl) &&
    !ts.isPrivateIdentifier(decl.name) &&
    !(ts.getCombinedModifierFlags(decl) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected));
  const publicName = (decl) => {
    const cls = decl.parent.name?.text ?? '(class)';
    return `${onClient.get(cls) ?? cls}.${decl.name.getText()}`;
  };

  // Every identifier of the scanned files by the symbol it refers to, to follow private helpers.
  const references = new Map();
  for (const file of scanned) {
    ts.forEachChild(file, function visit(node) {
      if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
        let symbol = checker.getSymbolAtLocation(node);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        if (symbol) (references.get(symbol) ?? references.set(symbol, []).get(symbol)).push(node);
      }
      ts.forEachChild(node, visit);
    });
  }
  /** The public methods that reach `decl`, through at most a few private helpers. */
  const reachedBy = (decl, seen = new Set()) => {
    if (!decl || seen.has(decl)) return [];
    seen.add(decl);
    if (isPublicMember(decl)) return [publicName(decl)];
    const symbol = symbolOf(decl);
    const users = (symbol && references.get(symbol)) ?? [];
    return [...new Set(users.flatMap((use) => (use === decl.name ? [] : reachedBy(containerOf(use), seen))))];
  };

  const wrapped = new Map();
  for (const file of scanned) {
    ts.forEachChild(file, function visit(node) {
      if (ts.isCallExpression(node)) {
        // `ctx.call('GET', '/template', …)`, or a helper that takes the call's method and template
        // the same way, next to each other (`metricValues(ctx, 'GET', '/jobs/{jobid}/metrics', …)`).
        const at = node.arguments.findIndex(
          (arg, i) => ts.isStringLiteral(arg) && METHODS.includes(arg.text) && ts.isStringLiteral(node.arguments[i + 1] ?? arg),
        );
        const [method, template] = at < 0 ? [] : [node.arguments[at], node.arguments[at + 1]];
        if (method && template && ts.isStringLiteral(method) && ts.isStringLiteral(template) && template.text.startsWith('/')) {
          const key = `${method.text} ${template.text}`;
          const entry = wrapped.get(key) ?? wrapped.set(key, { by: new Set(), sites: [] }).get(key);
          const { line } = file.getLineAndCharacterOfPosition(node.getStart());
          entry.sites.push(`${relative(root, file.fileName)}:${line + 1}`);
          for (const name of reachedBy(containerOf(node))) entry.by.add(name);
        }
      }
      ts.forEachChild(node, visit);
    });
  }
  return wrapped;
}

function main() {
  const json = process.argv.includes('--json');
  const lines = specLines();
  const wrapped = wrappedOperations();
  const notWrapped = new Map(parse(readFileSync(join(root, 'openapi/not-wrapped.yaml'), 'utf8')).map((e) => [e.operation, e.reason]));
  const all = [...new Set(lines.flatMap(({ ops }) => [...ops.keys()]))].sort((a, b) => {
    const [am, ap] = a.split(' ');
    const [bm, bp] = b.split(' ');
    return ap.localeCompare(bp) || METHODS.indexOf(am) - METHODS.indexOf(bm);
  });

  const problems = [];
  for (const op of all) {
    if (!wrapped.has(op) && !notWrapped.has(op)) problems.push(`${op}: neither wrapped nor listed in openapi/not-wrapped.yaml`);
    if (wrapped.has(op) && notWrapped.has(op))
      problems.push(`${op}: wrapped (${wrapped.get(op).sites.join(', ')}) yet listed as not wrapped`);
    if (wrapped.has(op) && wrapped.get(op).by.size === 0)
      problems.push(`${op}: called at ${wrapped.get(op).sites.join(', ')} but no public SDK method reaches it`);
  }
  for (const op of [...wrapped.keys(), ...notWrapped.keys()])
    if (!all.includes(op)) problems.push(`${op}: no Flink line in src/generated has it`);

  const rows = all.map((op) => ({
    operation: op,
    lines: Object.fromEntries(
      lines.map(({ line, ops }) => [
        line,
        ops.has(op) ? (wrapped.has(op) ? 'wrapped' : notWrapped.has(op) ? 'not wrapped' : 'MISSING') : 'absent',
      ]),
    ),
    wrappedBy: wrapped.has(op) ? [...wrapped.get(op).by].sort() : undefined,
    reason: notWrapped.get(op),
  }));
  const totals = lines.map(({ line, ops }) => {
    const mine = [...ops.keys()];
    return {
      line,
      operations: mine.length,
      wrapped: mine.filter((op) => wrapped.has(op)).length,
      notWrapped: mine.filter((op) => !wrapped.has(op) && notWrapped.has(op)).length,
      missing: mine.filter((op) => !wrapped.has(op) && !notWrapped.has(op)).length,
    };
  });

  if (json) {
    process.stdout.write(`${JSON.stringify({ totals, rows, problems }, null, 2)}\n`);
  } else {
    const width = Math.max(...all.map((op) => op.length));
    const mark = { wrapped: '✓', 'not wrapped': '✗', MISSING: '!', absent: '·' };
    const head = `${'operation'.padEnd(width)}  ${lines.map(({ line }) => line.padStart(4)).join(' ')}  wrapped by / why not`;
    const out = [head, '-'.repeat(head.length)];
    for (const row of rows) {
      const cells = lines.map(({ line }) => mark[row.lines[line]].padStart(4)).join(' ');
      const why = row.wrappedBy ? row.wrappedBy.join(', ') : row.reason ? `not wrapped: ${row.reason}` : 'MISSING';
      out.push(`${row.operation.padEnd(width)}  ${cells}  ${why}`);
    }
    out.push('', '✓ wrapped   ✗ deliberately not wrapped (openapi/not-wrapped.yaml)   · the line lacks it   ! neither', '');
    for (const t of totals) {
      out.push(
        `Flink ${t.line}: ${t.operations} operations, ${t.wrapped} wrapped, ${t.notWrapped} deliberately not wrapped${t.missing ? `, ${t.missing} MISSING` : ''}`,
      );
    }
    process.stdout.write(`${out.join('\n')}\n`);
  }
  if (problems.length) {
    process.stderr.write(`\ncoverage:rest failed:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(1);
  }
}

main();
