import nodeFs from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** The few fs calls the logger makes, so tests can pass a failing one. */
export type LogFs = Pick<
  typeof nodeFs,
  'appendFileSync' | 'statSync' | 'renameSync' | 'rmSync' | 'mkdirSync'
>;

export interface FileLoggerOptions {
  dir: string;
  fileName?: string;
  /** Rotate when the current file would grow past this many bytes. */
  maxBytes?: number;
  /** Files kept: main.log plus main.log.1 … main.log.(maxFiles-1). */
  maxFiles?: number;
  minLevel?: LogLevel;
  fs?: LogFs;
  now?: () => Date;
  /** Also print each line (development). */
  echo?: (line: string) => void;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function serialise(fields: LogFields | undefined): string {
  if (!fields || Object.keys(fields).length === 0) return '';
  try {
    return (
      ' ' +
      JSON.stringify(fields, (_key, value: unknown) =>
        value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value,
      )
    );
  } catch {
    return ' {"fields":"unserialisable"}';
  }
}

/**
 * A tiny synchronous logger writing to userData/logs with size-based rotation.
 * Logging never throws: a full disk must not take the till down.
 */
export function createFileLogger(options: FileLoggerOptions): Logger {
  const {
    dir,
    fileName = 'main.log',
    maxBytes = 1_000_000,
    maxFiles = 5,
    minLevel = 'info',
    fs = nodeFs,
    now = () => new Date(),
    echo,
  } = options;
  const file = path.join(dir, fileName);
  let size: number | null = null;

  const currentSize = (): number => {
    if (size === null) {
      try {
        size = fs.statSync(file).size;
      } catch {
        size = 0;
      }
    }
    return size;
  };

  const rotate = (): void => {
    const rotated = (n: number): string => `${file}.${n}`;
    fs.rmSync(rotated(maxFiles - 1), { force: true });
    for (let n = maxFiles - 2; n >= 1; n -= 1) {
      try {
        fs.renameSync(rotated(n), rotated(n + 1));
      } catch {
        // That generation does not exist yet.
      }
    }
    if (maxFiles > 1) fs.renameSync(file, rotated(1));
    else fs.rmSync(file, { force: true });
    size = 0;
  };

  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (LEVELS[level] < LEVELS[minLevel]) return;
    const line = `${now().toISOString()} ${level.toUpperCase()} ${message.replace(/[\r\n]+/g, ' ')}${serialise(fields)}\n`;
    echo?.(line.trimEnd());
    const bytes = Buffer.byteLength(line);
    try {
      fs.mkdirSync(dir, { recursive: true });
      if (currentSize() > 0 && currentSize() + bytes > maxBytes) rotate();
      fs.appendFileSync(file, line);
      size = currentSize() + bytes;
    } catch (error) {
      size = null;
      console.error('[linli] log write failed', error);
    }
  };

  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
