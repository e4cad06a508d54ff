export type { Command } from 'commander';
export { BaseMain, type BaseMainInit, type BaseMainOptions } from './base-main.js';
export { processIo, runCli } from './cli.js';
export type { CliIo, GlobalOptions, Logger } from './context.js';
export {
  CliError,
  describeError,
  type ErrorReport,
  EXIT_FAILURE,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
  InterruptedError,
  UsageError,
} from './errors.js';
export {
  type Column,
  createRecordWriter,
  csvCell,
  FORMATS,
  type Format,
  type RecordWriter,
} from './format.js';
export { jwtExpiry } from './jwt.js';
export { type TextOutput, textOutput } from './output.js';
export { REFRESH_WITHIN_MS } from './session.js';
export { configDirectory, type StoredSession, TOKEN_FILE_NAME, TokenStore } from './token-store.js';
