// Our corrections to Flink's upstream specs: a YAML list, each entry with an id, a one-line reason,
// the release lines it applies to, and either RFC 6902 JSON Patch operations or a response to add
// to every operation. A patch that does not fit a spec it claims to apply to is an error, so a
// correction cannot silently rot when upstream changes.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function loadCorrections(path) {
  const list = parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(list)) throw new Error(`${path}: expected a list of corrections`);
  const ids = new Set();
  return list.map((entry, i) => {
    const where = `${path} entry ${i + 1}`;
    for (const key of ['id', 'reason', 'versions']) {
      if (typeof entry?.[key] !== 'string' || !entry[key].trim()) throw new Error(`${where}: "${key}" is required`);
    }
    if (ids.has(entry.id)) throw new Error(`${where}: duplicate id ${entry.id}`);
    ids.add(entry.id);
    if (!entry.patch && !entry.eachOperation) throw new Error(`${where}: needs "patch" or "eachOperation"`);
    return { ...entry, matches: parseRange(entry.versions, where), matchesApi: parseApiVersions(entry.apiVersions, where), used: false };
  });
}

/**
 * Applies the corrections that cover `line` (and, for the SQL Gateway's specs, the API version
 * `apiVersion`, e.g. "v4") to `spec` in place; returns their ids.
 */
export function applyCorrections(spec, line, corrections, apiVersion) {
  const applied = [];
  for (const correction of corrections) {
    if (!correction.matches(line) || !correction.matchesApi(apiVersion)) continue;
    try {
      for (const op of correction.patch ?? []) applyPatchOp(spec, op);
      if (correction.eachOperation) addToEveryOperation(spec, correction.eachOperation);
    } catch (err) {
      throw new Error(`correction ${correction.id} does not fit Flink ${line}: ${err.message}`);
    }
    correction.used = true;
    applied.push(correction.id);
  }
  return applied;
}

// The SQL Gateway's API versions a correction covers: "all" or a list, "v2 v3 v4". Absent: the
// correction is for a spec without API versions (the dispatcher's).
function parseApiVersions(text, where) {
  if (text === undefined) return (apiVersion) => apiVersion === undefined;
  if (typeof text !== 'string' || !/^(all|v\d+( v\d+)*)$/.test(text.trim())) {
    throw new Error(`${where}: "apiVersions" must be "all" or a list such as "v2 v3"`);
  }
  const listed = text.trim() === 'all' ? undefined : new Set(text.trim().split(' '));
  return (apiVersion) => apiVersion !== undefined && (listed === undefined || listed.has(apiVersion));
}

// "all", or space-separated comparators on release lines: ">=1.19 <2.0".
function parseRange(text, where) {
  if (text.trim() === 'all') return () => true;
  const tests = text
    .trim()
    .split(/\s+/)
    .map((part) => {
      const m = part.match(/^(>=|<=|>|<|=)?(\d+)\.(\d+)$/);
      if (!m) throw new Error(`${where}: bad version comparator "${part}"`);
      const [, op = '=', major, minor] = m;
      const want = Number(major) * 1000 + Number(minor);
      return (have) => ({ '>=': have >= want, '<=': have <= want, '>': have > want, '<': have < want, '=': have === want })[op];
    });
  return (line) => {
    const [major, minor] = line.split('.').map(Number);
    const have = major * 1000 + minor;
    return tests.every((t) => t(have));
  };
}

function pointer(path) {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`JSON pointer must start with "/": ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(doc, path) {
  const keys = pointer(path);
  const last = keys.pop();
  let node = doc;
  for (const key of keys) {
    if (node === null || typeof node !== 'object' || !(key in node)) throw new Error(`no ${path}`);
    node = node[key];
  }
  return { node, last };
}

function applyPatchOp(doc, op) {
  const { node, last } = parentOf(doc, op.path);
  switch (op.op) {
    case 'add':
      if (Array.isArray(node)) {
        node.splice(last === '-' ? node.length : Number(last), 0, structuredClone(op.value));
      } else {
        node[last] = structuredClone(op.value);
      }
      return;
    case 'replace':
      if (!(last in node)) throw new Error(`replace: no ${op.path}`);
      node[last] = structuredClone(op.value);
      return;
    case 'remove':
      if (!(last in node)) throw new Error(`remove: no ${op.path}`);
      if (Array.isArray(node)) node.splice(Number(last), 1);
      else delete node[last];
      return;
    case 'test':
      if (JSON.stringify(node[last]) !== JSON.stringify(op.value)) {
        throw new Error(`test failed at ${op.path}: found ${JSON.stringify(node[last])}`);
      }
      return;
    default:
      throw new Error(`unsupported patch op "${op.op}"`);
  }
}

function addToEveryOperation(spec, { responses = {} }) {
  for (const item of Object.values(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.responses ??= {};
      for (const [code, response] of Object.entries(responses)) {
        operation.responses[code] ??= structuredClone(response);
      }
    }
  }
}
