export {
  BaseData,
  type LoadedPoint,
  RAW_DATA_PAGE_SIZE,
  RawData,
  type RawDataParams,
  type RawDataPoint,
  STREAM_DATA_PAGE_SIZE,
  StreamData,
  type StreamDataParams,
  type StreamDataPoint,
} from './data.js';
export {
  type DataFrameOptions,
  type DataFrameParams,
  dataFrameQuery,
  downloadDataFrame,
  fetchDataFrame,
} from './dataframe.js';
export { StreamDataChangedError, StreamInputError } from './errors.js';
export {
  type CsvOptions,
  csvField,
  type ExportResult,
  type PointSource,
  writeCsv,
  writeNdjson,
} from './export.js';
export type { PageLimits } from './page-parser.js';
export {
  type DateInput,
  DEFAULT_CONCURRENCY,
  DEFAULT_PAGE_RETRIES,
  type DownloadOptions,
  type FilterValue,
  MAX_LASTN,
  type PageSizeLimits,
} from './params.js';
export type { PointIterator } from './point-iterator.js';
export type { NodeWritableLike, SinkOptions, TextSink } from './sink.js';
export type { UnitConversion } from './units.js';
