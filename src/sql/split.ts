// A SQL script into the single statements the gateway accepts one request at a time (it refuses
// two statements in one: "only single statement supported").
import { InvalidInputError } from '../errors.js';

/**
 * One statement of a script: its text (without the closing `;`, comments kept) and the line it starts on.
 *
 * @example
 * ```ts
 * const statements: ScriptStatement[] = splitStatements("SET 'parallelism.default' = '2';\nSELECT 1;");
 * console.log(statements.map((s) => `${s.line}: ${s.sql}`)); // ["1: SET 'parallelism.default' = '2'", '2: SELECT 1']
 * ```
 */
export interface ScriptStatement {
  sql: string;
  /** 1-based line of the script where the statement starts. */
  line: number;
}

interface Piece extends ScriptStatement {
  /** The text without comments, whitespace collapsed, for recognising BEGIN/END. */
  code: string;
}

/**
 * Splits a script on `;` as Flink's SQL client does: never inside `'strings'` (with `''` escapes),
 * `"quoted"` or `` `quoted` `` names, `-- line` or `/* block *\/` comments. A `BEGIN STATEMENT SET;
 * … END;` block becomes one `EXECUTE STATEMENT SET BEGIN … END` statement (one job for all its
 * INSERTs; the gateway takes a statement set only in that form), and `EXECUTE STATEMENT SET BEGIN … END;`
 * stays whole. Pieces holding only comments are dropped.
 *
 * @throws InvalidInputError for an unterminated string, name or comment, or a statement set without END.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * for (const { sql, line } of splitStatements(await readFile('etl.sql', 'utf8'))) {
 *   console.log(`line ${line}`);
 *   await session.execute(sql);
 * }
 * ```
 */
export function splitStatements(script: string): ScriptStatement[] {
  const out: ScriptStatement[] = [];
  let block: Piece[] | undefined;
  let blockStart: Piece | undefined;
  for (const piece of pieces(script)) {
    if (block === undefined) {
      if (/^BEGIN STATEMENT SET$/i.test(piece.code)) {
        block = [];
        blockStart = piece;
      } else if (/^EXECUTE STATEMENT SET BEGIN\b/i.test(piece.code)) {
        block = [piece];
        blockStart = piece;
      } else {
        out.push({ sql: piece.sql, line: piece.line });
      }
      continue;
    }
    if (/^END$/i.test(piece.code)) {
      const start = blockStart as Piece;
      const execute = /^EXECUTE\s+STATEMENT\s+SET\s+BEGIN/i.exec(start.sql)?.[0];
      const inserts = (
        execute ? [start.sql.slice(execute.length).trim(), ...block.slice(1).map((p) => p.sql)] : block.map((p) => p.sql)
      ).filter(Boolean);
      out.push({ sql: `${execute ?? 'EXECUTE STATEMENT SET BEGIN'}\n${inserts.join(';\n')};\nEND`, line: start.line });
      block = undefined;
      continue;
    }
    block.push(piece);
  }
  if (block !== undefined) {
    throw new InvalidInputError(`the statement set starting on line ${blockStart?.line} has no END;`);
  }
  return out;
}

/** The script cut at every `;` outside strings, names and comments. */
function pieces(script: string): Piece[] {
  const out: Piece[] = [];
  let start = 0;
  let code = '';
  let line = 1;
  let codeLine: number | undefined; // where the piece's first character outside comments is
  let i = 0;
  const n = script.length;
  const flush = (end: number) => {
    const sql = script.slice(start, end).trim();
    const text = code.replace(/\s+/g, ' ').trim();
    if (text !== '') out.push({ sql: stripLeadingComments(sql), code: text, line: codeLine ?? line });
    code = '';
    codeLine = undefined;
  };
  while (i < n) {
    const c = script[i] as string;
    const next = script[i + 1];
    if (c === '\n') line++;
    if (c === '-' && next === '-') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? n : end;
      code += ' ';
      continue;
    }
    if (c === '/' && next === '*') {
      const end = script.indexOf('*/', i + 2);
      if (end === -1) throw new InvalidInputError(`the /* comment on line ${line} is not closed`);
      line += count(script.slice(i, end), '\n');
      i = end + 2;
      code += ' ';
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      const opened = line;
      let j = i + 1;
      for (;;) {
        if (j >= n) {
          const what = c === "'" ? 'string' : 'quoted name';
          throw new InvalidInputError(`the ${what} opened with ${c} on line ${opened} is not closed`);
        }
        if (script[j] === '\n') line++;
        if (script[j] === c) {
          if (script[j + 1] === c) {
            j += 2; // a doubled quote stands for itself
            continue;
          }
          break;
        }
        j++;
      }
      codeLine ??= opened;
      code += script.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === ';') {
      flush(i);
      start = i + 1;
      i++;
      continue;
    }
    if (codeLine === undefined && !/\s/.test(c)) codeLine = line;
    code += c;
    i++;
  }
  flush(n);
  return out;
}

/** Comments before a statement belong to no statement: the gateway would get them as its start. */
function stripLeadingComments(sql: string): string {
  let s = sql;
  for (;;) {
    const before = s;
    s = s.replace(/^--[^\n]*\n?\s*/, '').replace(/^\/\*[\s\S]*?\*\/\s*/, '');
    if (s === before) return s;
  }
}

function count(text: string, ch: string): number {
  let k = 0;
  for (const c of text) if (c === ch) k++;
  return k;
}
