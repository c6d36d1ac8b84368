// How bin/flink reads a command line: Apache Commons CLI's DefaultParser, the rules followed step by
// step (facts from its source and from running Flink's own parser: see scripts/bin-flink-table), with
// one deliberate difference: an unknown option is refused, never read as a cluster of short flags or,
// in `run`, as the jar's path.
//
// Spellings this accepts for an option `-p, --parallelism` taking a value: `-p 4`, `-p4`, `-p=4`,
// `--parallelism 4`, `--parallelism=4`, `-parallelism 4`, `-parallelism=4`, and any unambiguous prefix
// of a bin/flink long name (`--par 4`). Flags cluster only as Commons CLI clusters them (`-dn`).
import { closestMatch } from 'leven';

/** How many values an option takes: Commons CLI's `hasArg`, `hasOptionalArg`, unlimited, and `-Dkey=value`. */
export type Arity = 'none' | 'one' | 'optional' | 'many' | 'property';

export interface OptionSpec {
  /** Without the dash: `p`, `cm`, `detached`. */
  short?: string;
  /** Without the dashes: `parallelism`, `claimMode`. */
  long?: string;
  arity: Arity;
  /** bin/flink's own options may be shortened to any unambiguous prefix, as Commons CLI allows; ours only match whole. */
  abbreviable: boolean;
}

export interface ParsedOption<S extends OptionSpec = OptionSpec> {
  spec: S;
  values: string[];
  /** The values as given, before a property's `key=value` was split: `-D key value` gives `['key', 'value']`. */
  given: string[];
  /** The token that named it, as typed: for messages. */
  token: string;
}

export interface ParsedLine<S extends OptionSpec = OptionSpec> {
  options: ParsedOption<S>[];
  args: string[];
}

/** A command line Commons CLI would refuse too (or an unknown option, which it might read otherwise). */
export class CommandLineError extends Error {
  override name = 'CommandLineError';
  constructor(
    message: string,
    readonly code: 'unknownOption' | 'missingArgument' | 'ambiguousOption',
    readonly token: string,
  ) {
    super(message);
  }
}

const strip = (token: string) => (token.startsWith('--') ? token.slice(2) : token.startsWith('-') ? token.slice(1) : token);

/** Java's Double.parseDouble accepts it: "-5" and "-1e3" are values, not options. */
const JAVA_NUMBER = /^\s*[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)\s*$/;

/** `"x"` → `x`, as Commons CLI strips one pair of surrounding quotes from a value. */
function unquote(value: string): string {
  return value.length > 1 && value.startsWith('"') && value.endsWith('"') && !value.slice(1, -1).includes('"') ? value.slice(1, -1) : value;
}

const maxValues = (arity: Arity) => (arity === 'none' ? 0 : arity === 'property' ? 2 : arity === 'many' ? Number.POSITIVE_INFINITY : 1);

/**
 * Parses `tokens` as Commons CLI's DefaultParser does with these options. `stopAtNonOption`: the first
 * positional argument ends the options (bin/flink's `run` and `info`: everything after the jar is the
 * program's). `--` always ends them.
 */
