/** How the CLI talks: human text or one JSON document on stdout, decorations only on a TTY. */
export interface Output {
  json: boolean;
  verbose: boolean;
  /** Prints a result: the JSON value with --json, else the human text. */
  result(value: unknown, human: () => string): void;
  /** A line of human progress on stderr (never with --json). */
  note(text: string): void;
  /** A spinner with elapsed time on stderr while `work` runs; only on a TTY. A function label is read at each frame. */
  spin<T>(label: string | (() => string), work: Promise<T>): Promise<T>;
  /** An upload progress bar on stderr; only on a TTY. */
  progress(label: string, total: number): (done: number) => void;
  /** A job state, colored on a terminal: green when running or finished, red when failing, yellow when cancelled. */
  state(state: string): string;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const STATE_COLORS: Record<string, number> = {
  RUNNING: 32,
  FINISHED: 32,
  FAILED: 31,
  FAILING: 31,
  RESTARTING: 33,
  CANCELED: 33,
  CANCELLING: 33,
};

/** Colors only on a terminal, without NO_COLOR (https://no-color.org: set and not empty) and without --no-color. */
export function colorsOn(color: boolean, stream: { isTTY?: boolean } = process.stdout): boolean {
  return color && Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

export function createOutput(options: { json: boolean; verbose: boolean; color: boolean }): Output {
  const tty = Boolean(process.stderr.isTTY) && !options.json;
  const colorOn = colorsOn(options.color) && !options.json;
  const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
  return {
    json: options.json,
    verbose: options.verbose,
    state: (state) => (colorOn && STATE_COLORS[state] ? `\u001b[${STATE_COLORS[state]}m${state}\u001b[0m` : state),
    result(value, human) {
      process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
    note(text) {
      if (!options.json) process.stderr.write(`${text}\n`);
    },
    async spin(label, work) {
      if (!tty) return work;
      const started = Date.now();
      let frame = 0;
      const text = () => (typeof label === 'string' ? label : label());
      const draw = () => process.stderr.write(`\r\u001b[2K${FRAMES[frame++ % FRAMES.length]} ${text()} (${seconds(started)} s)`);
      draw();
      const timer = setInterval(draw, 100);
      try {
        return await work;
      } finally {
        clearInterval(timer);
        process.stderr.write(`\r\u001b[2K${text()} (${seconds(started)} s)\n`);
      }
    },
    progress(label, total) {
      if (!tty) return () => {};
      let last = -1;
      return (done) => {
        const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
        if (pct === last) return;
        last = pct;
        const width = 30;
        const filled = Math.round((pct / 100) * width);
        const mib = (done / 1024 / 1024).toFixed(1);
        process.stderr.write(`\r\u001b[2K${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% (${mib} MiB)`);
        if (pct === 100) process.stderr.write('\n');
      };
    },
  };
}
