export { type AccumulationReport, AccumulationReportGenerator, type StreamSum } from './accumulation.js';
export {
  BaseReportGenerator,
  DEFAULT_PAGE_CONCURRENCY,
  DEFAULT_REPORT_CONCURRENCY,
  type ReportError,
  type ReportOptions,
  type ReportSource,
  type ReportWindow,
  readSources,
  type StreamRecord,
} from './base.js';
export { ReportInputError } from './errors.js';
export { defaultLogger, type ReportLogger } from './logger.js';