export function parseCommandLine<S extends OptionSpec>(
  tokens: readonly string[],
  specs: readonly S[],
  stopAtNonOption: boolean,
  reserved: ReadonlySet<string> = new Set(),
): ParsedLine<S> {
  const byShort = new Map<string, S>();
  const byLong = new Map<string, S>();
  for (const spec of specs) {
    if (spec.short !== undefined) byShort.set(spec.short, spec);
    if (spec.long !== undefined) byLong.set(spec.long, spec);
  }
  const hasShort = (name: string) => byShort.has(strip(name));
  const hasLong = (name: string) => byLong.has(strip(name));
  // Options.getOption: a short name wins over a long one.
  const get = (name: string) => byShort.get(strip(name)) ?? (byLong.get(strip(name)) as S);

  const options: ParsedOption<S>[] = [];
  const args: string[] = [];
  let current: ParsedOption<S> | undefined;
  let skip = false;
  let token = '';

  const matchingLong = (name: string): string[] => {
    const t = strip(name);
    if (byLong.has(t)) return [t];
    return [...byLong.entries()].filter(([long, spec]) => spec.abbreviable && long.startsWith(t)).map(([long]) => long);
  };
  const longPrefix = (name: string): string | undefined => {
    const t = strip(name);
    for (let i = t.length - 2; i > 1; i--) if (hasLong(t.slice(0, i))) return t.slice(0, i);
    return undefined;
  };
  const accepts = (o: ParsedOption<S> | undefined) => o !== undefined && o.values.length < maxValues(o.spec.arity);
  const requiresValue = (o: ParsedOption<S>) =>
    o.spec.arity === 'optional' ? false : o.spec.arity === 'many' ? o.values.length === 0 : accepts(o);
  const isShortOption = (t: string) => {
    if (!t.startsWith('-') || t.length === 1) return false;
    const eq = t.indexOf('=');
    const name = eq === -1 ? t.slice(1) : t.slice(1, eq);
    return hasShort(name) || (name.length > 0 && hasShort(name[0] as string));
  };
  const isLongOption = (t: string) => {
    if (!t.startsWith('-') || t.length === 1) return false;
    const eq = t.indexOf('=');
    if (matchingLong(eq === -1 ? t : t.slice(0, eq)).length) return true;
    return longPrefix(t) !== undefined && !t.startsWith('--');
  };
  const isArgument = (t: string) => !(isLongOption(t) || isShortOption(t)) || JAVA_NUMBER.test(t);
  const isJavaProperty = (t: string) => {
    const spec = get(t.slice(0, 1));
    return spec !== undefined && (spec.arity === 'property' || spec.arity === 'many');
  };

  const addValue = (option: ParsedOption<S>, value: string) => {
    option.given.push(value);
    // Commons CLI splits a property's value at its separator: `k=v` is two values, `k=v=w` is `k` and `v=w`.
    if (option.spec.arity === 'property' && option.values.length === 0) {
      const at = value.indexOf('=');
      if (at !== -1) {
        option.values.push(value.slice(0, at), value.slice(at + 1));
        return;
      }
    }
    option.values.push(value);
  };
  const checkRequired = () => {
    if (current && requiresValue(current)) {
      throw new CommandLineError(`${current.token} needs a value`, 'missingArgument', current.token);
    }
  };
  const open = (spec: S, named: string) => {
    checkRequired();
    const option: ParsedOption<S> = { spec, values: [], given: [], token: named };
    options.push(option);
    current = spec.arity === 'none' ? undefined : option;
    return option;
  };
  // A word near one of this command's long options (`-detatched`, `--paralelism`): a typo. Commons CLI
  // would read `-detatched` as `-d etatched` (in `savepoint`: dispose the path "etatched") or take it
  // apart into short flags; refused instead, naming the option it was likely meant to be.
  const longNames = [...byLong.keys()].filter((name) => name.length > 1);
  const nearMiss = (t: string): string | undefined => {
    const word = strip(t).split('=')[0] as string;
    if (word.length < 4 || !/^[A-Za-z][A-Za-z-]*$/.test(word) || byLong.has(word)) return undefined;
    return closestMatch(word, longNames, { maxDistance: Math.min(2, Math.max(1, Math.round(word.length / 3))) });
  };
  const unknownOption = (t: string) => {
    const near = nearMiss(t);
    return new CommandLineError(
      `unknown option '${t}'${near ? ` (did you mean ${t.startsWith('--') ? '--' : '-'}${near}?)` : ''}`,
      'unknownOption',
      t,
    );
  };
  const unknown = (t: string): void => {
    if (t.startsWith('-') && t.length > 1) throw unknownOption(t);
    args.push(t);
    if (stopAtNonOption) skip = true;
  };
  const ambiguous = (name: string, matches: string[]) =>
    new CommandLineError(`ambiguous option '${name}': could be ${matches.map((m) => `--${m}`).join(', ')}`, 'ambiguousOption', name);

  const longWithoutEqual = (t: string) => {
    const matches = matchingLong(t);
    if (!matches.length) return unknown(token);
    if (matches.length > 1 && !hasLong(t)) throw ambiguous(t, matches);
    open(get(hasLong(t) ? t : (matches[0] as string)), token);
  };
  const longWithEqual = (t: string) => {
    const eq = t.indexOf('=');
    const name = t.slice(0, eq);
    const matches = matchingLong(name);
    if (!matches.length) return unknown(token);
    if (matches.length > 1 && !hasLong(name)) throw ambiguous(name, matches);
    const spec = get(hasLong(name) ? name : (matches[0] as string));
    if (spec.arity === 'none') return unknown(token);
    addValue(open(spec, token), unquote(t.slice(eq + 1)));
    current = undefined;
  };
  const concatenated = (t: string) => {
    for (let i = 1; i < t.length; i++) {
      const ch = t[i] as string;
      if (!byShort.has(ch) && !byLong.has(ch)) {
        // Commons CLI would take the rest as a positional argument (the jar, in `run`): never that.
        throw unknownOption(t);
      }
      const option = open(get(ch), `-${ch}`);
      if (current === option && t.length !== i + 1) {
        addValue(option, t.slice(i + 1));
        break;
      }
    }
  };
  const shortAndLong = (hyphenToken: string) => {
    const t = strip(hyphenToken);
    const eq = t.indexOf('=');
    if (t.length === 1) {
      if (hasShort(t)) open(get(t), hyphenToken);
      else unknown(hyphenToken);
    } else if (eq === -1) {
      if (hasShort(t)) open(get(t), hyphenToken);
      else if (matchingLong(t).length) longWithoutEqual(hyphenToken);
      // …and a hyphenated word (`-dry-run`) is an option's name, not `-d` with the value `ry-run`.
      else if (reserved.has(t) || nearMiss(t) || /^[A-Za-z]+-[A-Za-z-]+$/.test(t)) unknown(hyphenToken);
      else {
        const prefix = longPrefix(t);
        if (prefix !== undefined && get(prefix).arity !== 'none') {
          addValue(open(get(prefix), `-${prefix}`), t.slice(prefix.length));
          current = undefined;
        } else if (isJavaProperty(t)) {
          addValue(open(get(t.slice(0, 1)), `-${t.slice(0, 1)}`), t.slice(1));
          current = undefined;
        } else concatenated(hyphenToken);
      }
    } else {
      const name = t.slice(0, eq);
      const value = t.slice(eq + 1);
      if (name.length > 1 && reserved.has(name) && !matchingLong(name).length) unknown(hyphenToken);
      else if (name.length === 1) {
        const spec = byShort.get(name) ?? byLong.get(name);
        if (spec && spec.arity !== 'none') {
          addValue(open(spec, `-${name}`), value);
          current = undefined;
        } else unknown(hyphenToken);
      } else if (isJavaProperty(name)) {
        const option = open(get(name.slice(0, 1)), `-${name.slice(0, 1)}`);
        // Commons CLI adds the key and the value one by one; for a property that is `key=value` split once.
        if (option.spec.arity === 'property') addValue(option, `${name.slice(1)}=${value}`);
        else {
          addValue(option, name.slice(1));
          addValue(option, value);
        }
        current = undefined;
      } else longWithEqual(hyphenToken);
    }
  };

  for (token of tokens) {
    if (skip) args.push(token);
    else if (token === '--') skip = true;
    else if (current && accepts(current) && isArgument(token)) addValue(current, unquote(token));
    else if (token.startsWith('--')) {
      if (token.includes('=')) longWithEqual(token);
      else longWithoutEqual(token);
    } else if (token.startsWith('-') && token !== '-') shortAndLong(token);
    else unknown(token);
    if (current && !accepts(current)) current = undefined;
  }
  checkRequired();
  return { options, args };
}
