// The client-side statement splitter of `flink-rest sql -f` and splitStatements(): the gateway takes
// one statement per request, so a script is cut at every `;` that is SQL, never one inside a string,
// a quoted name or a comment; statement sets stay whole.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, splitStatements } from '../../src/index.js';

const sqls = (script: string) => splitStatements(script).map((s) => s.sql);

describe('splitStatements', () => {
  it('cuts at semicolons and drops empty pieces and the last semicolon', () => {
    expect(sqls('SELECT 1;SELECT 2 ;\n\n  SHOW TABLES;;')).toEqual(['SELECT 1', 'SELECT 2', 'SHOW TABLES']);
    expect(sqls('SELECT 1')).toEqual(['SELECT 1']);
    expect(sqls('  ;\n; ')).toEqual([]);
  });

  it('never cuts inside strings (with doubled quotes), quoted names or comments', () => {
    const script = [
      "INSERT INTO t VALUES ('a;b', 'it''s; fine');",
      'SELECT `we;ird` FROM "x;y";',
      '-- a comment; not a statement',
      'SELECT 1 /* a; block;\n comment */ + 1;',
      "SET 'pipeline.name' = 'a -- b /* c';",
    ].join('\n');
    expect(sqls(script)).toEqual([
      "INSERT INTO t VALUES ('a;b', 'it''s; fine')",
      'SELECT `we;ird` FROM "x;y"',
      'SELECT 1 /* a; block;\n comment */ + 1',
      "SET 'pipeline.name' = 'a -- b /* c'",
    ]);
  });

  it('drops pieces that hold only comments, and comments before a statement', () => {
    expect(sqls('-- header\n/* licence */\nSELECT 1; -- trailing\n/* end */')).toEqual(['SELECT 1']);
  });

  it('gives each statement the line it starts on', () => {
    const lines = splitStatements("-- setup\n\nSET 'a' = 'b';\n\n/* two\nlines */ SELECT\n  1;\nSELECT 'x\ny'; SELECT 3").map(
      (s) => s.line,
    );
    expect(lines).toEqual([3, 6, 8, 9]);
  });

  it('turns BEGIN STATEMENT SET; … END; into one EXECUTE STATEMENT SET (the form the gateway takes)', () => {
    const script = `CREATE TABLE a (id INT) WITH ('connector' = 'blackhole');
BEGIN STATEMENT SET;
INSERT INTO a VALUES (1);
-- second
INSERT INTO a VALUES (2);
END;
SELECT 1;`;
    const out = splitStatements(script);
    expect(out.map((s) => s.sql)).toEqual([
      "CREATE TABLE a (id INT) WITH ('connector' = 'blackhole')",
      'EXECUTE STATEMENT SET BEGIN\nINSERT INTO a VALUES (1);\nINSERT INTO a VALUES (2);\nEND',
      'SELECT 1',
    ]);
    expect(out[1]?.line).toBe(2);
  });

  it('keeps EXECUTE STATEMENT SET BEGIN … END; whole, in any case', () => {
    expect(sqls('execute statement set begin insert into a values (1); insert into b values (2); end; select 1')).toEqual([
      'execute statement set begin\ninsert into a values (1);\ninsert into b values (2);\nEND',
      'select 1',
    ]);
  });

  it('refuses what it cannot split: open strings, names, comments, a statement set without END', () => {
    for (const [script, message] of [
      ["SELECT 'open;", /string opened with ' on line 1 is not closed/],
      ['SELECT 1;\nSELECT `open', /quoted name opened with ` on line 2/],
      ['SELECT 1 /* open', /comment on line 1 is not closed/],
      ['BEGIN STATEMENT SET;\nINSERT INTO a VALUES (1);', /statement set starting on line 1 has no END/],
    ] as const) {
      expect(() => splitStatements(script)).toThrow(InvalidInputError);
      expect(() => splitStatements(script)).toThrow(message);
    }
  });

  it('joined with semicolons, statements split back into themselves', () => {
    const literal = fc.stringMatching(/^[a-z ;'-]{0,12}$/).map((s) => `'${s.replaceAll("'", "''")}'`);
    const statement = fc
      .tuple(
        fc.constantFrom('SELECT', 'INSERT INTO t VALUES', 'SET x ='),
        fc.array(fc.oneof(literal, fc.constantFrom('1', 'a', '`b;c`', '/* ; */ 2')), { minLength: 1, maxLength: 4 }),
      )
      .map(([head, parts]) => `${head} ${parts.join(', ')}`);
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 6 }), (statements) => {
        expect(sqls(statements.join(';\n'))).toEqual(statements);
      }),
    );
  });
});
