/** How the CLI talks: human text or one JSON document on stdout, decorations only on a TTY. */
export interface Output {
  json: boolean;
  verbose: boolean;
  /** Prints a result: the JSON value with --json, else the human text. */
  result(value: unknown, human: () => string): void;
  /** A line of human progress on stderr (never with --json). */
  note(text: string): void;
  /** A spinner with elapsed time on stderr while `work` runs; only on a TTY. */
  spin<T>(label: string, work: Promise<T>): Promise<T>;
  /** An upload progress bar on stderr; only on a TTY. */
  progress(label: string, total: number): (done: number) => void;
  color: (code: number, text: string) => string;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function createOutput(options: { json: boolean; verbose: boolean; color: boolean }): Output {
  const tty = Boolean(process.stderr.isTTY) && !options.json;
  const colorOn = options.color && tty && !('NO_COLOR' in process.env) && Boolean(process.stdout.isTTY);
  const color = (code: number, text: string) => (colorOn ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    json: options.json,
    verbose: options.verbose,
    color,
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
      const draw = () => {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stderr.write(`\r\u001b[2K${FRAMES[frame++ % FRAMES.length]} ${label} (${seconds} s)`);
      };
      draw();
      const timer = setInterval(draw, 100);
      try {
        return await work;
      } finally {
        clearInterval(timer);
        process.stderr.write(`\r\u001b[2K${label} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
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
